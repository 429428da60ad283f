// The marginal route of a conjugate random intercept: u integrated out in closed form, drawn per draw from its exact conditional.
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Modeling.Hglm;

/// <summary>
/// A conjugate random intercept integrated out where the cluster likelihood keeps the conjugate kernel (Poisson–gamma and
/// gamma–inverse-gamma with any other terms, binomial–beta with nothing else in the linear predictor): the log density
/// gets Σ_i ℓ_i(η, θ, λ), the closed forms of <see cref="ConjugateMarginal"/> (HGLM_NOTES §1–3), NUTS samples only ρ = log λ
/// (with the other parameters), and <see cref="ConjugateEffects.WriteOutputs"/> draws v from its exact conditional given the draw (§7).
/// </summary>
public sealed class ConjugateIntegratedEffects : ConjugateEffects
{
    private readonly ConjugateClusters _clusters;

    /// <summary>The integrated route of <paramref name="term"/> for <paramref name="pair"/>, its data in the evaluation order <paramref name="order"/>.</summary>
    public ConjugateIntegratedEffects(GroupTerm term, ConjugatePair pair, BoundedPrior lambdaPrior, PriorUse lambdaUse, ResponseData response, int[] order)
        : base(term, pair, lambdaPrior, lambdaUse, response, hasClusterLikelihood: true)
    {
        if (pair == ConjugatePair.GammaInverseGammaReciprocal)
            throw new ArgumentException("The reciprocal link is not conjugate once other terms enter the predictor: sample it jointly.", nameof(pair));
        _clusters = new ConjugateClusters(pair, response, term.LevelOfObservation, term.LevelCount, order);
    }

    /// <inheritdoc />
    public override bool IsIntegrated => true;

    /// <inheritdoc />
    public override int LatentCount => 0;

    /// <inheritdoc />
    public override RandomEffectKernel CreateKernel() => new Kernel(this, _clusters);

    private protected override void WriteEffects(ReadOnlySpan<double> position, double rho, Span<double> v, OutputContext context, RandomStream rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        DrawConditional(context.FixedPredictor, context.FamilyValues, rho, rng, v);
    }

    /// <summary>Σ_i ℓ_i with u integrated out, ∂/∂η, ∂/∂θ and ∂/∂ρ (HGLM_NOTES §1–3).</summary>
    private sealed class Kernel(ConjugateIntegratedEffects block, ConjugateClusters clusters) : IntegratedKernel
    {
        private readonly double[] _statistic = new double[clusters.LevelCount];
        private readonly double[] _cluster = new double[clusters.LevelCount];
        private double _rho, _gradientRho;

        public override void Forward(ReadOnlySpan<double> position, ref double logPrior, ref double extra)
        {
            _rho = position[block.RhoOffset];
            extra += _rho;
        }

        public override double Likelihood(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> gEta, Span<double> gradientTheta)
        {
            var c = clusters;
            int n = c.ObservationCount, levels = c.LevelCount;
            var stat = _statistic.AsSpan();
            var ca = _cluster.AsSpan();
            var level = c.Level;
            var y = c.Response;
            double rho = _rho, gRho = 0.0;
            gradientTheta.Clear();
            stat.Clear();
            double total = c.ObservationConstant;
            switch (c.Pair)
            {
                case ConjugatePair.PoissonGamma:
                {
                    // μ = e^η into gEta; M_i; ℓ_i; ∂η = y − μ û_i (HGLM_NOTES §1).
                    double alpha = Math.Exp(-rho);
                    TensorPrimitives.Exp(eta, gEta);
                    for (int i = 0; i < n; i++) stat[level[i]] += gEta[i];
                    total += TensorPrimitives.Dot(y, eta);
                    for (int j = 0; j < levels; j++)
                    {
                        total += ConjugateMarginal.PoissonGamma(alpha, c.ClusterResponse[j], stat[j], out ca[j], out double d);
                        gRho += d;
                    }
                    for (int i = 0; i < n; i++) gEta[i] = y[i] - gEta[i] * ca[level[i]];
                    break;
                }
                case ConjugatePair.GammaInverseGamma:
                {
                    // y/μ = y e^(−η) into gEta; S_i; ℓ_i; ∂η = ν(y/μ · A/B − 1), ∂ν (HGLM_NOTES §2).
                    double bScale = Math.Exp(-rho), shape = theta[0];
                    double logShape = Math.Log(shape);
                    double lgShape = GammaFunctions.LogGammaDigamma(shape, out double psiShape);
                    TensorPrimitives.Negate(eta, gEta);
                    TensorPrimitives.Exp(gEta, gEta);
                    TensorPrimitives.Multiply(gEta, y, gEta);
                    for (int i = 0; i < n; i++) stat[level[i]] += gEta[i];
                    double sumLogY = TensorPrimitives.Sum<double>(c.LogResponse), sumEta = TensorPrimitives.Sum<double>(eta);
                    total += n * (shape * logShape - lgShape) + (shape - 1.0) * sumLogY - shape * sumEta;
                    double gShape = n * (logShape + 1.0 - psiShape) + sumLogY - sumEta;
                    for (int j = 0; j < levels; j++)
                    {
                        total += ConjugateMarginal.GammaInverseGamma(bScale, c.ClusterSize[j], shape, stat[j], out ca[j], out double dShape, out double d);
                        gShape += dShape;
                        gRho += d;
                    }
                    for (int i = 0; i < n; i++) gEta[i] = shape * (gEta[i] * ca[level[i]] - 1.0);
                    gradientTheta[0] = gShape;
                    break;
                }
                default:
                {
                    double alpha = 0.5 * Math.Exp(-rho);
                    for (int j = 0; j < levels; j++)
                    {
                        total += ConjugateMarginal.BinomialBeta(alpha, c.ClusterResponse[j], c.ClusterTrials[j], out double d);
                        gRho += d;
                    }
                    gEta.Clear();
                    break;
                }
            }
            _gradientRho = gRho;
            return total;
        }

        public override void Backward(ReadOnlySpan<double> position, Span<double> gradient, ref double logPrior)
        {
            double lambda = Math.Exp(_rho);
            logPrior += block.LambdaPrior.LogDensity(lambda, out double dLambda);
            gradient[block.RhoOffset] += _gradientRho + dLambda * lambda + 1.0;
        }
    }
}
