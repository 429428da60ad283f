// How warmup adapts the metric: from the draws alone (Stan) or from draws and gradients (nutpie's Fisher divergence).
namespace BayesGlmm.Sampling;

/// <summary>The warmup adaptation of the step size and metric.</summary>
public enum AdaptationKind
{
    /// <summary>
    /// Stan's windowed adaptation: dual averaging of the step size, and the regularised variance (or covariance)
    /// of the draws of memoryless windows of 25, 50, 100, ... iterations as the inverse metric.
    /// </summary>
    Stan,

    /// <summary>
    /// nutpie's adaptation: the inverse metric minimises the Fisher divergence between the target and a Gaussian,
    /// estimated from the draws and their gradients of overlapping windows and updated every draw (Seyboldt,
    /// Carlson &amp; Carpenter 2026, arXiv:2603.18845); dual averaging of the step size.
    /// </summary>
    Fisher,
}
