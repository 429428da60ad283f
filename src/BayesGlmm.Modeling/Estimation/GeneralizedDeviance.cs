// glmer's objective: −2 times the Laplace or adaptive-quadrature likelihood of a generalized mixed model over (θ, β) and the family parameters.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Integrated;

namespace BayesGlmm.Modeling.Estimation;

/// <summary>
/// −2 log L(θ, β, log φ) for a generalized mixed model, L the Laplace approximation (<see cref="LaplaceMarginal"/>, any
/// normal terms) or, for one scalar term, adaptive Gauss–Hermite quadrature with K points (<see cref="AdaptiveGaussHermite"/>;
/// K = 1 is the same Laplace approximation), the objective of glmer's second stage (Bates et al. 2015, §5; there θ and β
/// are optimised together). θ is the absolute factor (the effects' covariance is ΛΛᵀ); the family parameters φ enter as
/// log φ (log(ν − 1) for Student's ν). The gradient is analytic for quadrature and by central differences for the general
/// Laplace approximation. One instance is for one thread at a time.
/// </summary>
public sealed class GeneralizedDeviance
{
    private readonly ModelFrame _frame;
    private readonly ObservationDerivatives _family;
    private readonly LaplaceMarginal? _laplace;
    private readonly AdaptiveGaussHermite? _quadrature;
    private readonly double[] _eta;
    private readonly double[] _gradientEta;
    private readonly double[] _factors;
    private readonly double[] _familyParameters;
    private readonly double[] _gradientFamily;
    private readonly double[] _work;

    /// <summary>The objective for <paramref name="frame"/> and the family table <paramref name="family"/> with <paramref name="nodes"/> quadrature points.</summary>
    public GeneralizedDeviance(ModelFrame frame, ObservationDerivatives family, int nodes)
    {
        _frame = frame;
        _family = family;
        Blocks = new EffectBlocks(frame.Groups, frame.ObservationCount);
        Factor = new RelativeFactor(Blocks.Layout);
        bool scalar = frame.Groups.Count == 1 && frame.Groups[0].CoefficientCount == 1;
        if (scalar)
        {
            var term = frame.Groups[0];
            var z = term.Z.Column(0).ToArray();
            _quadrature = new AdaptiveGaussHermite(family, term.LevelOfObservation, term.LevelCount, z.All(v => v == 1.0) ? null : z, nodes);
        }
        else if (nodes > 1)
            throw new InputException("Adaptive quadrature with more than one point needs exactly one group-level term with one coefficient, e.g. (1 | g); use --method laplace.");
        else _laplace = new LaplaceMarginal(family, Blocks);
        FixedCount = frame.Fixed.X.Columns;
        FamilyCount = family.Parameters.Count;
        Count = Factor.Count + FixedCount + FamilyCount;
        _eta = new double[frame.ObservationCount];
        _gradientEta = new double[frame.ObservationCount];
        _factors = new double[Blocks.Layout.FactorLength];
        _familyParameters = new double[FamilyCount];
        _gradientFamily = new double[FamilyCount];
        _work = new double[Count];
        LowerBounds = Factor.LowerBounds.Concat(Enumerable.Repeat(double.NegativeInfinity, FixedCount + FamilyCount)).ToArray();
    }

    /// <summary>The sparse structure of the terms.</summary>
    public EffectBlocks Blocks { get; }

    /// <summary>θ's layout.</summary>
    public RelativeFactor Factor { get; }

    /// <summary>P.</summary>
    public int FixedCount { get; }

    /// <summary>The number of family parameters.</summary>
    public int FamilyCount { get; }

    /// <summary>The number of parameters (θ, β, log φ).</summary>
    public int Count { get; }

    /// <summary>Lower bounds of the parameters (0 for θ's diagonal).</summary>
    public double[] LowerBounds { get; }

    /// <summary>Whether quadrature (rather than the general Laplace approximation) is used.</summary>
    public bool UsesQuadrature => _quadrature is not null;

    /// <summary>Evaluations so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>The family parameters φ from their unconstrained values.</summary>
    public void FamilyFromUnconstrained(ReadOnlySpan<double> free, Span<double> phi)
    {
        for (int j = 0; j < FamilyCount; j++) phi[j] = _family.Parameters[j].LowerBound + Math.Exp(free[j]);
    }

    /// <summary>Returns −2 log L at x = (θ, β, log φ) (+∞ where it is not defined) and writes its gradient when <paramref name="gradient"/> is not empty.</summary>
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        double value = Value(x);
        if (gradient.IsEmpty || !double.IsFinite(value)) return value;
        if (_quadrature is not null) AnalyticGradient(x, gradient);
        else
        {
            x.CopyTo(_work);
            for (int i = 0; i < Count; i++)
            {
                double h = 1e-5 * Math.Max(1, Math.Abs(x[i]));
                _work[i] = x[i] + h;
                double plus = Value(_work);
                _work[i] = x[i] - h;
                double minus = Value(_work);
                _work[i] = x[i];
                gradient[i] = (plus - minus) / (2 * h);
            }
            Value(x); // leave the modes at x
        }
        return value;
    }

    /// <summary>−2 log L at x, without the gradient.</summary>
    public double Value(ReadOnlySpan<double> x)
    {
        Evaluations++;
        int nt = Factor.Count;
        FixedPredictor(x.Slice(nt, FixedCount));
        FamilyFromUnconstrained(x.Slice(nt + FixedCount, FamilyCount), _familyParameters);
        double logLik;
        if (_quadrature is not null)
        {
            double s = Math.Abs(x[0]); // the effects' law depends on θ through θ² only
            logLik = s == 0 ? GlmLogLikelihood() : _quadrature.Evaluate(_eta, Math.Log(s), _familyParameters, [], out _, []);
        }
        else
        {
            Factor.ToFactors(x[..nt], 1.0, _factors);
            logLik = _laplace!.Evaluate(_eta, _factors, _familyParameters);
        }
        return double.IsFinite(logLik) ? -2 * logLik : double.PositiveInfinity;
    }

    /// <summary>After <see cref="Value"/> with quadrature: −2 (log L with 2K points − log L with K), the quadrature's error check.</summary>
    public double QuadratureCheck(ReadOnlySpan<double> x)
    {
        if (_quadrature is null) return double.NaN;
        double s = Math.Abs(x[0]);
        if (s == 0) return 0;
        double valueK = Value(x);
        double value2K = -2 * _quadrature.Recompute(_eta, Math.Log(s), _familyParameters, 2 * _quadrature.NodeCount);
        return value2K - valueK;
    }

    private void FixedPredictor(ReadOnlySpan<double> beta)
    {
        var x = _frame.Fixed.X;
        var offset = _frame.Offset;
        for (int n = 0; n < _eta.Length; n++) _eta[n] = offset?[n] ?? 0.0;
        for (int a = 0; a < beta.Length; a++)
        {
            var column = x.Column(a);
            for (int n = 0; n < _eta.Length; n++) _eta[n] += beta[a] * column[n];
        }
    }

    /// <summary>Σ ℓ_n(η_n): the limit of the marginal likelihood as the effects' sd goes to 0; its η gradient into _gradientEta.</summary>
    private double GlmLogLikelihood()
    {
        _family.SetParameters(_familyParameters);
        double total = 0;
        for (int n = 0; n < _eta.Length; n++)
        {
            total += _family.Value(n, _eta[n], out double d1, out _, out _);
            _gradientEta[n] = d1;
        }
        return total;
    }

    private void AnalyticGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        int nt = Factor.Count;
        double s = Math.Abs(x[0]);
        double gradientLogSd = 0;
        Array.Clear(_gradientFamily);
        if (s == 0)
        {
            GlmLogLikelihood();
            _family.SetParameters(_familyParameters);
            Span<double> value = stackalloc double[Math.Max(1, FamilyCount)], first = stackalloc double[Math.Max(1, FamilyCount)], second = stackalloc double[Math.Max(1, FamilyCount)];
            for (int n = 0; n < _eta.Length; n++)
            {
                if (FamilyCount == 0) break;
                _family.ParameterDerivatives(n, _eta[n], value, first, second);
                for (int j = 0; j < FamilyCount; j++) _gradientFamily[j] += value[j];
            }
        }
        else _quadrature!.Evaluate(_eta, Math.Log(s), _familyParameters, _gradientEta, out gradientLogSd, _gradientFamily);
        // θ: ∂/∂θ = sign(θ) ∂/∂s = ∂/∂log s / θ (0 at θ = 0, where −2 log L is flat by symmetry).
        gradient[0] = s == 0 ? 0 : -2 * gradientLogSd / x[0];
        var xm = _frame.Fixed.X;
        for (int a = 0; a < FixedCount; a++)
        {
            var column = xm.Column(a);
            double v = 0;
            for (int n = 0; n < _eta.Length; n++) v += column[n] * _gradientEta[n];
            gradient[nt + a] = -2 * v;
        }
        for (int j = 0; j < FamilyCount; j++)
            gradient[nt + FixedCount + j] = -2 * _gradientFamily[j] * (_familyParameters[j] - _family.Parameters[j].LowerBound);
    }
}
