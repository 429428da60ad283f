// The conjugate HGLM log density with its analytic gradient, on the marginal or the joint route; one evaluator per chain.
using System.Numerics.Tensors;
using BayesGlmm.Numerics.Special;
using BayesGlmm.Sampling;

namespace BayesGlmm.Modeling.Hglm;

/// <summary>
/// log p(position) = log prior(b, θ, λ) + log|Jacobians| + (marginal route) Σ_i ℓ_i(b, θ, λ), the closed-form
/// cluster likelihoods of <see cref="ConjugateMarginal"/>, or (joint route) Σ_i [log p(v_i | λ) + log s(λ)] +
/// log p(y | X b + offset + v, θ) with v_i = m(λ) + s(λ) z_i (<see cref="ConjugateEffectLaw"/>; with the reciprocal
/// link t_i = m + s z_i and v_i = e^(t_i), a draw with some predictor ≤ 0 having density −∞). Gradients by
/// the chain rule, ∂b = Xᵀ ∂eta (HGLM_NOTES §1–3). All normalising constants are kept. Nothing allocates per call.
/// </summary>
public sealed class HglmEvaluator : ISeparableLogDensity
{
    private readonly HglmStructure _s;
    private readonly double[] _eta, _gradientEta, _theta, _gradientTheta, _priorB, _statistic, _clusterA, _clusterB, _linkEffect, _scratchGradient;

    /// <summary>An evaluator with its own scratch over the shared <paramref name="structure"/>.</summary>
    public HglmEvaluator(HglmStructure structure)
    {
        _s = structure;
        _eta = new double[structure.ObservationCount];
        _gradientEta = new double[structure.ObservationCount];
        _theta = new double[structure.FamilyParameters.Count];
        _gradientTheta = new double[structure.FamilyParameters.Count];
        _priorB = new double[structure.FixedCount];
        _statistic = new double[structure.LevelCount];
        _clusterA = new double[structure.LevelCount];
        _clusterB = new double[structure.LevelCount];
        _linkEffect = new double[structure.LevelCount];
        _scratchGradient = new double[structure.Dimension];
    }

    /// <inheritdoc />
    public int Dimension => _s.Dimension;

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient) => Compute(position, gradient, out _, out _);

    /// <inheritdoc />
    public (double LogPrior, double LogLikelihood) EvaluateParts(ReadOnlySpan<double> position)
    {
        Compute(position, _scratchGradient, out double logPrior, out double logLikelihood);
        return (logPrior, logLikelihood);
    }

    /// <summary>
    /// Fills <paramref name="gradient"/> and returns the log density; <paramref name="logPrior"/> is the prior of b, θ
    /// and λ without Jacobians, <paramref name="logLikelihood"/> the marginal (marginal route) or conditional (joint
    /// route) likelihood.
    /// </summary>
    private double Compute(ReadOnlySpan<double> position, Span<double> gradient, out double logPrior, out double logLikelihood)
    {
        var s = _s;
        if (position.Length != s.Dimension || gradient.Length != s.Dimension)
            throw new ArgumentException($"Expected position and gradient of length {s.Dimension}.");
        gradient.Clear();
        logPrior = 0.0;
        logLikelihood = double.NaN;
        double extra = 0.0;
        int p = s.FixedCount;
        var b = position[..p];
        var eta = _eta.AsSpan();
        var gEta = _gradientEta.AsSpan();

        if (s.Offset is { } offset) offset.CopyTo(eta); else eta.Clear();
        for (int j = 0; j < p; j++)
        {
            if (s.ColumnIsOnes[j]) TensorPrimitives.Add(eta, b[j], eta);
            else TensorPrimitives.MultiplyAdd(s.X.Column(j), b[j], eta, eta);
        }
        int f = s.FamilyParameters.Count;
        for (int i = 0; i < f; i++)
        {
            double u = position[s.FamilyOffset + i];
            _theta[i] = s.FamilyParameters[i].LowerBound + Math.Exp(u);
            extra += u;
        }
        _gradientTheta.AsSpan().Clear();
        double rho = position[s.RhoOffset];
        double lambda = Math.Exp(rho);
        extra += rho;
        double gRho = 0.0;

        if (s.Marginal) logLikelihood = Marginal(rho, gEta, ref gRho);
        else logLikelihood = Joint(position, gradient, rho, ref extra, ref gRho);
        if (!double.IsFinite(logLikelihood)) return double.NegativeInfinity;

        // Priors on the coefficients as they apply (a centred intercept, or the reported one chained through the
        // internal centring: InterceptPriorShift); likelihood part Xᵀ ∂eta.
        s.PriorScaleFixed(b, _priorB);
        double gInterceptPrior = 0.0;
        for (int j = 0; j < p; j++)
        {
            logPrior += s.Priors.FixedEffects[j].LogDensity(_priorB[j], out double d);
            gradient[j] += d + (s.ColumnIsOnes[j] ? TensorPrimitives.Sum<double>(gEta) : TensorPrimitives.Dot(s.X.Column(j), gEta));
            if (j == s.InterceptColumn) gInterceptPrior = d;
        }
        if (s.InterceptPriorShift is { } shift)
            for (int j = 0; j < p; j++)
                if (j != s.InterceptColumn) gradient[j] += shift[j] * gInterceptPrior;
        for (int i = 0; i < f; i++)
        {
            logPrior += s.Priors.FamilyParameters[i].LogDensity(_theta[i], out double d);
            double e = _theta[i] - s.FamilyParameters[i].LowerBound;
            gradient[s.FamilyOffset + i] += (_gradientTheta[i] + d) * e + 1.0;
        }
        logPrior += s.LambdaPrior.LogDensity(lambda, out double dLambda);
        gradient[s.RhoOffset] += gRho + dLambda * lambda + 1.0;

        double total = logPrior + extra + logLikelihood;
        return double.IsFinite(total) ? total : double.NegativeInfinity;
    }

    /// <summary>Σ_i ℓ_i with u integrated out; fills ∂/∂eta, ∂/∂θ (into the scratch) and adds ∂/∂ρ.</summary>
    private double Marginal(double rho, Span<double> gEta, ref double gRho)
    {
        var s = _s;
        int n = s.ObservationCount, levels = s.LevelCount;
        var eta = _eta.AsSpan();
        var stat = _statistic.AsSpan();
        var ca = _clusterA.AsSpan();
        var level = s.Level;
        var y = s.Response;
        stat.Clear();
        double total = s.ObservationConstant;
        switch (s.Pair)
        {
            case ConjugatePair.PoissonGamma:
            {
                // μ = e^eta into gEta; M_i; ℓ_i; ∂eta = y − μ û_i (HGLM_NOTES §1).
                double alpha = Math.Exp(-rho);
                TensorPrimitives.Exp(eta, gEta);
                for (int i = 0; i < n; i++) stat[level[i]] += gEta[i];
                total += TensorPrimitives.Dot(y, eta);
                for (int j = 0; j < levels; j++)
                {
                    total += ConjugateMarginal.PoissonGamma(alpha, s.ClusterResponse[j], stat[j], out ca[j], out double d);
                    gRho += d;
                }
                for (int i = 0; i < n; i++) gEta[i] = y[i] - gEta[i] * ca[level[i]];
                break;
            }
            case ConjugatePair.GammaInverseGamma:
            {
                // y/μ = y e^(−eta) into gEta; S_i; ℓ_i; ∂eta = ν(y/μ · A/B − 1), ∂ν (HGLM_NOTES §2).
                double bScale = Math.Exp(-rho), shape = _theta[0];
                double logShape = Math.Log(shape);
                double lgShape = GammaFunctions.LogGammaDigamma(shape, out double psiShape);
                TensorPrimitives.Negate(eta, gEta);
                TensorPrimitives.Exp(gEta, gEta);
                TensorPrimitives.Multiply(gEta, y, gEta);
                for (int i = 0; i < n; i++) stat[level[i]] += gEta[i];
                double sumLogY = TensorPrimitives.Sum<double>(s.LogResponse), sumEta = TensorPrimitives.Sum<double>(eta);
                total += n * (shape * logShape - lgShape) + (shape - 1.0) * sumLogY - shape * sumEta;
                double gShape = n * (logShape + 1.0 - psiShape) + sumLogY - sumEta;
                for (int j = 0; j < levels; j++)
                {
                    total += ConjugateMarginal.GammaInverseGamma(bScale, s.ClusterSize[j], shape, stat[j], out ca[j], out double dShape, out double d);
                    gShape += dShape;
                    gRho += d;
                }
                for (int i = 0; i < n; i++) gEta[i] = shape * (gEta[i] * ca[level[i]] - 1.0);
                _gradientTheta[0] = gShape;
                break;
            }
            default:
            {
                double alpha = 0.5 * Math.Exp(-rho);
                for (int j = 0; j < levels; j++)
                {
                    total += ConjugateMarginal.BinomialBeta(alpha, s.ClusterResponse[j], s.ClusterTrials[j], out double d);
                    gRho += d;
                }
                gEta.Clear();
                break;
            }
        }
        return total;
    }

    /// <summary>
    /// The joint route: adds Σ_i [log p(v_i | λ) + log s] to <paramref name="extra"/>, returns log p(y | eta + v, θ), fills
    /// ∂/∂eta, ∂/∂θ and ∂/∂z, and adds ∂/∂ρ through the density of v and through v = m(λ) + s(λ) z.
    /// </summary>
    private double Joint(ReadOnlySpan<double> position, Span<double> gradient, double rho, ref double extra, ref double gRho)
    {
        var s = _s;
        int n = s.ObservationCount, levels = s.LevelCount;
        var eta = _eta.AsSpan();
        var gEta = _gradientEta.AsSpan();
        var v = _clusterA.AsSpan();
        var gv = _clusterB.AsSpan();
        var level = s.Level;
        var law = new ConjugateEffectLaw(s.Pair, rho);
        double m = law.Location, scale = law.Scale;
        if (!(scale > 0) || !double.IsFinite(m)) return double.NaN;
        var z = position.Slice(s.ZOffset, levels);
        double densityRho = 0.0;
        for (int j = 0; j < levels; j++)
        {
            v[j] = m + scale * z[j];
            extra += law.LogDensity(v[j], out gv[j], out double d);
            densityRho += d;
        }
        extra += levels * Math.Log(scale);
        // The link-scale effect: v itself, or e^t with the reciprocal link (whose gamma(inverse) density is NaN at a predictor ≤ 0).
        bool reciprocal = s.Pair == ConjugatePair.GammaInverseGammaReciprocal;
        var effect = reciprocal ? _linkEffect.AsSpan() : v;
        if (reciprocal) TensorPrimitives.Exp(v, effect);
        for (int i = 0; i < n; i++) eta[i] += effect[level[i]];
        double logLikelihood = s.Likelihood.Evaluate(eta, _theta, gEta, _gradientTheta);
        if (!double.IsFinite(logLikelihood)) return logLikelihood;
        if (reciprocal)
            for (int i = 0; i < n; i++) gv[level[i]] += gEta[i] * effect[level[i]];
        else
            for (int i = 0; i < n; i++) gv[level[i]] += gEta[i];
        var gz = gradient.Slice(s.ZOffset, levels);
        double chain = 0.0;
        for (int j = 0; j < levels; j++)
        {
            gz[j] = scale * gv[j];
            chain += gv[j] * (law.LocationDerivative + z[j] * law.ScaleDerivative);
        }
        gRho += densityRho + chain + levels * law.ScaleDerivative / scale;
        return logLikelihood;
    }
}
