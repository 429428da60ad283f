// A plain scalar, row-by-row evaluation of the GLMM log density and gradient: the baseline of the vectorised evaluator.
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Modeling.Glmm;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Benchmarks.Gradients;

/// <summary>
/// The log density of <see cref="GlmmEvaluator"/> and its gradient, written as one scalar loop over the
/// observations (no SIMD, no fused library kernels), for gaussian(identity), bernoulli(logit) and
/// poisson(log) models with intercept-only group terms. Per observation n:
/// eta_n = Σ_j X_nj b_j + Σ_t r_t[level_t(n)], ℓ_n and ∂ℓ_n/∂eta_n in closed form, then ∂b_j += X_nj ∂eta_n,
/// ∂r_t[level] += ∂eta_n — one read of X, y and the level indices. The O(P + levels) parts (priors through the
/// model's own prior objects, the centred intercept, r = sd z, the Jacobians and the standard normal density
/// of z) follow the evaluator's definitions. <see cref="Check"/> compares both at a position.
/// </summary>
internal sealed class ScalarGlmmReference
{
    private const double HalfLogTwoPi = 0.91893853320467274178;

    private enum Kind { Gaussian, BernoulliLogit, PoissonLog }

    private readonly GlmmStructure _s;
    private readonly Kind _kind;
    private readonly double[][] _x;
    private readonly double[] _y, _logFactorial;
    private readonly int[][] _level;
    private readonly double[][] _r, _gr;
    private readonly double[] _sd, _gb, _reportedB;

    /// <summary>Whether the reference covers <paramref name="model"/>'s family and terms.</summary>
    public static bool Covers(GlmmModel model) =>
        KindOf(model) is not null && model.Structure.Offset is null
        && model.Structure.Blocks.All(b => b is NormalEffects { CoefficientCount: 1, Student: null })
        && model.Structure.Frame.Response.KnownStandardErrors is null;

    /// <summary>The reference of <paramref name="model"/>; throws when <see cref="Covers"/> is false.</summary>
    public ScalarGlmmReference(GlmmModel model)
    {
        if (!Covers(model)) throw new ArgumentException($"No scalar reference for {model.Family.Name}({model.Family.LinkName}) with these terms.");
        _s = model.Structure;
        _kind = KindOf(model)!.Value;
        int n = _s.ObservationCount, p = _s.FixedCount;
        _x = new double[p][];
        for (int j = 0; j < p; j++) _x[j] = _s.X.Column(j).ToArray();
        _y = new double[n];
        var values = _s.Frame.Response.Values;
        for (int i = 0; i < n; i++) _y[i] = values[_s.Order[i]];
        _logFactorial = _kind == Kind.PoissonLog ? _y.Select(v => GammaFunctions.LogGamma(v + 1.0)).ToArray() : [];
        int terms = _s.Blocks.Length;
        _level = new int[terms][];
        _r = new double[terms][];
        _gr = new double[terms][];
        for (int t = 0; t < terms; t++)
        {
            var levelOf = Block(t).Term.LevelOfObservation;
            _level[t] = new int[n];
            for (int i = 0; i < n; i++) _level[t][i] = levelOf[_s.Order[i]];
            _r[t] = new double[Block(t).LevelCount];
            _gr[t] = new double[Block(t).LevelCount];
        }
        _sd = new double[terms];
        _gb = new double[p];
        _reportedB = new double[p];
    }

    private NormalEffects Block(int t) => (NormalEffects)_s.Blocks[t];

    private static Kind? KindOf(GlmmModel model) => (model.Family.Name, model.Family.LinkName) switch
    {
        ("gaussian", "identity") => Kind.Gaussian,
        ("bernoulli", "logit") => Kind.BernoulliLogit,
        ("poisson", "log") => Kind.PoissonLog,
        _ => null,
    };

    /// <summary>The log density at <paramref name="position"/>, its gradient into <paramref name="gradient"/>.</summary>
    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
    {
        var s = _s;
        int n = s.ObservationCount, p = s.FixedCount, terms = s.Blocks.Length;
        gradient.Clear();
        double extra = 0.0, logPrior = 0.0;
        double sigma = 1.0, gSigma = 0.0;
        if (_kind == Kind.Gaussian)
        {
            double u = position[s.FamilyOffset];
            sigma = s.FamilyParameters[0].LowerBound + Math.Exp(u);
            extra += u;
        }
        for (int t = 0; t < terms; t++)
        {
            double logSd = position[Block(t).LogSdOffset];
            _sd[t] = Math.Exp(logSd);
            extra += logSd;
            var r = _r[t];
            var gr = _gr[t];
            for (int l = 0; l < r.Length; l++)
            {
                double z = position[Block(t).ZOffset + l];
                r[l] = _sd[t] * z;
                gr[l] = 0.0;
                extra -= 0.5 * z * z + HalfLogTwoPi;
            }
        }
        Array.Clear(_gb);

        // One pass over the observations.
        double logLikelihood = 0.0;
        double inverseVariance = 1.0 / (sigma * sigma), logSigma = Math.Log(sigma);
        for (int i = 0; i < n; i++)
        {
            double eta = 0.0;
            for (int j = 0; j < p; j++) eta += _x[j][i] * position[j];
            for (int t = 0; t < terms; t++) eta += _r[t][_level[t][i]];
            double y = _y[i], d;
            switch (_kind)
            {
                case Kind.Gaussian:
                {
                    double e = y - eta;
                    logLikelihood += -0.5 * e * e * inverseVariance - logSigma - HalfLogTwoPi;
                    d = e * inverseVariance;
                    gSigma += e * e * inverseVariance / sigma - 1.0 / sigma;
                    break;
                }
                case Kind.BernoulliLogit:
                {
                    // log p(y | eta) = y eta − log(1 + e^eta); ∂/∂eta = y − logistic(eta).
                    double softplus = eta > 0 ? eta + Math.Log(1.0 + Math.Exp(-eta)) : Math.Log(1.0 + Math.Exp(eta));
                    logLikelihood += y * eta - softplus;
                    d = y - 1.0 / (1.0 + Math.Exp(-eta));
                    break;
                }
                default:
                {
                    // log p(y | eta) = y eta − e^eta − log y!; ∂/∂eta = y − e^eta.
                    double mu = Math.Exp(eta);
                    logLikelihood += y * eta - mu - _logFactorial[i];
                    d = y - mu;
                    break;
                }
            }
            for (int j = 0; j < p; j++) _gb[j] += _x[j][i] * d;
            for (int t = 0; t < terms; t++) _gr[t][_level[t][i]] += d;
        }

        // Priors of the coefficients where they apply (a centred intercept, or the reported one chained through the centring, as the evaluator does).
        s.Fixed.PriorScaleFixed(position, _reportedB);
        double gInterceptPrior = 0.0;
        for (int j = 0; j < p; j++)
        {
            logPrior += s.Priors.FixedEffects[j].LogDensity(_reportedB[j], out double dPrior);
            gradient[j] = _gb[j] + dPrior;
            if (j == s.InterceptColumn) gInterceptPrior = dPrior;
        }
        if (s.InterceptColumn >= 0 && s.Fixed.InterceptPriorShift[0] is { } shift)
            for (int j = 0; j < p; j++)
                if (j != s.InterceptColumn) gradient[j] += shift[j] * gInterceptPrior;
        if (_kind == Kind.Gaussian)
        {
            logPrior += s.Priors.FamilyParameters[0].LogDensity(sigma, out double dPrior);
            gradient[s.FamilyOffset] = (gSigma + dPrior) * (sigma - s.FamilyParameters[0].LowerBound) + 1.0;
        }
        for (int t = 0; t < terms; t++)
        {
            logPrior += Block(t).SdPriors[0].LogDensity(_sd[t], out double dPrior);
            double gLogSd = 0.0;
            var r = _r[t];
            var gr = _gr[t];
            for (int l = 0; l < r.Length; l++)
            {
                gLogSd += gr[l] * r[l];
                gradient[Block(t).ZOffset + l] = _sd[t] * gr[l] - position[Block(t).ZOffset + l];
            }
            gradient[Block(t).LogSdOffset] = gLogSd + dPrior * _sd[t] + 1.0;
        }
        return logPrior + extra + logLikelihood;
    }

    /// <summary>
    /// Evaluates the reference and the model's evaluator at <paramref name="position"/>; throws unless the values
    /// and every gradient entry agree to 1e-9 relative (the sums run in different orders).
    /// </summary>
    public void Check(GlmmModel model, ReadOnlySpan<double> position)
    {
        var expected = new double[model.Dimension];
        var actual = new double[model.Dimension];
        double library = model.Create().Evaluate(position, expected);
        double reference = Evaluate(position, actual);
        double scale = 1e-9 * (1.0 + Math.Abs(library));
        if (!(Math.Abs(library - reference) <= scale))
            throw new InvalidOperationException($"Scalar reference {reference:R} differs from the library's log density {library:R}.");
        double gradientScale = 1e-9 * (1.0 + expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= gradientScale))
                throw new InvalidOperationException($"Scalar reference gradient[{i}] = {actual[i]:R} differs from the library's {expected[i]:R}.");
    }
}
