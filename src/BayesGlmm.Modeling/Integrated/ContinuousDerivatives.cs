// ℓ, ℓ', ℓ'', ℓ''' in η for the gaussian (identity, log, known se), lognormal, gamma (log, inverse), beta(logit) and student families.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Modeling.Integrated;

/// <summary>
/// gaussian(identity | log) and lognormal (log y with the identity link): ℓ = −½ log 2π − log σ − r²/(2σ²) (− log y for
/// lognormal), r = y − μ. Identity: ℓ' = r/σ², ℓ'' = −1/σ², ℓ''' = 0. Log (μ = e^η): ℓ' = rμ/σ², ℓ'' = (yμ − 2μ²)/σ²,
/// ℓ''' = (yμ − 4μ²)/σ². ∂ℓ/∂σ = −1/σ + r²/σ³ and ∂ℓ^(k)/∂σ = −2ℓ^(k)/σ (k = 1, 2). With known standard errors σ_n = se_n
/// and there is no parameter.
/// </summary>
internal sealed class GaussianDerivatives : ObservationDerivatives
{
    private static readonly IReadOnlyList<FamilyParameter> Sigma = [new("sigma", 0.0)];
    private readonly double[] _y;
    private readonly double[]? _se;
    private readonly double[] _constant;
    private readonly bool _logLink;
    private double _sigma = double.NaN;

    public GaussianDerivatives(double[] y, double[]? knownStandardErrors, bool logLink, bool logResponse)
    {
        _y = logResponse ? y.Select(v => Math.Log(v)).ToArray() : y;
        _se = knownStandardErrors;
        _logLink = logLink;
        _constant = new double[y.Length];
        for (int n = 0; n < y.Length; n++)
            _constant[n] = -StandardNormal.LogSqrtTwoPi - (logResponse ? _y[n] : 0) - (_se is null ? 0 : Math.Log(_se[n]));
    }

    private GaussianDerivatives(GaussianDerivatives other)
    {
        _y = other._y;
        _se = other._se;
        _constant = other._constant;
        _logLink = other._logLink;
    }

    public override IReadOnlyList<FamilyParameter> Parameters => _se is null ? Sigma : [];
    public override int ObservationCount => _y.Length;
    public override bool IsLogConcave => !_logLink;
    public override void SetParameters(ReadOnlySpan<double> theta) => _sigma = _se is null ? theta[0] : double.NaN;

    public override double Value(int n, double eta, out double d1, out double d2, out double d3)
    {
        double sigma = _se?[n] ?? _sigma, precision = 1 / (sigma * sigma), y = _y[n];
        double mu = _logLink ? Math.Exp(eta) : eta, r = y - mu;
        if (_logLink)
        {
            d1 = r * mu * precision;
            d2 = (y * mu - 2 * mu * mu) * precision;
            d3 = (y * mu - 4 * mu * mu) * precision;
        }
        else
        {
            d1 = r * precision;
            d2 = -precision;
            d3 = 0;
        }
        return _constant[n] - (_se is null ? Math.Log(sigma) : 0) - 0.5 * r * r * precision;
    }

    public override void ParameterDerivatives(int n, double eta, Span<double> value, Span<double> first, Span<double> second)
    {
        if (_se is not null) return;
        double sigma = _sigma;
        Value(n, eta, out double d1, out double d2, out _);
        double mu = _logLink ? Math.Exp(eta) : eta, r = _y[n] - mu;
        value[0] = -1 / sigma + r * r / (sigma * sigma * sigma);
        first[0] = -2 * d1 / sigma;
        second[0] = -2 * d2 / sigma;
    }

    public override ObservationDerivatives Copy() => new GaussianDerivatives(this);
}

/// <summary>
/// gamma with shape α (brms: rate α/μ). Log link: ℓ = α log α − αη − lgamma α + (α − 1) log y − α y e^−η; ℓ' = −α + αy e^−η,
/// ℓ'' = −αy e^−η, ℓ''' = αy e^−η. Inverse link (η = 1/μ &gt; 0): ℓ = α log(αη) − lgamma α + (α − 1) log y − αyη; ℓ' = α/η − αy,
/// ℓ'' = −α/η², ℓ''' = 2α/η³. ∂/∂α of ℓ, ℓ', ℓ'' follow term by term (ψ the digamma function).
/// </summary>
internal sealed class GammaDerivatives(double[] y, bool inverseLink) : ObservationDerivatives
{
    private static readonly IReadOnlyList<FamilyParameter> Shape = [new("shape", 0.0)];
    private readonly double[] _logY = y.Select(v => Math.Log(v)).ToArray();
    private double _alpha = double.NaN, _logAlpha, _logGammaAlpha, _digammaAlpha;

    public override IReadOnlyList<FamilyParameter> Parameters => Shape;
    public override int ObservationCount => y.Length;
    public override bool IsLogConcave => true;

    public override void SetParameters(ReadOnlySpan<double> theta)
    {
        _alpha = theta[0];
        _logAlpha = Math.Log(_alpha);
        _logGammaAlpha = GammaFunctions.LogGammaDigamma(_alpha, out _digammaAlpha);
    }

    public override double Value(int n, double eta, out double d1, out double d2, out double d3)
    {
        double alpha = _alpha, yn = y[n], common = _logGammaAlpha - (alpha - 1) * _logY[n];
        if (!inverseLink)
        {
            double t = alpha * yn * Math.Exp(-eta);
            d1 = -alpha + t;
            d2 = -t;
            d3 = t;
            return alpha * (_logAlpha - eta) - t - common;
        }
        if (!(eta > 0))
        {
            d1 = d2 = d3 = 0;
            return double.NegativeInfinity;
        }
        d1 = alpha / eta - alpha * yn;
        d2 = -alpha / (eta * eta);
        d3 = 2 * alpha / (eta * eta * eta);
        return alpha * (_logAlpha + Math.Log(eta)) - alpha * yn * eta - common;
    }

    public override void ParameterDerivatives(int n, double eta, Span<double> value, Span<double> first, Span<double> second)
    {
        double yn = y[n], common = 1 - _digammaAlpha + _logY[n];
        if (!inverseLink)
        {
            double t = yn * Math.Exp(-eta);
            value[0] = _logAlpha - eta + common - t;
            first[0] = -1 + t;
            second[0] = -t;
            return;
        }
        value[0] = _logAlpha + Math.Log(eta) + common - yn * eta;
        first[0] = 1 / eta - yn;
        second[0] = -1 / (eta * eta);
    }

    public override ObservationDerivatives Copy() => new GammaDerivatives(y, inverseLink);
}

/// <summary>
/// beta(logit) with precision φ: μ = logistic(η), a = μφ, b = (1 − μ)φ, ℓ = lgamma φ − lgamma a − lgamma b + (a − 1) log y +
/// (b − 1) log(1 − y). With v = μ(1 − μ), T = log(y/(1 − y)) − ψ(a) + ψ(b), S = ψ1(a) + ψ1(b):
/// ℓ' = φvT, ℓ'' = φv(1 − 2μ)T − φ²v²S, ℓ''' = φ[v''T + 2v'T' + vT''] with v' = v(1 − 2μ), v'' = v(1 − 2μ)² − 2v²,
/// T' = −φvS, T'' = −φv'S − φ²v²(ψ2(a) − ψ2(b)). Not log-concave in η in general.
/// </summary>
internal sealed class BetaLogitDerivatives(double[] y) : ObservationDerivatives
{
    private static readonly IReadOnlyList<FamilyParameter> Phi = [new("phi", 0.0)];
    private readonly double[] _logY = y.Select(v => Math.Log(v)).ToArray();
    private readonly double[] _log1mY = y.Select(v => LogExp.Log1p(-v)).ToArray();
    private double _phi = double.NaN, _logGammaPhi, _digammaPhi;

    public override IReadOnlyList<FamilyParameter> Parameters => Phi;
    public override int ObservationCount => y.Length;
    public override bool IsLogConcave => false;

    public override void SetParameters(ReadOnlySpan<double> theta)
    {
        _phi = theta[0];
        _logGammaPhi = GammaFunctions.LogGammaDigamma(_phi, out _digammaPhi);
    }

    public override double Value(int n, double eta, out double d1, out double d2, out double d3)
    {
        double phi = _phi, mu = LogExp.Logistic(eta), v = mu * (1 - mu), a = mu * phi, b = (1 - mu) * phi;
        double lgA = GammaFunctions.LogGammaDigamma(a, out double psiA), lgB = GammaFunctions.LogGammaDigamma(b, out double psiB);
        double t = _logY[n] - _log1mY[n] - psiA + psiB;
        double s = Polygamma.Trigamma(a) + Polygamma.Trigamma(b);
        double s2 = Polygamma.Tetragamma(a) - Polygamma.Tetragamma(b);
        double v1 = v * (1 - 2 * mu), v2 = v * (1 - 2 * mu) * (1 - 2 * mu) - 2 * v * v;
        double t1 = -phi * v * s, t2 = -phi * v1 * s - phi * phi * v * v * s2;
        d1 = phi * v * t;
        d2 = phi * v1 * t - phi * phi * v * v * s;
        d3 = phi * (v2 * t + 2 * v1 * t1 + v * t2);
        return _logGammaPhi - lgA - lgB + (a - 1) * _logY[n] + (b - 1) * _log1mY[n];
    }

    public override void ParameterDerivatives(int n, double eta, Span<double> value, Span<double> first, Span<double> second)
    {
        double phi = _phi, mu = LogExp.Logistic(eta), v = mu * (1 - mu), a = mu * phi, b = (1 - mu) * phi;
        double psiA = GammaFunctions.Digamma(a), psiB = GammaFunctions.Digamma(b);
        double p1a = Polygamma.Trigamma(a), p1b = Polygamma.Trigamma(b);
        double t = _logY[n] - _log1mY[n] - psiA + psiB, s = p1a + p1b;
        double tPhi = -mu * p1a + (1 - mu) * p1b;
        double sPhi = mu * Polygamma.Tetragamma(a) + (1 - mu) * Polygamma.Tetragamma(b);
        double v1 = v * (1 - 2 * mu);
        value[0] = _digammaPhi - mu * psiA - (1 - mu) * psiB + mu * _logY[n] + (1 - mu) * _log1mY[n];
        first[0] = v * t + phi * v * tPhi;
        second[0] = v1 * t + phi * v1 * tPhi - 2 * phi * v * v * s - phi * phi * v * v * sPhi;
    }

    public override ObservationDerivatives Copy() => new BetaLogitDerivatives(y);
}

/// <summary>
/// student(identity) with scale σ and ν degrees of freedom: with r = y − η, w = νσ², D = w + r²,
/// ℓ = lgamma((ν+1)/2) − lgamma(ν/2) − ½ log(νπ) − log σ − (ν+1)/2 log(1 + r²/w);
/// ℓ' = (ν+1)r/D, ℓ'' = −(ν+1)(w − r²)/D², ℓ''' = (ν+1)(2r³ − 6rw)/D³; the σ and ν derivatives through w. Not log-concave.
/// </summary>
internal sealed class StudentDerivatives(double[] y) : ObservationDerivatives
{
    private static readonly IReadOnlyList<FamilyParameter> SigmaNu = [new("sigma", 0.0), new("nu", 1.0)];
    private double _sigma = double.NaN, _nu, _constant, _digammaTerm;

    public override IReadOnlyList<FamilyParameter> Parameters => SigmaNu;
    public override int ObservationCount => y.Length;
    public override bool IsLogConcave => false;

    public override void SetParameters(ReadOnlySpan<double> theta)
    {
        _sigma = theta[0];
        _nu = theta[1];
        _constant = GammaFunctions.LogGammaDigamma((_nu + 1) / 2, out double psiUp) - GammaFunctions.LogGammaDigamma(_nu / 2, out double psiDown)
                    - 0.5 * Math.Log(_nu * Math.PI) - Math.Log(_sigma);
        _digammaTerm = 0.5 * (psiUp - psiDown) - 0.5 / _nu;
    }

    public override double Value(int n, double eta, out double d1, out double d2, out double d3)
    {
        double nu = _nu, r = y[n] - eta, w = nu * _sigma * _sigma, d = w + r * r;
        d1 = (nu + 1) * r / d;
        d2 = -(nu + 1) * (w - r * r) / (d * d);
        d3 = (nu + 1) * (2 * r * r * r - 6 * r * w) / (d * d * d);
        return _constant - 0.5 * (nu + 1) * LogExp.Log1p(r * r / w);
    }

    public override void ParameterDerivatives(int n, double eta, Span<double> value, Span<double> first, Span<double> second)
    {
        double nu = _nu, sigma = _sigma, s2 = sigma * sigma, r = y[n] - eta, w = nu * s2, d = w + r * r;
        double d2 = d * d, d3 = d2 * d, tail = (3 * r * r - w) / d3;
        value[0] = -1 / sigma + (nu + 1) * r * r / (sigma * d);
        first[0] = -(nu + 1) * r * 2 * nu * sigma / d2;
        second[0] = -(nu + 1) * tail * 2 * nu * sigma;
        value[1] = _digammaTerm - 0.5 * LogExp.Log1p(r * r / w) + 0.5 * (nu + 1) * r * r * s2 / (w * d);
        first[1] = r / d - (nu + 1) * r * s2 / d2;
        second[1] = -(w - r * r) / d2 - (nu + 1) * tail * s2;
    }

    public override ObservationDerivatives Copy() => new StudentDerivatives(y);
}
