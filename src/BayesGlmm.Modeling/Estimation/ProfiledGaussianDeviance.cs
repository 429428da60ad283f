// lmer's objective: the deviance or REML criterion of a linear mixed model profiled over β and σ, as a function of θ, with its gradient.
using BayesGlmm.Modeling.Integrated;

namespace BayesGlmm.Modeling.Estimation;

/// <summary>
/// −2 log L(θ) with β and σ replaced by their estimates given θ (Bates et al. 2015, JSS 67(1), eqs. 34 and 41): the
/// penalised least squares solve at σ = 1, Λ = Λ(θ) gives β̂(θ) and the penalised residual r²(θ), σ̂² = r²/N (ML) or
/// r²/(N − P) (REML), and the criterion is −2 times the likelihood (ML: at β̂; REML: β integrated out) at σ̂ with
/// T = σ̂ Λ(θ). Because β̂ and σ̂ maximise over their own coordinates, the gradient in θ is σ̂ times the likelihood's
/// gradient in T (the envelope theorem). With known standard errors there is no σ and θ is the absolute factor.
/// One instance is for one thread at a time.
/// </summary>
public sealed class ProfiledGaussianDeviance
{
    private readonly GaussianMarginalDesign _design;
    private readonly RelativeFactor _parameters;
    private readonly GaussianMarginal _restricted;
    private readonly GaussianMarginal _marginal;
    private readonly double[] _factors;
    private readonly double[] _gradientFactors;
    private readonly double[] _beta;
    private readonly double[] _gradientBeta;

    /// <summary>The criterion over <paramref name="design"/>: REML when <paramref name="restricted"/>, else ML.</summary>
    public ProfiledGaussianDeviance(GaussianMarginalDesign design, bool restricted)
    {
        _design = design;
        IsRestricted = restricted;
        _parameters = new RelativeFactor(design.Layout);
        _restricted = new GaussianMarginal(design, restricted: true);
        _marginal = new GaussianMarginal(design, restricted: false);
        _factors = new double[design.Layout.FactorLength];
        _gradientFactors = new double[design.Layout.FactorLength];
        _beta = new double[design.FixedCount];
        _gradientBeta = new double[design.FixedCount];
    }

    /// <summary>Whether this is the REML criterion.</summary>
    public bool IsRestricted { get; }

    /// <summary>θ's layout and bounds.</summary>
    public RelativeFactor Parameters => _parameters;

    /// <summary>After <see cref="Evaluate"/>: σ̂ (1 with known standard errors).</summary>
    public double Sigma { get; private set; } = double.NaN;

    /// <summary>After <see cref="Evaluate"/>: β̂(θ).</summary>
    public ReadOnlySpan<double> FixedEstimate => _beta;

    /// <summary>Returns the criterion −2 log L at θ (+∞ where the system is not positive definite) and writes its gradient when <paramref name="gradient"/> is not empty.</summary>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        _parameters.ToFactors(theta, 1.0, _factors);
        double atOne = _restricted.Evaluate([], _factors, 0.0, [], [], out _);
        if (!double.IsFinite(atOne)) return double.PositiveInfinity;
        _restricted.FixedEstimate.CopyTo(_beta);
        double sigma = 1, logSigma = 0;
        if (_design.HasSigma)
        {
            int df = _design.ObservationCount - (IsRestricted ? _design.FixedCount : 0);
            sigma = Math.Sqrt(_restricted.PenalizedResidual / df);
            logSigma = Math.Log(sigma);
            _parameters.ToFactors(theta, sigma, _factors);
        }
        Sigma = sigma;
        bool wantGradient = !gradient.IsEmpty;
        Span<double> gf = wantGradient ? _gradientFactors : [];
        double logLik = IsRestricted
            ? _restricted.Evaluate([], _factors, logSigma, [], gf, out _)
            : _marginal.Evaluate(_beta, _factors, logSigma, _gradientBeta, gf, out _);
        if (!double.IsFinite(logLik)) return double.PositiveInfinity;
        if (wantGradient)
        {
            _parameters.ToParameterGradient(_gradientFactors, sigma, gradient);
            for (int i = 0; i < gradient.Length; i++) gradient[i] *= -2;
        }
        return -2 * logLik;
    }

    /// <summary>After <see cref="Evaluate"/>: Cov(β̂) = σ̂² (R_XᵀR_X)⁻¹ (P × P, row-major), lme4's vcov.</summary>
    public void FixedEffectCovariance(Span<double> covariance)
    {
        if (IsRestricted) _restricted.FixedEffectCovariance(covariance);
        else
        {
            // The restricted system at σ̂_ML carries (XᵀV⁻¹X)⁻¹ with the ML σ̂.
            _restricted.Evaluate([], _factors, _design.HasSigma ? Math.Log(Sigma) : 0.0, [], [], out _);
            _restricted.FixedEffectCovariance(covariance);
        }
    }
}
