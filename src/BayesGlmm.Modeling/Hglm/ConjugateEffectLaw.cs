// The distribution of v = v(u) for one dispersion λ = e^ρ: log density with derivatives, the exact non-centring map, prior draws.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Modeling.Hglm;

/// <summary>
/// The law of the link-scale effect v of one conjugate pair at one value of ρ = log λ (HGLM_NOTES §3, "Joint route"):
/// <list type="bullet">
/// <item>gamma, α = 1/λ, v = log u: log p(v) = α log α − lgamma(α) + αv − αe^v, written as
/// ½ log α − ½ log 2π − R(α) − α(expm1(v) − v) with R the Stirling remainder, so that nothing cancels as λ → 0;</item>
/// <item>inverse-gamma, a = 1 + 1/λ, b = 1/λ, v = log u: log p(v) = a log b − lgamma(a) − av − be^(−v)
/// = ½ log b − ½ log 2π − R(b) − b(expm1(−v) + v) − v;</item>
/// <item>beta, α = 1/(2λ), v = logit u (Jacobian included): log p(v) = −α[log1p(e^(−v)) + log1p(e^v)] − lbeta(α, α)
/// = −2α log cosh(v/2) − ½ log 2 + ½ log α − ½ log 2π + R(2α) − 2R(α);</item>
/// <item>inverse-gamma with the reciprocal link: the variable is t = log w, w = 1/u = v ~ Gamma(a, rate b), a = 1 + 1/λ,
/// b = 1/λ: log p(t) = a log b − lgamma(a) + at − be^t, the inverse-gamma law above at −t (the link-scale effect is
/// e^t, see <see cref="ToLinkScale"/>); m = ψ(a) − log b, s² = ψ1(a).</item>
/// </list>
/// Against funnels the joint route samples z with v (t for the reciprocal link) = m(λ) + s(λ) z, m and s² the mean and variance of v
/// (gamma: ψ(α) − log α, ψ1(α); inverse-gamma: log b − ψ(a), ψ1(a); beta: 0, 2ψ1(α)); the map is exact and
/// adds log s to the density (Papaspiliopoulos, Roberts &amp; Sköld 2007, applied to non-normal effects).
/// </summary>
public readonly struct ConjugateEffectLaw
{
    private readonly ConjugatePair _pair;
    private readonly double _k;                 // α (gamma), b (inverse-gamma), α (beta)
    private readonly double _constant, _constantDerivative;

    /// <summary>The law of v for <paramref name="pair"/> at ρ = log λ.</summary>
    public ConjugateEffectLaw(ConjugatePair pair, double rho)
    {
        _pair = pair;
        Rho = rho;
        switch (pair)
        {
            case ConjugatePair.PoissonGamma:
            {
                double a = _k = Math.Exp(-rho);
                _constant = 0.5 * Math.Log(a) - GammaFunctions.HalfLogTwoPi - Polygamma.LogGammaRemainder(a);
                _constantDerivative = a * Polygamma.DigammaMinusLog(a);
                double t1 = Polygamma.Trigamma(a);
                Location = Polygamma.DigammaMinusLog(a);
                LocationDerivative = 1.0 - a * t1;
                Scale = Math.Sqrt(t1);
                ScaleDerivative = -a * Polygamma.Tetragamma(a) / (2.0 * Scale);
                break;
            }
            case ConjugatePair.GammaInverseGamma or ConjugatePair.GammaInverseGammaReciprocal:
            {
                // log u (log link) and t = log w = −log u (reciprocal link) share the density up to the sign of the variable.
                double sign = pair == ConjugatePair.GammaInverseGamma ? 1.0 : -1.0;
                double b = _k = Math.Exp(-rho);
                _constant = 0.5 * Math.Log(b) - GammaFunctions.HalfLogTwoPi - Polygamma.LogGammaRemainder(b);
                _constantDerivative = b * Polygamma.DigammaMinusLog(b);
                double t1 = Polygamma.Trigamma(b + 1.0);
                // E log u = log b − ψ(a), ψ(a) = ψ(b) + 1/b; d/dρ = bψ1(a) − 1 (b = e^(−ρ)).
                Location = sign * (-Polygamma.DigammaMinusLog(b) - 1.0 / b);
                LocationDerivative = sign * (b * t1 - 1.0);
                Scale = Math.Sqrt(t1);
                ScaleDerivative = -b * Polygamma.Tetragamma(b + 1.0) / (2.0 * Scale);
                break;
            }
            default:
            {
                double a = _k = 0.5 * Math.Exp(-rho);
                _constant = 0.5 * Math.Log(a) - 0.5 * Math.Log(2.0) - GammaFunctions.HalfLogTwoPi
                            + Polygamma.LogGammaRemainder(2 * a) - 2 * Polygamma.LogGammaRemainder(a);
                _constantDerivative = -2 * a * (Polygamma.DigammaMinusLog(2 * a) - Polygamma.DigammaMinusLog(a));
                double t1 = Polygamma.Trigamma(a);
                Location = 0.0;
                LocationDerivative = 0.0;
                Scale = Math.Sqrt(2 * t1);
                ScaleDerivative = -a * Polygamma.Tetragamma(a) / Scale;
                break;
            }
        }
    }

    /// <summary>ρ = log λ.</summary>
    public double Rho { get; }

    /// <summary>m(λ) = E v.</summary>
    public double Location { get; }

    /// <summary>dm/dρ.</summary>
    public double LocationDerivative { get; }

    /// <summary>s(λ) = sd v.</summary>
    public double Scale { get; }

    /// <summary>ds/dρ.</summary>
    public double ScaleDerivative { get; }

    /// <summary>log p(v | λ) with ∂/∂v and ∂/∂ρ at fixed v (HGLM_NOTES §3).</summary>
    public double LogDensity(double v, out double derivativeV, out double derivativeRho)
    {
        double k = _k;
        switch (_pair)
        {
            case ConjugatePair.PoissonGamma:
            {
                double e = LogExp.Expm1(v);
                derivativeV = -k * e;
                derivativeRho = _constantDerivative + k * (e - v);
                return _constant - k * (e - v);
            }
            case ConjugatePair.GammaInverseGamma:
            {
                double e = LogExp.Expm1(-v);
                derivativeV = k * e - 1.0;
                derivativeRho = _constantDerivative + k * (e + v);
                return _constant - k * (e + v) - v;
            }
            case ConjugatePair.GammaInverseGammaReciprocal:
            {
                // log p(t) = a log b − lgamma(a) + at − be^t; ∂/∂t = a − be^t = 1 − b expm1(t).
                double e = LogExp.Expm1(v);
                derivativeV = 1.0 - k * e;
                derivativeRho = _constantDerivative + k * (e - v);
                return _constant - k * (e - v) + v;
            }
            default:
            {
                double lc = LogCosh(0.5 * v);
                derivativeV = -k * Math.Tanh(0.5 * v);
                derivativeRho = _constantDerivative + 2 * k * lc;
                return _constant - 2 * k * lc;
            }
        }
    }

    /// <summary>One draw of v from its distribution given λ.</summary>
    public double Draw(RandomStream rng) => _pair switch
    {
        ConjugatePair.PoissonGamma => rng.NextLogGamma(_k) - Math.Log(_k),
        ConjugatePair.GammaInverseGamma => Math.Log(_k) - rng.NextLogGamma(_k + 1.0),
        ConjugatePair.GammaInverseGammaReciprocal => rng.NextLogGamma(_k + 1.0) - Math.Log(_k),
        _ => rng.NextLogGamma(_k) - rng.NextLogGamma(_k),
    };

    /// <summary>u = v⁻¹(v) from the link-scale effect v: e^v (gamma, inverse-gamma), the logistic function (beta), 1/v (reciprocal link).</summary>
    public static double ToU(ConjugatePair pair, double v) => pair switch
    {
        ConjugatePair.BinomialBeta => LogExp.Logistic(v),
        ConjugatePair.GammaInverseGammaReciprocal => 1.0 / v,
        _ => Math.Exp(v),
    };

    /// <summary>The link-scale effect from the law's variable: e^t for the reciprocal link (t = log w), the variable itself otherwise.</summary>
    public static double ToLinkScale(ConjugatePair pair, double variable) =>
        pair == ConjugatePair.GammaInverseGammaReciprocal ? Math.Exp(variable) : variable;

    /// <summary>log cosh x without overflow: log1p(2 sinh²(x/2)) near 0, |x| + log1p(e^(−2|x|)) − log 2 elsewhere.</summary>
    private static double LogCosh(double x)
    {
        double ax = Math.Abs(x);
        if (ax < 1.0)
        {
            double sh = Math.Sinh(0.5 * ax);
            return LogExp.Log1p(2 * sh * sh);
        }
        return ax + LogExp.Log1p(Math.Exp(-2 * ax)) - 0.6931471805599453;
    }
}
