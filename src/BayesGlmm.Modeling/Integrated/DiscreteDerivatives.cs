// ℓ, ℓ', ℓ'', ℓ''' in η for the binomial (logit, probit, cloglog), poisson and negative binomial families.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Numerics.Special;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.Integrated;

/// <summary>The binomial family's data (successes y out of trials m) and what its links share: no parameter, lchoose, the saturated likelihood.</summary>
internal abstract class BinomialDerivatives(double[] y, double[] trials) : ObservationDerivatives
{
    protected readonly double[] Y = y;
    protected readonly double[] Trials = trials;
    protected readonly double[] Constant = y.Select((v, i) => LogChoose(trials[i], v)).ToArray();

    public override IReadOnlyList<FamilyParameter> Parameters => [];
    public override int ObservationCount => Y.Length;
    public override bool IsLogConcave => true;
    public override void SetParameters(ReadOnlySpan<double> theta) { }
    public override void ParameterDerivatives(int n, double eta, Span<double> value, Span<double> first, Span<double> second) { }
    public override ObservationDerivatives Copy() => this;

    /// <summary>log dbinom(y; m, y/m), with 0 log 0 = 0.</summary>
    public override double SaturatedLogLikelihood(int n)
    {
        double y = Y[n], m = Trials[n], value = Constant[n];
        if (y > 0) value += y * Math.Log(y / m);
        if (m - y > 0) value += (m - y) * Math.Log((m - y) / m);
        return value;
    }

    internal static double LogChoose(double n, double k) =>
        k == 0 || k == n ? 0.0 : SpecialFunctions.GammaLn(n + 1) - SpecialFunctions.GammaLn(k + 1) - SpecialFunctions.GammaLn(n - k + 1);
}

/// <summary>binomial(logit): ℓ = lchoose + yη − n log(1 + e^η); ℓ' = y − nμ, ℓ'' = −nμ(1 − μ), ℓ''' = −nμ(1 − μ)(1 − 2μ).</summary>
internal sealed class BinomialLogitDerivatives(double[] y, double[] trials) : BinomialDerivatives(y, trials)
{
    public override double Value(int n, double eta, out double d1, out double d2, out double d3)
    {
        double mu = LogExp.Logistic(eta), m = Trials[n], v = mu * (1 - mu);
        d1 = Y[n] - m * mu;
        d2 = -m * v;
        d3 = -m * v * (1 - 2 * mu);
        return Constant[n] + Y[n] * eta - m * LogExp.Log1pExp(eta);
    }
}

/// <summary>
/// binomial(probit): ℓ = lchoose + y log Φ(η) + (n − y) log Φ(−η). With m(x) = φ(x)/Φ(x), m' = −m(x + m),
/// m'' = −m'(x + m) − m(1 + m'): ℓ' = y m(η) − (n − y) m(−η), ℓ'' = y m'(η) + (n − y) m'(−η), ℓ''' = y m''(η) − (n − y) m''(−η).
/// Zero counts are skipped so that 0 · ∞ never arises.
/// </summary>
internal sealed class BinomialProbitDerivatives(double[] y, double[] trials) : BinomialDerivatives(y, trials)
{
    public override double Value(int n, double eta, out double d1, out double d2, out double d3)
    {
        StandardNormal.LogTails(eta, out double logCdf, out double logCcdf, out double millsUp, out double millsDown);
        double successes = Y[n], failures = Trials[n] - Y[n], value = Constant[n];
        d1 = d2 = d3 = 0;
        if (successes != 0)
        {
            Mills(eta, millsUp, out double m1, out double m2);
            value += successes * logCdf;
            d1 += successes * millsUp;
            d2 += successes * m1;
            d3 += successes * m2;
        }
        if (failures != 0)
        {
            Mills(-eta, millsDown, out double m1, out double m2);
            value += failures * logCcdf;
            d1 -= failures * millsDown;
            d2 += failures * m1;
            d3 -= failures * m2;
        }
        return value;
    }

    /// <summary>m'(x) and m''(x) from m(x).</summary>
    private static void Mills(double x, double m, out double first, out double second)
    {
        first = -m * (x + m);
        second = -first * (x + m) - m * (1 + first);
    }
}

/// <summary>
/// binomial(cloglog): μ = 1 − exp(−E), E = e^η; ℓ = lchoose + y log(1 − e^−E) − (n − y) E. With a(E) = E/(e^E − 1):
/// ℓ' = y a − (n − y) E, ℓ'' = y E a' − (n − y) E, ℓ''' = y (E a' + E² a'') − (n − y) E; a and its derivatives from
/// q = e^−E (1/expm1 E = q/(1 − q)), or their Bernoulli series a = Σ B_k E^k / k! below E = 0.05.
/// </summary>
internal sealed class BinomialCloglogDerivatives(double[] y, double[] trials) : BinomialDerivatives(y, trials)
{
    public override double Value(int n, double eta, out double d1, out double d2, out double d3)
    {
        double e = Math.Exp(eta), successes = Y[n], failures = Trials[n] - Y[n], value = Constant[n] - failures * e;
        d1 = d2 = d3 = -failures * e;
        if (successes != 0)
        {
            double a, a1, a2;
            if (e < 0.05)
            {
                double e2 = e * e;
                a = 1 - e / 2 + e2 / 12 - e2 * e2 / 720 + e2 * e2 * e2 / 30240;
                a1 = -0.5 + e / 6 - e2 * e / 180 + e2 * e2 * e / 5040;
                a2 = 1.0 / 6 - e2 / 60 + e2 * e2 / 1008;
            }
            else
            {
                double q = Math.Exp(-e), oneMinus = -LogExp.Expm1(-e), r = q / oneMinus;
                a = e * r;
                a1 = r - e * r / oneMinus;
                a2 = -2 * r / oneMinus - e * r / oneMinus + 2 * e * r / (oneMinus * oneMinus);
            }
            value += successes * LogExp.Log1mExp(-e);
            d1 += successes * a;
            d2 += successes * e * a1;
            d3 += successes * (e * a1 + e * e * a2);
        }
        return value;
    }
}

/// <summary>poisson(log): ℓ = yη − e^η − lgamma(y + 1); ℓ' = y − μ, ℓ'' = ℓ''' = −μ.</summary>
internal sealed class PoissonLogDerivatives(double[] y) : ObservationDerivatives
{
    private readonly double[] _constant = y.Select(v => -SpecialFunctions.GammaLn(v + 1)).ToArray();

    public override IReadOnlyList<FamilyParameter> Parameters => [];
    public override int ObservationCount => y.Length;
    public override bool IsLogConcave => true;
    public override void SetParameters(ReadOnlySpan<double> theta) { }

    public override double Value(int n, double eta, out double d1, out double d2, out double d3)
    {
        double mu = Math.Exp(eta);
        d1 = y[n] - mu;
        d2 = d3 = -mu;
        return _constant[n] + y[n] * eta - mu;
    }

    public override void ParameterDerivatives(int n, double eta, Span<double> value, Span<double> first, Span<double> second) { }

    public override double SaturatedLogLikelihood(int n) => _constant[n] + (y[n] > 0 ? y[n] * Math.Log(y[n]) : 0) - y[n];

    public override ObservationDerivatives Copy() => this;
}

/// <summary>
/// negbinomial(log) with shape φ (brms): ℓ = lgamma(y + φ) − lgamma(φ) − lgamma(y + 1) + φ log φ + yη − (y + φ) log(μ + φ),
/// regrouped so that no term grows with φ (HGLM_NOTES §1), with D = log Γ(y + φ) − log Γ(φ) − y log φ
/// (<see cref="Polygamma.LogRisingOverPower"/>): ℓ = D − lgamma(y + 1) + yη − (y + φ) log1p(μ/φ).
/// With p = μ/(μ + φ): ℓ' = y − (y + φ)p, ℓ'' = −(y + φ)p(1 − p), ℓ''' = ℓ''(1 − 2p);
/// ∂ℓ/∂φ = ψ(y + φ) − ψ(φ) − log1p(μ/φ) + (μ − y)/(μ + φ), ∂ℓ'/∂φ = p(y − μ)/(μ + φ),
/// ∂ℓ''/∂φ = −p(1 − p) − (y + φ)μ(μ − φ)/(μ + φ)³.
/// </summary>
internal sealed class NegBinomialLogDerivatives(double[] y) : ObservationDerivatives
{
    private static readonly IReadOnlyList<FamilyParameter> Shape = [new("shape", 0.0)];
    private readonly double[] _constant = y.Select(v => -SpecialFunctions.GammaLn(v + 1)).ToArray();
    private double _phi = double.NaN, _logPhi;

    public override IReadOnlyList<FamilyParameter> Parameters => Shape;
    public override int ObservationCount => y.Length;
    public override bool IsLogConcave => true;

    public override void SetParameters(ReadOnlySpan<double> theta)
    {
        _phi = theta[0];
        _logPhi = Math.Log(_phi);
    }

    public override double Value(int n, double eta, out double d1, out double d2, out double d3)
    {
        double phi = _phi, mu = Math.Exp(eta), yn = y[n], p = mu / (mu + phi);
        d1 = yn - (yn + phi) * p;
        d2 = -(yn + phi) * p * (1 - p);
        d3 = d2 * (1 - 2 * p);
        return _constant[n] + Polygamma.LogRisingOverPower(phi, yn) + yn * eta - (yn + phi) * Log1pRatio(eta, mu);
    }

    public override void ParameterDerivatives(int n, double eta, Span<double> value, Span<double> first, Span<double> second)
    {
        double phi = _phi, mu = Math.Exp(eta), yn = y[n], s = mu + phi, p = mu / s;
        value[0] = Polygamma.DigammaDifference(phi, yn) - Log1pRatio(eta, mu) + (mu - yn) / s;
        first[0] = p * (yn - mu) / s;
        second[0] = -p * (1 - p) - (yn + phi) * mu * (mu - phi) / (s * s * s);
    }

    /// <summary>log1p(μ/φ), from the larger of μ and φ.</summary>
    private double Log1pRatio(double eta, double mu) => eta > _logPhi ? eta - _logPhi + LogExp.Log1p(_phi / mu) : LogExp.Log1p(mu / _phi);

    public override ObservationDerivatives Copy() => new NegBinomialLogDerivatives(y);
}
