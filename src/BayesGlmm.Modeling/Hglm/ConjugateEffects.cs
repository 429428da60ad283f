// A conjugate HGLM random intercept (Lee & Nelder 1996): dispersion lambda, the effects u and v = v(u), their prior and cluster likelihood.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Modeling.Hglm;

/// <summary>
/// The random intercept of a conjugate pair (<see cref="ConjugatePair"/>): v_i = v(u_i), u_i ~ D(λ), λ = e^ρ with its prior
/// (exponential(1) by default). Two routes share this: <see cref="ConjugateIntegratedEffects"/> integrates u out where the
/// cluster likelihood keeps the conjugate kernel and draws it from its exact conditional per draw (HGLM_NOTES §7);
/// <see cref="ConjugateJointEffects"/> samples it, non-centred. Both give the same posterior. Reported as <c>lambda_g</c>,
/// <c>u_g[level]</c> and <c>r_g[level,Intercept]</c> (= v; 1/u with the gamma family's inverse link).
/// </summary>
public abstract class ConjugateEffects : RandomEffectBlock
{
    private readonly GroupTerm _term;
    private readonly OutputGroup[] _hyperOutputs;
    private readonly string[] _effectNames;
    private readonly PriorTerm[] _priorTerms;
    private readonly PriorUse[] _priorUses;
    private readonly ConjugateClusters? _frameClusters;

    private protected ConjugateEffects(GroupTerm term, ConjugatePair pair, BoundedPrior lambdaPrior, PriorUse lambdaUse, ResponseData response,
        bool hasClusterLikelihood)
    {
        _term = term;
        Pair = pair;
        LambdaPrior = lambdaPrior;
        LevelCount = term.LevelCount;
        HasClusterLikelihood = hasClusterLikelihood;
        _hyperOutputs = [new("lambda", ["lambda_" + term.Group])];
        _effectNames = [.. term.Levels.Select(l => $"u_{term.Group}[{l}]"), .. term.Levels.Select(l => $"r_{term.Group}[{l},Intercept]")];
        _priorTerms = [new("lambda_" + term.Group, "lambda")];
        _priorUses = [lambdaUse];
        if (hasClusterLikelihood)
            _frameClusters = new ConjugateClusters(pair, response, term.LevelOfObservation, LevelCount, Enumerable.Range(0, term.LevelOfObservation.Length).ToArray());
    }

    /// <summary>The conjugate pair.</summary>
    public ConjugatePair Pair { get; }

    /// <summary>The prior of λ, truncated at 0.</summary>
    public BoundedPrior LambdaPrior { get; }

    /// <summary>J, the number of levels (clusters).</summary>
    public int LevelCount { get; }

    /// <summary>The conjugate group-level term.</summary>
    public GroupTerm Term => _term;

    /// <summary>
    /// Whether the cluster likelihood with u integrated out has a closed form (every pair but binomial–beta with other terms
    /// in the linear predictor, and the reciprocal link).
    /// </summary>
    public bool HasClusterLikelihood { get; }

    /// <inheritdoc />
    public override IReadOnlyList<GroupTerm> Terms => [_term];

    /// <inheritdoc />
    public override int HyperparameterCount => 1;

    /// <inheritdoc />
    public override IReadOnlyList<OutputGroup> HyperOutputs => _hyperOutputs;

    /// <inheritdoc />
    public override IReadOnlyList<string> EffectOutputs => _effectNames;

    /// <inheritdoc />
    public override IReadOnlyList<PriorTerm> PriorTerms => _priorTerms;

    /// <inheritdoc />
    public override IReadOnlyList<PriorUse> PriorUses => _priorUses;

    /// <summary>Where ρ = log λ stands in the position.</summary>
    public int RhoOffset => Layout.HyperparameterOffset;

    /// <summary>Where λ stands in the outputs.</summary>
    public int LambdaOutput => HyperOutput(0);

    /// <summary>Where u starts in the outputs.</summary>
    public int UOutput => Layout.EffectOutputOffset;

    /// <summary>Where r (= v) starts in the outputs.</summary>
    public int ROutput => Layout.EffectOutputOffset + LevelCount;

    /// <summary>
    /// Writes λ and the effects: v from the route (<see cref="WriteEffects"/>), then u = v⁻¹(v).
    /// </summary>
    public sealed override void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, OutputContext context, RandomStream rng)
    {
        double rho = position[RhoOffset];
        outputs[LambdaOutput] = Math.Exp(rho);
        var r = outputs.Slice(ROutput, LevelCount);
        WriteEffects(position, rho, r, context, rng);
        for (int j = 0; j < LevelCount; j++) outputs[UOutput + j] = ConjugateEffectLaw.ToU(Pair, r[j]);
    }

    /// <summary>Writes v (J) at one position: drawn from its exact conditional, or m(λ) + s(λ) z.</summary>
    private protected abstract void WriteEffects(ReadOnlySpan<double> position, double rho, Span<double> v, OutputContext context, RandomStream rng);

    /// <inheritdoc />
    public override bool TryWritePosition(ReadOnlySpan<double> outputs, Span<double> position)
    {
        double lambda = outputs[LambdaOutput];
        if (!(lambda > 0) || !double.IsFinite(lambda)) return false;
        position[RhoOffset] = Math.Log(lambda);
        return true;
    }

    /// <inheritdoc />
    public override void LogPriorTerms(ReadOnlySpan<double> outputs, Span<double> logPriors) =>
        logPriors[0] = LambdaPrior.LogDensity(outputs[LambdaOutput], out _);

    /// <inheritdoc />
    public override void DrawFromPrior(RandomStream rng, Span<double> outputs)
    {
        double lambda = outputs[LambdaOutput] = LambdaPrior.Sample(rng);
        var law = new ConjugateEffectLaw(Pair, Math.Log(lambda));
        for (int j = 0; j < LevelCount; j++)
        {
            double v = outputs[ROutput + j] = ConjugateEffectLaw.ToLinkScale(Pair, law.Draw(rng));
            outputs[UOutput + j] = ConjugateEffectLaw.ToU(Pair, v);
        }
    }

    /// <inheritdoc />
    public override void AddEffects(ReadOnlySpan<double> outputs, Span<double> eta) =>
        TermMatrix.AddInFrameOrder(_term, eta, outputs.Slice(ROutput, LevelCount));

    /// <inheritdoc />
    public override int EffectOutputOffset(int term) => term == 0 ? ROutput : throw new ArgumentOutOfRangeException(nameof(term));

    /// <summary>Not available: predictions for new levels support normal and Student-t effects.</summary>
    public override NewLevelLaw? NewLevels(ReadOnlySpan<double> outputs, int term) => null;

    /// <summary>None: see <see cref="NewLevels"/>.</summary>
    public override NewLevelTail NewLevelTail => NewLevelTail.None;

    /// <summary>
    /// Draws v (J) from p(v | y, b, θ, λ) given the linear predictor without v in frame order: gamma, inverse-gamma or beta
    /// conditionals of u (HGLM_NOTES §1–3, §7), one level after another from <paramref name="rng"/>.
    /// </summary>
    public void DrawConditional(ReadOnlySpan<double> fixedEta, ReadOnlySpan<double> theta, double rho, RandomStream rng, Span<double> v)
    {
        var clusters = FrameClusters();
        var statistic = new double[LevelCount];
        clusters.ClusterMarginals(fixedEta, theta, rho, new double[LevelCount], statistic);
        for (int j = 0; j < LevelCount; j++)
        {
            v[j] = Pair switch
            {
                ConjugatePair.PoissonGamma => ConjugateMarginal.DrawPoissonGamma(rng, Math.Exp(-rho), clusters.ClusterResponse[j], statistic[j]),
                ConjugatePair.GammaInverseGamma => ConjugateMarginal.DrawGammaInverseGamma(rng, Math.Exp(-rho), clusters.ClusterSize[j], theta[0], statistic[j]),
                _ => ConjugateMarginal.DrawBinomialBeta(rng, 0.5 * Math.Exp(-rho), clusters.ClusterResponse[j], clusters.ClusterTrials[j]),
            };
        }
    }

    /// <summary>
    /// ℓ_i = log p(y_i· | b, θ, λ) per level with u integrated out (HGLM_NOTES §1, choice (b)) at one draw of the reported
    /// quantities; the fixed predictor and θ come from <paramref name="context"/>.
    /// </summary>
    public void ClusterLogLikelihood(ReadOnlySpan<double> outputs, OutputContext context, Span<double> logLikelihood)
    {
        var clusters = FrameClusters();
        var eta = context.FixedPredictor;
        var theta = context.FamilyValues;
        double rho = Math.Log(outputs[LambdaOutput]);
        clusters.ClusterMarginals(eta, theta, rho, logLikelihood, new double[LevelCount]);
        // The per-observation terms, each added to its own cluster.
        for (int i = 0; i < clusters.ObservationCount; i++)
        {
            double y = clusters.Response[i];
            logLikelihood[clusters.Level[i]] += Pair switch
            {
                ConjugatePair.PoissonGamma => y * eta[i] - GammaFunctions.LogGamma(y + 1.0),
                ConjugatePair.GammaInverseGamma => theta[0] * Math.Log(theta[0]) - GammaFunctions.LogGamma(theta[0])
                                                   + (theta[0] - 1.0) * clusters.LogResponse[i] - theta[0] * eta[i],
                _ => ConjugateClusters.LogChoose(clusters.Trials[i], y),
            };
        }
    }

    private ConjugateClusters FrameClusters() => _frameClusters ?? throw new InvalidOperationException(Pair == ConjugatePair.BinomialBeta
        ? "The beta effects of a model with other terms in the linear predictor have no closed-form conditional or cluster likelihood."
        : "The inverse-gamma effects with the reciprocal link have no closed-form conditional or cluster likelihood.");
}
