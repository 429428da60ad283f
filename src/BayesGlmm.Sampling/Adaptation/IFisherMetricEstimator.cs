// The metric half of the Fisher warmup: foreground and background estimators fed with draws and gradients.
using BayesGlmm.Sampling.Hamiltonians;

namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// Estimates an inverse metric from warmup draws and their gradients, with nutpie's overlapping windows: every
/// draw goes to a foreground and a background estimate; <see cref="Switch"/> makes the background the foreground.
/// </summary>
internal interface IFisherMetricEstimator
{
    /// <summary>Draws in the foreground.</summary>
    int ForegroundCount { get; }

    /// <summary>Draws in the background.</summary>
    int BackgroundCount { get; }

    /// <summary>How many draws apart metric updates are (nuts-rs <c>mass_matrix_update_freq</c>).</summary>
    int UpdateInterval { get; }

    /// <summary>
    /// Whether <see cref="Update"/> uses the gradients (the Fisher estimate) or the draw variance alone (a diagonal
    /// metric, Var x_i with denominator n; <see cref="FisherAdaptationOptions.EarlyDrawVariance"/>).
    /// </summary>
    bool UseGradients { get; set; }

    /// <summary>
    /// Sets the initial metric from the gradient at the initial point, M⁻¹ = diag(1/|g|) clamped to [10⁻²⁰, 10²⁰]
    /// (1 where g is not finite; nuts-rs <c>update_diag_grad</c>), or the identity without <paramref name="scaleByGradient"/>,
    /// and adds the point to both estimates.
    /// </summary>
    void Begin(ReadOnlySpan<double> draw, ReadOnlySpan<double> gradient, EuclideanMetric metric, bool scaleByGradient = true);

    /// <summary>Adds a draw and its gradient to both estimates.</summary>
    void Add(ReadOnlySpan<double> draw, ReadOnlySpan<double> gradient);

    /// <summary>The background becomes the foreground; a new, empty background starts.</summary>
    void Switch();

    /// <summary>Sets the metric from the foreground; false (metric unchanged) with fewer than three draws or no valid estimate.</summary>
    bool Update(EuclideanMetric metric);
}
