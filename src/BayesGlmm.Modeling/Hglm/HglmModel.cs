// A conjugate HGLM (Lee & Nelder 1996): fixed effects, offset and one gamma, beta or inverse-gamma random intercept, with the posterior tools' hooks.
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Modeling.Hglm;

/// <summary>
/// The hierarchical GLM of DESIGN.md §1 with a conjugate random intercept: g(μ_ij) = x_ij'b + offset_ij + v_i,
/// v_i = v(u_i), u_i ~ D(λ), for the pairs of <see cref="ConjugatePair"/>. Where the cluster likelihood keeps the
/// conjugate kernel (Poisson–gamma and gamma–inverse-gamma with any covariates; binomial–beta with nothing else in
/// the predictor) u is integrated out and drawn per draw from its exact conditional in <see cref="WriteOutputs"/>;
/// elsewhere, or with <see cref="HglmOptions.ForceJoint"/>, it is sampled non-centred. Reported in brms's style:
/// <c>b_*</c>, <c>lambda_g</c>, the family parameters, <c>u_g[level]</c> and <c>r_g[level,Intercept]</c> (= v; 1/u with the
/// gamma family's inverse link, a pair that is always sampled jointly).
/// </summary>
/// <remarks>
/// <see cref="ISeparableLogDensity.EvaluateParts"/> returns the priors of b, θ and λ (without Jacobians) and the
/// likelihood the route samples (marginal or conditional). <see cref="PointwiseLogLikelihood"/> is log p(y_ij | b, θ, u_i),
/// one value per observation as brms's <c>log_lik</c> (HGLM_NOTES §1, choice (a));
/// <see cref="ClusterLogLikelihood"/> gives ℓ_i with u integrated out, one per level (choice (b)). Every method but
/// <see cref="Evaluate"/> and <see cref="EvaluateParts"/> is safe to call from several threads.
/// </remarks>
public sealed class HglmModel : IFramedModel
{
    private HglmEvaluator? _evaluator;

    private HglmModel(IFamily family, HglmStructure structure, HglmOptions options)
    {
        Family = family;
        Structure = structure;
        Options = options;
    }

    /// <summary>
    /// Builds the model. Throws <see cref="InputException"/> for a bad response, a prior for a parameter the model does
    /// not have, or a model outside what is supported: exactly one group-level term, a random intercept
    /// <c>(1 | gr(g, dist = ...))</c> with a gamma, beta or inverse_gamma distribution, and its paired family and link.
    /// </summary>
    public static HglmModel Create(ModelFrame frame, IFamily family, IReadOnlyList<PriorSpec> priors, HglmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(priors);
        options ??= new HglmOptions();
        var conjugate = frame.Groups.Where(t => ConjugatePairs.IsConjugate(t.Distribution)).ToList();
        if (conjugate.Count == 0)
            throw new InputException("The model has no group-level term with gamma, beta or inverse_gamma effects; write one as (1 | gr(g, dist = \"gamma\")).");
        var term = conjugate[0];
        string text = term.Text.Length > 0 ? term.Text : term.Group;
        if (frame.Groups.Count > 1)
            throw new InputException(
                $"The group-level term '{text}' has {term.Distribution.ToString().ToLowerInvariant()} effects; such a model takes no other group-level term " +
                $"(it has {frame.Groups.Count}). Keep one conjugate random intercept, or use normal or student effects for every term.");
        if (term.CoefficientCount != 1 || term.CoefficientNames[0] != "Intercept" || term.Z.Values.Any(z => z != 1.0))
            throw new InputException(
                $"The group-level term '{text}': gamma, beta and inverse_gamma effects are random intercepts only; write (1 | gr({term.Group}, dist = \"{term.Distribution.ToString().ToLowerInvariant()}\")).");
        if (term.LevelCount == 0) throw new InputException($"The group-level term '{text}' has no levels.");
        var pair = ConjugatePairs.Select(family, term);
        var likelihood = family.Bind(frame.Response, frame.SourceRows);
        bool marginal = !options.ForceJoint && pair != ConjugatePair.GammaInverseGammaReciprocal
                        && (pair != ConjugatePair.BinomialBeta || (frame.Fixed.X.Columns == 0 && frame.Offset is null));

        var rest = new List<PriorSpec>();
        PriorSpec? lambdaSpec = null, lambdaGroupSpec = null;
        foreach (var p in priors)
        {
            switch (p.Class)
            {
                case "sd" or "cor" or "df":
                    throw new InputException(
                        $"Prior '{p.Text}': the group-level term '{text}' has a dispersion lambda_{term.Group}, not an sd, cor or df; write 'lambda_{term.Group} ~ ...' or 'lambda ~ ...'.");
                case "lambda" when p.Group is null:
                    if (lambdaSpec is not null) throw new InputException($"Prior '{p.Text}': 'lambda' already has the prior '{lambdaSpec.Text}'; give one prior per parameter.");
                    lambdaSpec = p;
                    break;
                case "lambda" when p.Group == term.Group:
                    if (lambdaGroupSpec is not null) throw new InputException($"Prior '{p.Text}': '{p.Target}' already has the prior '{lambdaGroupSpec.Text}'; give one prior per parameter.");
                    lambdaGroupSpec = p;
                    break;
                case "lambda":
                    throw new InputException($"Prior '{p.Text}': the model has no grouping factor '{p.Group}' with a dispersion (it has lambda_{term.Group}).");
                default:
                    rest.Add(p);
                    break;
            }
        }
        var defaults = DefaultPriors.For(frame, family.Name, family.LinkName);
        bool centred = ModelPriors.IsCentred(frame.Fixed, options.Center);
        var resolved = ModelPriors.Resolve(frame.Fixed, [], likelihood.Parameters, defaults, rest, centred: centred);
        string lambdaName = "lambda_" + term.Group;
        var chosen = lambdaGroupSpec ?? lambdaSpec;
        BoundedPrior lambdaPrior;
        PriorUse lambdaUse;
        if (chosen is null)
        {
            var fallback = defaults.ForParameter("lambda");
            lambdaPrior = new BoundedPrior(fallback, 0.0);
            lambdaUse = new PriorUse(lambdaName, fallback.ToString(), true);
        }
        else
        {
            if (chosen.Distribution is not ScalarPrior scalar)
                throw new InputException($"Prior '{chosen.Text}': lambda takes a prior for a positive number, such as exponential(1).");
            try { lambdaPrior = new BoundedPrior(scalar, 0.0); }
            catch (ArgumentException e) { throw new InputException($"Prior '{chosen.Text}': {e.Message}; {lambdaName} must exceed 0."); }
            lambdaUse = new PriorUse(lambdaName, scalar.ToString(), false);
        }
        var uses = resolved.Uses.Where(ModelPriors.IsPopulationLevel)
            .Append(lambdaUse)
            .Concat(resolved.Uses.Where(u => !ModelPriors.IsPopulationLevel(u)))
            .ToArray();
        var structure = new HglmStructure(frame, term, pair, marginal, likelihood, resolved, lambdaPrior, uses, options.CenterPredictors, centred);
        return new HglmModel(family, structure, options);
    }

    /// <summary>The family before binding.</summary>
    public IFamily Family { get; }

    /// <summary>The options the model was built with.</summary>
    public HglmOptions Options { get; }

    /// <summary>The data, priors and layouts.</summary>
    public HglmStructure Structure { get; }

    /// <summary>The conjugate pair.</summary>
    public ConjugatePair Pair => Structure.Pair;

    /// <summary>True when u is integrated out and drawn per draw from its exact conditional; false when it is sampled.</summary>
    public bool IsMarginalised => Structure.Marginal;

    /// <inheritdoc />
    public ModelFrame Frame => Structure.Frame;

    /// <inheritdoc />
    public IReadOnlyList<PriorUse> PriorsUsed => Structure.PriorsUsed;

    /// <inheritdoc />
    public int Dimension => Structure.Dimension;

    /// <inheritdoc />
    public IReadOnlyList<string> OutputNames => Structure.OutputNames;

    /// <inheritdoc />
    public int ObservationCount => Structure.ObservationCount;

    /// <summary>Whether <see cref="ClusterLogLikelihood"/> has a closed form for this model (every pair but binomial–beta with other terms and the reciprocal link).</summary>
    public bool HasClusterLogLikelihood => Pair switch
    {
        ConjugatePair.BinomialBeta => Structure.FixedCount == 0 && Structure.Offset is null,
        ConjugatePair.GammaInverseGammaReciprocal => false,
        _ => true,
    };

    /// <inheritdoc />
    public ILogDensity Create() => new HglmEvaluator(Structure);

    private HglmEvaluator OwnEvaluator => _evaluator ??= new HglmEvaluator(Structure);

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient) => OwnEvaluator.Evaluate(position, gradient);

    /// <inheritdoc />
    public (double LogPrior, double LogLikelihood) EvaluateParts(ReadOnlySpan<double> position) => OwnEvaluator.EvaluateParts(position);

    /// <summary>
    /// Writes the reported quantities. On the marginal route each v_i is drawn from its exact conditional
    /// given b, θ and λ with <paramref name="rng"/> (HGLM_NOTES §7), in level order; on the joint route v = m(λ) + s(λ) z.
    /// </summary>
    public void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, RandomStream rng)
    {
        var s = Structure;
        CheckLength(position.Length, s.Dimension, nameof(position));
        CheckLength(outputs.Length, s.OutputNames.Count, nameof(outputs));
        s.ReportedFixed(position, outputs[..s.FixedCount]);
        double rho = position[s.RhoOffset];
        outputs[s.LambdaOutput] = Math.Exp(rho);
        for (int i = 0; i < s.FamilyParameters.Count; i++)
            outputs[s.FamilyOutput + i] = s.FamilyParameters[i].LowerBound + Math.Exp(position[s.FamilyOffset + i]);
        var r = outputs.Slice(s.ROutput, s.LevelCount);
        if (s.Marginal)
        {
            ArgumentNullException.ThrowIfNull(rng);
            var eta = new double[s.ObservationCount];
            FixedPredictor(outputs, eta);
            DrawConditional(eta, outputs.Slice(s.FamilyOutput, s.FamilyParameters.Count), rho, rng, r);
        }
        else
        {
            var law = new ConjugateEffectLaw(s.Pair, rho);
            var z = position.Slice(s.ZOffset, s.LevelCount);
            for (int j = 0; j < s.LevelCount; j++) r[j] = ConjugateEffectLaw.ToLinkScale(s.Pair, law.Location + law.Scale * z[j]);
        }
        for (int j = 0; j < s.LevelCount; j++) outputs[s.UOutput + j] = ConjugateEffectLaw.ToU(s.Pair, r[j]);
    }

    /// <summary>
    /// Draws v (J) from p(v | y, b, θ, λ) given the linear predictor without v: gamma, inverse-gamma or beta
    /// conditionals of u (HGLM_NOTES §1–3, §7), one level after another from <paramref name="rng"/>.
    /// </summary>
    public void DrawConditional(ReadOnlySpan<double> fixedEta, ReadOnlySpan<double> theta, double rho, RandomStream rng, Span<double> v)
    {
        var s = Structure;
        if (!HasClusterLogLikelihood)
            throw new InvalidOperationException(s.Pair == ConjugatePair.BinomialBeta
                ? "The beta effects of a model with other terms in the linear predictor have no closed-form conditional."
                : "The inverse-gamma effects with the reciprocal link have no closed-form conditional.");
        var statistic = new double[s.LevelCount];
        s.ClusterMarginals(fixedEta, theta, rho, new double[s.LevelCount], statistic);
        for (int j = 0; j < s.LevelCount; j++)
        {
            v[j] = s.Pair switch
            {
                ConjugatePair.PoissonGamma => ConjugateMarginal.DrawPoissonGamma(rng, Math.Exp(-rho), s.ClusterResponse[j], statistic[j]),
                ConjugatePair.GammaInverseGamma => ConjugateMarginal.DrawGammaInverseGamma(rng, Math.Exp(-rho), s.ClusterSize[j], theta[0], statistic[j]),
                _ => ConjugateMarginal.DrawBinomialBeta(rng, 0.5 * Math.Exp(-rho), s.ClusterResponse[j], s.ClusterTrials[j]),
            };
        }
    }

    /// <inheritdoc />
    public double LogPrior(ReadOnlySpan<double> outputs)
    {
        var s = Structure;
        CheckLength(outputs.Length, s.OutputNames.Count, nameof(outputs));
        double total = 0.0;
        Span<double> b = new double[s.FixedCount];
        s.PriorScaleFromReported(outputs[..s.FixedCount], b);
        for (int j = 0; j < s.FixedCount; j++) total += s.Priors.FixedEffects[j].LogDensity(b[j], out _);
        total += s.LambdaPrior.LogDensity(outputs[s.LambdaOutput], out _);
        for (int i = 0; i < s.FamilyParameters.Count; i++) total += s.Priors.FamilyParameters[i].LogDensity(outputs[s.FamilyOutput + i], out _);
        return total;
    }

    /// <summary>log p(y_ij | b, θ, u_i) per observation (HGLM_NOTES §1, choice (a)), from the draw's u.</summary>
    public void PointwiseLogLikelihood(ReadOnlySpan<double> outputs, Span<double> logLikelihood)
    {
        CheckLength(logLikelihood.Length, ObservationCount, nameof(logLikelihood));
        var eta = new double[ObservationCount];
        LinearPredictor(outputs, eta);
        Structure.Likelihood.Pointwise(eta, FamilyValues(outputs), logLikelihood);
    }

    /// <summary>
    /// ℓ_i = log p(y_i· | b, θ, λ) per level with u integrated out (HGLM_NOTES §1, choice (b): leave-one-cluster-out),
    /// into <paramref name="logLikelihood"/> (length J). Throws <see cref="InvalidOperationException"/> where
    /// <see cref="HasClusterLogLikelihood"/> is false.
    /// </summary>
    public void ClusterLogLikelihood(ReadOnlySpan<double> outputs, Span<double> logLikelihood)
    {
        var s = Structure;
        CheckLength(outputs.Length, s.OutputNames.Count, nameof(outputs));
        CheckLength(logLikelihood.Length, s.LevelCount, nameof(logLikelihood));
        if (!HasClusterLogLikelihood)
            throw new InvalidOperationException(s.Pair == ConjugatePair.BinomialBeta
                ? "The beta effects of a model with other terms in the linear predictor have no closed-form cluster likelihood."
                : "The inverse-gamma effects with the reciprocal link have no closed-form cluster likelihood.");
        var eta = new double[s.ObservationCount];
        FixedPredictor(outputs, eta);
        var theta = FamilyValues(outputs);
        double rho = Math.Log(outputs[s.LambdaOutput]);
        s.ClusterMarginals(eta, theta, rho, logLikelihood, new double[s.LevelCount]);
        // The per-observation terms, each added to its own cluster.
        for (int i = 0; i < s.ObservationCount; i++)
        {
            double y = s.Response[i];
            logLikelihood[s.Level[i]] += s.Pair switch
            {
                ConjugatePair.PoissonGamma => y * eta[i] - Numerics.Special.GammaFunctions.LogGamma(y + 1.0),
                ConjugatePair.GammaInverseGamma => theta[0] * Math.Log(theta[0]) - Numerics.Special.GammaFunctions.LogGamma(theta[0])
                                                   + (theta[0] - 1.0) * s.LogResponse[i] - theta[0] * eta[i],
                _ => LogChoose(s.Trials[i], y),
            };
        }
    }

    /// <inheritdoc />
    public void ReplicateResponse(ReadOnlySpan<double> outputs, RandomStream rng, Span<double> replicate)
    {
        CheckLength(replicate.Length, ObservationCount, nameof(replicate));
        var eta = new double[ObservationCount];
        LinearPredictor(outputs, eta);
        Structure.Likelihood.Replicate(eta, FamilyValues(outputs), rng, replicate);
    }

    /// <summary>Fills <paramref name="eta"/> (length N) with X b + offset + v at one draw of the reported quantities.</summary>
    public void LinearPredictor(ReadOnlySpan<double> outputs, Span<double> eta)
    {
        var s = Structure;
        FixedPredictor(outputs, eta);
        var r = outputs.Slice(s.ROutput, s.LevelCount);
        for (int i = 0; i < eta.Length; i++) eta[i] += r[s.Level[i]];
    }

    /// <inheritdoc />
    public void DrawFromPrior(RandomStream rng, Span<double> outputs)
    {
        var s = Structure;
        CheckLength(outputs.Length, s.OutputNames.Count, nameof(outputs));
        Span<double> b = new double[s.FixedCount];
        for (int j = 0; j < s.FixedCount; j++) b[j] = s.Priors.FixedEffects[j].Sample(rng);
        s.ReportedFromPriorScale(b, outputs[..s.FixedCount]);
        double lambda = outputs[s.LambdaOutput] = s.LambdaPrior.Sample(rng);
        for (int i = 0; i < s.FamilyParameters.Count; i++) outputs[s.FamilyOutput + i] = s.Priors.FamilyParameters[i].Sample(rng);
        var law = new ConjugateEffectLaw(s.Pair, Math.Log(lambda));
        for (int j = 0; j < s.LevelCount; j++)
        {
            double v = outputs[s.ROutput + j] = ConjugateEffectLaw.ToLinkScale(s.Pair, law.Draw(rng));
            outputs[s.UOutput + j] = ConjugateEffectLaw.ToU(s.Pair, v);
        }
    }

    /// <inheritdoc />
    public IStatisticalModel WithResponse(double[] response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var s = Structure;
        var frame = Frame.WithResponse(response);
        var structure = new HglmStructure(frame, s.Term, s.Pair, s.Marginal, s.Likelihood.WithResponse(response), s.Priors, s.LambdaPrior, s.PriorsUsed, Options.CenterPredictors, s.Centred);
        return new HglmModel(Family, structure, Options);
    }

    /// <summary>X b + offset from the reported coefficients (frame order, uncentred X).</summary>
    private void FixedPredictor(ReadOnlySpan<double> outputs, Span<double> eta)
    {
        var s = Structure;
        CheckLength(outputs.Length, s.OutputNames.Count, nameof(outputs));
        CheckLength(eta.Length, s.ObservationCount, nameof(eta));
        if (s.Offset is { } offset) offset.CopyTo(eta); else eta.Clear();
        var x = Frame.Fixed.X;
        for (int j = 0; j < x.Columns; j++) TensorPrimitives.MultiplyAdd(x.Column(j), outputs[j], eta, eta);
    }

    private double[] FamilyValues(ReadOnlySpan<double> outputs) =>
        outputs.Slice(Structure.FamilyOutput, Structure.FamilyParameters.Count).ToArray();

    private static double LogChoose(double n, double k) =>
        k == 0 || k == n ? 0.0
            : Numerics.Special.GammaFunctions.LogGamma(n + 1) - Numerics.Special.GammaFunctions.LogGamma(k + 1) - Numerics.Special.GammaFunctions.LogGamma(n - k + 1);

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected) throw new ArgumentException($"Expected length {expected}, got {actual}.", name);
    }
}
