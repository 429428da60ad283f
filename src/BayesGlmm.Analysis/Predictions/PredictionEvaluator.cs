// The linear predictor and mean of the response of new rows at one posterior draw, under each treatment of the group-level effects.
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Glmm;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Analysis.Predictions;

/// <summary>
/// Evaluates, at one draw of a fitted <see cref="GlmmModel"/>'s reported quantities, each new row's linear
/// predictor and the mean of its response E[y] (the family's mean: inverse link, times trials for binomial):
/// <list type="bullet">
/// <item><c>conditional</c>: η = x'b + offset + Σ_t z_t' r_t[group] with the draw's fitted r;</item>
/// <item><c>new</c>: the same with r drawn afresh for each group of the new data (one draw per group and posterior draw);</item>
/// <item><c>none</c>: η = x'b + offset;</item>
/// <item><c>marginal</c>: η = x'b + offset (the effects have mean zero) and E[y] = ∫ mean(η + s) dF(s), the
/// population-averaged mean of the marginal model (Zeger, Liang &amp; Albert 1988, eq. 2.3), where s = Σ_t z_t'u_t
/// collects every term's effects, u_t ~ N(0, Σ_t) with Σ_t = diag(sd) Ω diag(sd) of the draw, or for a Student-t
/// term multivariate t with the draw's df and the same scale. The effects enter the mean only through the scalar
/// s, and when every term is normal s ~ N(0, v) with v = Σ_t z_t'Σ_t z_t, so the integral is one-dimensional
/// whatever the number of terms and coefficients: exact for a mean linear in η (gaussian and student with
/// identity link: mean(η)) or exponential in η (poisson, negbinomial, gamma and gaussian with log link, lognormal:
/// mean(η + v/2), the normal moment generating function), otherwise by <see cref="GaussHermite"/> quadrature.
/// With a Student-t term s is not normal: Monte Carlo with <see cref="PredictionOptions.MonteCarloSamples"/>
/// samples of u per draw from the stream (seed, draw, 1), the same samples for every row of a draw (and under an
/// exponential mean the population mean does not exist, since t has no exponential moments: an error).</item>
/// </list>
/// Safe to call from several threads at once.
/// </summary>
public sealed class PredictionEvaluator
{
    /// <summary>
    /// The key in <see cref="Exception.Data"/> of an <see cref="InputException"/> that a different random-effect mode
    /// (<see cref="PredictionOptions.Mode"/>) would avoid; its value lists those modes, comma-separated, so that a caller
    /// can name its own way of choosing one.
    /// </summary>
    public const string ModeSetting = "random-effect mode";

    private const ulong MarginalStream = 1, NewGroupStream = 2;

    private readonly GlmmStructure _s;
    private readonly NewDataFrame _data;
    private readonly PredictionOptions _options;
    private readonly IFamilyLikelihood _means;
    private readonly IRandomEffectBlock[] _block;
    private readonly int[] _termOfBlock;
    private readonly int[][] _groupOfRow;
    private readonly int[] _groupCount;
    private readonly GaussHermite? _quadrature;
    private readonly MarginalIntegral _integral;

    /// <summary>
    /// Prepares the evaluation for <paramref name="data"/> coded for <paramref name="model"/>. Throws
    /// <see cref="InputException"/> when the model has several linear predictors, under <c>conditional</c> when a
    /// row's group was not in the fitted data, and under <c>marginal</c> when the population mean does not exist
    /// (an exponential mean with Student-t effects).
    /// </summary>
    public PredictionEvaluator(GlmmModel model, NewDataFrame data, PredictionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new PredictionOptions();
        if (model.Likelihood.LinearPredictorCount != 1)
            throw new InputException($"Predictions support families with one linear predictor; '{model.Family.Name}' has {model.Likelihood.LinearPredictorCount}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MonteCarloSamples, 1);
        _s = model.Structure;
        _data = data;
        _options = options;
        Mode = options.Mode;
        _means = ResponseMeans.Bind(model, data, data.Trials);
        UnitMeans = data.Trials is null ? _means : ResponseMeans.Bind(model, data, Enumerable.Repeat(1.0, data.RowCount).ToArray());

        bool needsGroups = Mode != RandomEffectMode.None;
        if (needsGroups && data.Groups.Count != _s.Terms.Count && _s.Terms.Count > 0)
            throw new ArgumentException("The new data were coded without the group-level terms this mode needs.", nameof(data));
        _block = new IRandomEffectBlock[data.Groups.Count];
        _termOfBlock = new int[data.Groups.Count];
        for (int t = 0; t < data.Groups.Count; t++)
        {
            var (block, term) = _s.BlockOf(data.Groups[t].Fitted);
            _block[t] = block ?? throw new ArgumentException("The new data's group-level terms are not this model's.", nameof(data));
            _termOfBlock[t] = term;
            if (block.NewLevelTail == NewLevelTail.None)
                throw new InputException($"Predictions support normal and Student-t group-level effects; '{data.Groups[t].Fitted.Group}' has other effects.");
        }
        _groupOfRow = new int[data.Groups.Count][];
        _groupCount = new int[data.Groups.Count];
        if (Mode is RandomEffectMode.Conditional or RandomEffectMode.New)
            for (int t = 0; t < data.Groups.Count; t++)
            {
                var g = data.Groups[t];
                if (g.LevelOfRow is null || g.Labels is null)
                    throw new ArgumentException("The new data were coded without the groups this mode needs.", nameof(data));
                if (Mode == RandomEffectMode.Conditional)
                {
                    int unseen = Array.IndexOf(g.LevelOfRow, -1);
                    if (unseen >= 0)
                        throw new InputException(
                            $"{data.Source}, row {data.SourceRows[unseen] + 1}: group '{g.Labels[unseen]}' of '{g.Fitted.Group}' was not in the fitted data, so it has no fitted effects; "
                            + "draw effects for new groups (random-effect mode new), or average over them (mode marginal).") { Data = { [ModeSetting] = "new,marginal" } };
                    _groupOfRow[t] = g.LevelOfRow;
                    _groupCount[t] = g.Fitted.LevelCount;
                }
                else
                {
                    var index = new Dictionary<string, int>(StringComparer.Ordinal);
                    _groupOfRow[t] = new int[data.RowCount];
                    for (int i = 0; i < data.RowCount; i++)
                    {
                        if (!index.TryGetValue(g.Labels[i], out int k)) index[g.Labels[i]] = k = index.Count;
                        _groupOfRow[t][i] = k;
                    }
                    _groupCount[t] = index.Count;
                }
            }
        bool student = _block.Any(b => b.NewLevelTail == NewLevelTail.StudentT);
        var family = model.Family;
        _integral = Mode != RandomEffectMode.Marginal || data.Groups.Count == 0 ? MarginalIntegral.None
            : MeanIsLinear(family) ? MarginalIntegral.Linear
            : student ? MarginalIntegral.MonteCarlo
            : MeanIsExponential(family) ? MarginalIntegral.Exponential
            : MarginalIntegral.Quadrature;
        if (_integral == MarginalIntegral.MonteCarlo && MeanIsExponential(family))
            throw new InputException(
                $"The population-averaged mean of a {family.Name}({family.LinkName}) model does not exist with Student-t group-level effects: E exp(u) is infinite for t-distributed u. "
                + "Use the random-effect mode conditional, new or none.") { Data = { [ModeSetting] = "conditional,new,none" } };
        if (_integral == MarginalIntegral.Quadrature) _quadrature = GaussHermite.Create(options.QuadratureNodes);
        Integration = _integral switch
        {
            MarginalIntegral.None => "none",
            MarginalIntegral.Linear => "exact (the mean is linear in the linear predictor)",
            MarginalIntegral.Exponential => "exact (the mean is exponential in the linear predictor: the normal moment generating function)",
            MarginalIntegral.Quadrature => $"Gauss-Hermite quadrature, {_quadrature!.Count} nodes",
            _ => $"Monte Carlo, {options.MonteCarloSamples} samples of the group-level effects per draw (seed {options.Seed})",
        };
    }

    /// <summary>The treatment of the group-level effects.</summary>
    public RandomEffectMode Mode { get; }

    /// <summary>Whether the family's mean is η itself (gaussian and student with identity link).</summary>
    private static bool MeanIsLinear(IFamily family) => family.LinkName == "identity" && family.Name is "gaussian" or "student";

    /// <summary>
    /// Whether the family's mean is c·exp(η) with c free of η (poisson, negbinomial, gamma and gaussian with log
    /// link: c = 1; lognormal: c = exp(σ²/2)), so that mean(η + a) = mean(η)·exp(a).
    /// </summary>
    private static bool MeanIsExponential(IFamily family) =>
        (family.LinkName == "log" && family.Name is "poisson" or "negbinomial" or "gamma" or "gaussian") || family.Name == "lognormal";

    /// <summary>The number of rows.</summary>
    public int RowCount => _data.RowCount;

    /// <summary>How marginal means are integrated, for the printed output.</summary>
    public string Integration { get; }

    /// <summary>The family bound to the rows with one trial each: the mean per trial (the probability for binomial).</summary>
    internal IFamilyLikelihood UnitMeans { get; }

    /// <summary>
    /// Fills, for rows <paramref name="start"/> .. start + eta.Length − 1, the linear predictor and E[y] at draw
    /// <paramref name="draw"/> (its index selects the random streams) whose reported quantities are <paramref name="outputs"/>.
    /// </summary>
    public void Evaluate(int draw, ReadOnlySpan<double> outputs, int start, Span<double> eta, Span<double> mean)
    {
        if (eta.Length != mean.Length || start < 0 || start + eta.Length > RowCount)
            throw new ArgumentException("The rows are out of range or the spans differ in length.");
        var state = Prepare(draw, outputs);
        for (int n = 0; n < eta.Length; n++)
        {
            int i = start + n;
            double fixedPart = FixedPredictor(state, i);
            switch (Mode)
            {
                case RandomEffectMode.None:
                    eta[n] = fixedPart;
                    mean[n] = _means.Mean(fixedPart, state.Theta, i);
                    break;
                case RandomEffectMode.Marginal:
                    eta[n] = fixedPart;
                    mean[n] = MarginalMean(state, i, fixedPart, _means);
                    break;
                default:
                    double e = fixedPart;
                    for (int t = 0; t < _data.Groups.Count; t++)
                    {
                        var z = _data.Groups[t].Z;
                        int k = z.Columns, g = _groupOfRow[t][i];
                        if (Mode == RandomEffectMode.Conditional)
                        {
                            int levels = _groupCount[t], r = _block[t].EffectOutputOffset(_termOfBlock[t]);
                            for (int c = 0; c < k; c++) e += z[i, c] * state.Outputs[r + c * levels + g];
                        }
                        else
                        {
                            var u = state.NewEffects![t];
                            for (int c = 0; c < k; c++) e += z[i, c] * u[g * k + c];
                        }
                    }
                    eta[n] = e;
                    mean[n] = _means.Mean(e, state.Theta, i);
                    break;
            }
        }
    }

    /// <summary>The draw's parameters in the forms the evaluation needs, with its Monte Carlo samples or new effects.</summary>
    internal DrawState Prepare(int draw, ReadOnlySpan<double> outputs)
    {
        var s = _s;
        var state = new DrawState(outputs.ToArray(), outputs.Slice(s.FamilyOutput, s.FamilyParameters.Count).ToArray(), _data.Groups.Count);
        for (int t = 0; t < _data.Groups.Count; t++)
        {
            NewLevelLaw law;
            try
            {
                law = _block[t].NewLevels(outputs, _termOfBlock[t])
                      ?? throw new InputException($"the effects of '{_data.Groups[t].Fitted.Group}' cannot be predicted for new levels.");
            }
            catch (InputException e)
            {
                throw new InputException($"Draw {draw + 1}: {e.Message}", e);
            }
            state.Sd[t] = law.Sd;
            state.Factor[t] = law.Factor;
            state.Df[t] = law.DegreesOfFreedom;
        }
        if (_integral == MarginalIntegral.MonteCarlo)
        {
            var rng = new RandomStream(_options.Seed, (ulong)draw, MarginalStream);
            int samples = _options.MonteCarloSamples;
            state.Samples = new double[_data.Groups.Count][];
            for (int t = 0; t < _data.Groups.Count; t++) state.Samples[t] = new double[samples * state.Sd[t].Length];
            for (int m = 0; m < samples; m++)
                for (int t = 0; t < _data.Groups.Count; t++)
                {
                    int k = state.Sd[t].Length;
                    DrawEffect(rng, state.Sd[t], state.Factor[t], state.Df[t], state.Samples[t].AsSpan(m * k, k));
                }
        }
        if (Mode == RandomEffectMode.New)
        {
            var rng = new RandomStream(_options.Seed, (ulong)draw, NewGroupStream);
            state.NewEffects = new double[_data.Groups.Count][];
            for (int t = 0; t < _data.Groups.Count; t++)
            {
                int k = state.Sd[t].Length;
                state.NewEffects[t] = new double[_groupCount[t] * k];
                for (int g = 0; g < _groupCount[t]; g++)
                    DrawEffect(rng, state.Sd[t], state.Factor[t], state.Df[t], state.NewEffects[t].AsSpan(g * k, k));
            }
        }
        return state;
    }

    /// <summary>x_i'b + offset_i at the draw.</summary>
    internal double FixedPredictor(DrawState state, int row)
    {
        var x = _data.X;
        double e = _data.Offset?[row] ?? 0.0;
        int b = _s.FixedOutput;
        for (int j = 0; j < x.Columns; j++) e += x[row, j] * state.Outputs[b + j];
        return e;
    }

    /// <summary>The draw's coefficient b_j.</summary>
    internal double Coefficient(DrawState state, int j) => state.Outputs[_s.FixedOutput + j];

    /// <summary>
    /// ∫ mean(η + Σ_t z_t'u_t) dF(u) for row <paramref name="row"/> with the population-level part
    /// <paramref name="fixedPart"/>, under <paramref name="means"/> (E[y] or the mean per trial).
    /// </summary>
    internal double MarginalMean(DrawState state, int row, double fixedPart, IFamilyLikelihood means)
    {
        switch (_integral)
        {
            case MarginalIntegral.None or MarginalIntegral.Linear:
                return means.Mean(fixedPart, state.Theta, row);
            case MarginalIntegral.Exponential:
                return means.Mean(fixedPart + 0.5 * Variance(state, row), state.Theta, row);
            case MarginalIntegral.Quadrature:
                {
                    // E mean(η + √v Z), Z ~ N(0, 1), by the n-point rule.
                    var rule = _quadrature!;
                    double scale = Math.Sqrt(Variance(state, row)), sum = 0;
                    for (int q = 0; q < rule.Count; q++) sum += rule.Weights[q] * means.Mean(fixedPart + scale * rule.Nodes[q], state.Theta, row);
                    return sum;
                }
        }
        var samples = state.Samples ?? throw new InvalidOperationException("The draw was prepared without Monte Carlo samples.");
        int count = _options.MonteCarloSamples;
        double total = 0;
        for (int m = 0; m < count; m++)
        {
            double e = fixedPart;
            for (int t = 0; t < samples.Length; t++)
            {
                var z = _data.Groups[t].Z;
                int k = z.Columns;
                var u = samples[t];
                for (int c = 0; c < k; c++) e += z[row, c] * u[m * k + c];
            }
            total += means.Mean(e, state.Theta, row);
        }
        return total / count;
    }

    /// <summary>v = Σ_t z_t'Σ_t z_t = Σ_t ‖Lᵀ(sd ⊙ z_t)‖², the variance of s = Σ_t z_t'u_t for normal terms (Ω = L Lᵀ).</summary>
    private double Variance(DrawState state, int row)
    {
        double v = 0;
        for (int t = 0; t < _data.Groups.Count; t++)
        {
            var z = _data.Groups[t].Z;
            var sd = state.Sd[t];
            var factor = state.Factor[t];
            int k = sd.Length;
            for (int m = 0; m < k; m++)
            {
                double w = 0;
                for (int c = m; c < k; c++) w += factor[c * k + m] * sd[c] * z[row, c];
                v += w * w;
            }
        }
        return v;
    }

    /// <summary>
    /// One group's effects: u = sd ⊙ (L z), z ~ N(0, I); for a Student-t term u · √(df / χ²_df), the scale
    /// mixture that makes u multivariate t with df degrees of freedom and scale diag(sd) Ω diag(sd), as the
    /// model's own prior draws do (χ²_df = 2 G, G ~ Gamma(df/2)).
    /// </summary>
    private static void DrawEffect(RandomStream rng, double[] sd, double[] factor, double df, Span<double> u)
    {
        int k = sd.Length;
        Span<double> z = stackalloc double[k];
        for (int c = 0; c < k; c++) z[c] = rng.NextStandardNormal();
        double scale = double.IsPositiveInfinity(df) ? 1.0 : Math.Sqrt(df * 0.5 * Math.Exp(-rng.NextLogGamma(0.5 * df)));
        for (int c = 0; c < k; c++)
        {
            double v = 0;
            for (int m = 0; m <= c; m++) v += factor[c * k + m] * z[m];
            u[c] = scale * sd[c] * v;
        }
    }
}

/// <summary>How a marginal mean is integrated.</summary>
internal enum MarginalIntegral
{
    None,
    Linear,
    Exponential,
    Quadrature,
    MonteCarlo,
}

/// <summary>One draw's quantities as the evaluation reads them.</summary>
internal sealed class DrawState(double[] outputs, double[] theta, int terms)
{
    public double[] Outputs { get; } = outputs;
    public double[] Theta { get; } = theta;
    public double[][] Sd { get; } = new double[terms][];
    public double[][] Factor { get; } = new double[terms][];
    public double[] Df { get; } = new double[terms];
    public double[][]? Samples { get; set; }
    public double[][]? NewEffects { get; set; }
}
