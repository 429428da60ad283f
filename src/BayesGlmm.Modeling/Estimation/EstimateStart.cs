// The sampler's initial points from the marginal point estimate: each chain at its own dispersed point around it, effects at their conditional modes.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Numerics.Optimization;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Modeling.Estimation;

/// <summary>
/// Starts each chain near the marginal estimate of <see cref="MixedModelEstimator"/> (REML for gaussian(identity), the
/// Laplace approximation otherwise: lme4's defaults, Bates, Mächler, Bolker &amp; Walker 2015, JSS 67(1)) instead of Stan's
/// uniform(−2, 2) on the unconstrained scale (Stan Reference Manual, "Initialization").
/// </summary>
/// <remarks>
/// <para>
/// Each chain draws its own point from its own random stream, so that chains start apart and R-hat keeps its meaning
/// (Gelman &amp; Rubin 1992 ask for starting points overdispersed relative to the posterior; here the spread is
/// <see cref="Spread"/> times the estimate's approximate standard error, on the unconstrained scale):
/// a coefficient b ~ N(b̂, (2·se)²) with lme4's standard error; log sd ~ N(log ŝd, (2/√(2(J − 1)))²) for a term over J
/// levels, and log σ, log shape, log φ, ... likewise with n − p degrees of freedom (the large-sample variance 1/(2ν) of the
/// log of a standard deviation on ν degrees of freedom); a correlation's Fisher z ~ N(atanh ρ̂, (2/√(J − 3))²)
/// (Fisher 1921). The estimate is first moved off singular boundaries: an sd at 0 becomes <see cref="SdFloor"/> times the
/// residual scale (σ̂, the root mean square of known standard errors, or 1 for families without σ), a correlation at
/// ±1 becomes ±<see cref="CorrelationCap"/> and one reported as NaN (beside an sd at 0) becomes 0; a correlation matrix that is then not positive definite starts at the
/// identity.
/// </para>
/// <para>
/// Group-level effects that the route samples (the joint route's non-centred z) start at their conditional modes given
/// the chain's other values: at most <see cref="ModeIterations"/> L-BFGS iterations on the model's own log density over
/// those coordinates alone (Nocedal &amp; Wright 2006, Alg. 7.5; a few hundred L-BFGS steps, as Stan's optimiser offers its
/// inits), evaluated through the chain's density so that the sampler counts them among its gradients. On the integrated
/// and quadrature routes there are no such coordinates.
/// </para>
/// </remarks>
public sealed class EstimateStart : IInitialPointSource
{
    /// <summary>Standard errors of spread around the estimate (chains start overdispersed).</summary>
    public const double Spread = 2.0;

    /// <summary>An sd estimated at 0 starts at this fraction of the residual scale.</summary>
    public const double SdFloor = 0.1;

    /// <summary>A correlation estimated at ±1 starts at ±this.</summary>
    public const double CorrelationCap = 0.9;

    /// <summary>The most L-BFGS iterations of the conditional-mode search per chain.</summary>
    public const int ModeIterations = 200;

    private readonly GlmmModel _model;
    private readonly double[] _centre;
    private readonly Dispersal[] _dispersals;
    private readonly int _latentStart, _latentCount;

    private EstimateStart(GlmmModel model, EstimateResult estimate, double[] centre, Dispersal[] dispersals)
    {
        _model = model;
        Estimate = estimate;
        _centre = centre;
        _dispersals = dispersals;
        // Every block's latent values follow the hyperparameters, block after block (GlmmStructure): one contiguous range.
        _latentCount = model.Structure.Blocks.Sum(b => b.LatentCount);
        _latentStart = model.Dimension - _latentCount;
    }

    /// <summary>The estimate the chains start around.</summary>
    public EstimateResult Estimate { get; }

    /// <summary>The method <c>bayesglmm estimate</c> uses by default for a family: REML for gaussian(identity), Laplace otherwise.</summary>
    public static EstimationMethod DefaultMethod(IFamily family) =>
        family.Name == "gaussian" && family.LinkName == "identity" ? EstimationMethod.Reml : EstimationMethod.Laplace;

    /// <summary>
    /// Estimates <paramref name="model"/> by its family's default method and prepares the chains' starting points.
    /// Throws <see cref="InputException"/>, saying why, for a model the estimate does not cover (no group-level term,
    /// effects that are not normal, smooth terms, ordinal or categorical families, a prior-only fit) or whose estimate
    /// lies outside the model's support.
    /// </summary>
    public static EstimateStart For(GlmmModel model, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Options.PriorOnly)
            throw new InputException("a prior-only fit has no likelihood to estimate");
        if (model.Frame.Smooths.Count > 0)
            throw new InputException($"the estimate does not cover smooth terms ({model.Frame.Smooths[0].Spec.Text})");
        if (model.Likelihood is IOrderedFamilyParameters || model.Likelihood.LinearPredictorCount != 1)
            throw new InputException($"the estimate does not cover the {model.Family.Name} family");
        var estimate = MixedModelEstimator.Estimate(model.Frame, model.Family, new EstimateOptions(DefaultMethod(model.Family)), cancellation);
        return Create(model, estimate);
    }

    /// <summary>Prepares the chains' starting points around <paramref name="estimate"/>, an estimate of <paramref name="model"/>.</summary>
    /// <exception cref="InputException">A reported quantity of the model has no estimate, or the estimate is outside the model's support.</exception>
    public static EstimateStart Create(GlmmModel model, EstimateResult estimate)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(estimate);
        var names = model.OutputNames;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++) index[names[i]] = i;
        var centre = new double[names.Count];
        var given = new bool[names.Count];
        foreach (var row in estimate.Rows)
            if (index.TryGetValue(row.Variable, out int i)) { centre[i] = row.Estimate; given[i] = true; }
        for (int i = 0; i < names.Count; i++)
            if (!given[i] && !names[i].StartsWith("r_", StringComparison.Ordinal))
                throw new InputException($"the estimate has no value for {names[i]}");

        var frame = model.Frame;
        int n = frame.ObservationCount, p = frame.Fixed.X.Columns;
        double residualScale = index.TryGetValue("sigma", out int sigmaAt) ? centre[sigmaAt]
            : frame.Response.KnownStandardErrors is { Length: > 0 } se ? Math.Sqrt(se.Average(v => v * v)) : 1.0;
        if (!(residualScale > 0) || !double.IsFinite(residualScale)) residualScale = 1.0;
        var family = model.Likelihood.Parameters.ToDictionary(q => q.Name, StringComparer.Ordinal);
        var standardErrors = estimate.Rows.ToDictionary(r => r.Variable, r => r.StandardError, StringComparer.Ordinal);
        var dispersals = new List<Dispersal>();
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            if (!given[i]) continue;
            if (name.StartsWith("b_", StringComparison.Ordinal))
            {
                double s = standardErrors[name];
                dispersals.Add(new Dispersal(i, Kind.Identity, double.IsFinite(s) && s > 0 ? s : 0.1 * Math.Max(1, Math.Abs(centre[i])), 0, 0));
            }
            else if (name.StartsWith("sd_", StringComparison.Ordinal))
            {
                centre[i] = Math.Max(centre[i], SdFloor * residualScale);
                int levels = LevelsOf(model, name, "sd_");
                dispersals.Add(new Dispersal(i, Kind.Log, 1 / Math.Sqrt(2.0 * Math.Max(1, levels - 1)), 0, 0));
            }
            else if (name.StartsWith("cor_", StringComparison.Ordinal))
            {
                // A correlation with an sd at 0 is NaN in lme4's report: start it at 0.
                centre[i] = double.IsNaN(centre[i]) ? 0 : Math.Clamp(centre[i], -CorrelationCap, CorrelationCap);
                int levels = LevelsOf(model, name, "cor_");
                dispersals.Add(new Dispersal(i, Kind.FisherZ, 1 / Math.Sqrt(Math.Max(1, levels - 3)), 0, 0));
            }
            else if (family.TryGetValue(name, out var parameter))
            {
                double lower = parameter.LowerBound, upper = parameter.UpperBound;
                double s = 1 / Math.Sqrt(2.0 * Math.Max(1, n - p));
                dispersals.Add(parameter.IsInterval ? new Dispersal(i, Kind.Logit, s, lower, upper) : new Dispersal(i, Kind.LogAbove, s, lower, 0));
            }
        }

        for (int i = 0; i < names.Count; i++)
            if (given[i] && !double.IsFinite(centre[i]))
                throw new InputException($"the estimate of {names[i]} is not finite");
        var position = new double[model.Dimension];
        if (!model.TryWritePosition(centre, position))
        {
            // A correlation matrix that is not positive definite after the caps: start its correlations at 0.
            foreach (var d in dispersals) if (d.Kind == Kind.FisherZ) centre[d.Output] = 0;
            if (!model.TryWritePosition(centre, position))
                throw new InputException("the estimate lies outside the model's support");
        }
        return new EstimateStart(model, estimate, centre, dispersals.ToArray());
    }

    /// <inheritdoc />
    public void Write(int chain, ILogDensity density, RandomStream rng, Span<double> position)
    {
        ArgumentNullException.ThrowIfNull(density);
        ArgumentNullException.ThrowIfNull(rng);
        var outputs = (double[])_centre.Clone();
        foreach (var d in _dispersals) outputs[d.Output] = d.Disperse(_centre[d.Output], Spread * d.Scale * rng.NextStandardNormal());
        if (!_model.TryWritePosition(outputs, position))
        {
            // The drawn correlations do not form a correlation matrix: keep the others and the estimate's correlations.
            foreach (var d in _dispersals) if (d.Kind == Kind.FisherZ) outputs[d.Output] = _centre[d.Output];
            _model.TryWritePosition(outputs, position);
        }
        if (_latentCount > 0) ConditionalModes(density, position, _latentStart, _latentCount);
    }

    /// <summary>Moves the latent coordinates [start, start + count) of <paramref name="position"/> (every block's, together) to the density's mode over them, the rest held.</summary>
    private static void ConditionalModes(ILogDensity density, Span<double> position, int start, int count)
    {
        var full = position.ToArray();
        var gradient = new double[full.Length];
        double Objective(ReadOnlySpan<double> z, Span<double> g)
        {
            z.CopyTo(full.AsSpan(start, count));
            double lp = density.Evaluate(full, gradient);
            if (!double.IsFinite(lp)) return double.PositiveInfinity;
            for (int i = 0; i < count; i++) g[i] = -gradient[start + i];
            return -lp;
        }
        QuasiNewtonResult mode;
        try
        {
            mode = LimitedMemoryBfgs.Minimize(Objective, position.Slice(start, count),
                new LimitedMemoryBfgsOptions(GradientTolerance: 1e-3, RelativeValueTolerance: 1e-10, MaximumIterations: ModeIterations));
        }
        catch (ArgumentException)
        {
            return; // not finite at the start: the sampler reports it
        }
        mode.Minimum.CopyTo(position.Slice(start, count));
    }

    /// <summary>The levels of the grouping factor named in an <c>sd_g__x</c> or <c>cor_g__x__y</c> output.</summary>
    private static int LevelsOf(GlmmModel model, string name, string prefix)
    {
        foreach (var term in model.Frame.Groups)
            if (name.StartsWith(prefix + term.Group + "__", StringComparison.Ordinal)) return term.LevelCount;
        return 1;
    }

    private enum Kind { Identity, Log, LogAbove, Logit, FisherZ }

    /// <summary>How one reported quantity is spread: on which unconstrained scale, with what standard deviation.</summary>
    private sealed record Dispersal(int Output, Kind Kind, double Scale, double Lower, double Upper)
    {
        /// <summary>The quantity at <paramref name="value"/> moved by <paramref name="shift"/> on its unconstrained scale.</summary>
        public double Disperse(double value, double shift) => Kind switch
        {
            Kind.Identity => value + shift,
            Kind.Log => value * Math.Exp(shift),
            Kind.LogAbove => Lower + (value - Lower) * Math.Exp(shift),
            Kind.Logit => Lower + (Upper - Lower) / (1 + Math.Exp(-(Math.Log((value - Lower) / (Upper - value)) + shift))),
            _ => Math.Tanh(Math.Atanh(value) + shift),
        };
    }
}
