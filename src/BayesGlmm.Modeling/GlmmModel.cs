// A Bayesian GLMM or HGLM: fixed effects, the family with its parameters and a list of random-effect blocks, as a log density with brms-named outputs.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Glmm;
using BayesGlmm.Modeling.Hglm;
using BayesGlmm.Modeling.Integrated;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Modeling;

/// <summary>
/// The model class of DESIGN.md §1: g(μ) = η = X b + offset + Σ (group-level effects), y ~ family(μ, θ), with the priors of
/// <see cref="ModelPriors"/> (defaults in <see cref="DefaultPriors"/>). It composes three parts (<see cref="GlmmStructure"/>):
/// the fixed effects, the family with its own parameters, and one random-effect block per group-level term
/// (<see cref="IRandomEffectBlock"/>): normal effects, LKJ-correlated or independent (<see cref="NormalEffects"/>), Student-t
/// effects (<see cref="StudentScales"/>), or a conjugate HGLM random intercept (Lee &amp; Nelder 1996) — gamma, beta or
/// inverse_gamma — integrated out where the cluster likelihood keeps the conjugate kernel (<see cref="ConjugateIntegratedEffects"/>)
/// and sampled jointly elsewhere or with <see cref="GlmmOptions.JointConjugateEffects"/> (<see cref="ConjugateJointEffects"/>).
/// Sampled in the unconstrained, non-centred parameterisation of <see cref="GlmmStructure"/>; reported in brms's names and order.
/// </summary>
/// <remarks>
/// <para>
/// The categorical family has K − 1 linear predictors (<see cref="CategoricalDesign"/>): each category c = 2..K has its own
/// population-level coefficients (<c>b_muB_Intercept</c>, <c>b_muB_x</c>, ...) and its own copy of every group-level term
/// (<c>sd_g__muB_Intercept</c>, <c>r_g__muB[level,Intercept]</c>), and <see cref="Frame"/> is the frame so expanded.
/// </para>
/// <para>
/// <see cref="ISeparableLogDensity.EvaluateParts"/> returns brms's <c>lprior</c> (the priors of b, the blocks'
/// hyperparameters and the family parameters, without Jacobians) and the log likelihood (with a conjugate intercept
/// integrated out on that route); the density of the group-level effects given their hyperparameters belongs to neither
/// part, as in brms. <see cref="PointwiseLogLikelihood"/> conditions on the draw's effects (brms's <c>log_lik</c>);
/// <see cref="ClusterLikelihood"/> integrates a conjugate intercept, or the normal effects of one grouping factor, out, one value per level. Every method but
/// <see cref="Evaluate"/> and <see cref="EvaluateParts"/> is safe to call from several threads.
/// </para>
/// </remarks>
public sealed class GlmmModel : IFramedModel, IPriorClasses, IThreadedLogDensityFactory, IModeSearchProvider
{
    private readonly GlmmStructure _structure;
    private GlmmEvaluator? _evaluator;

    private GlmmModel(ModelFrame frame, IFamily family, IFamilyLikelihood likelihood, GlmmStructure structure, GlmmOptions options)
    {
        Frame = frame;
        Family = family;
        Likelihood = likelihood;
        _structure = structure;
        Options = options;
    }

    /// <summary>
    /// Builds the model. Throws <see cref="InputException"/> for a bad response (from the family), a prior for a parameter
    /// the model does not have, or a group-level term it cannot take (a conjugate distribution with another family or
    /// link, with slopes or beside other terms).
    /// </summary>
    public static GlmmModel Create(ModelFrame frame, IFamily family, IReadOnlyList<PriorSpec> priors, GlmmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(priors);
        options ??= new GlmmOptions();
        // With the likelihood off there is nothing to integrate group-level effects against: sample them jointly; and no
        // data inform the levels, so every term stays non-centred (centred, the prior alone is a funnel).
        if (options.PriorOnly)
            options = options with { JointConjugateEffects = true, Effects = EffectsRoute.Joint, HierarchicalCentring = HierarchicalCentring.None };
        foreach (var term in frame.Groups)
            if (term.LevelCount == 0 || term.CoefficientCount == 0)
                throw new InputException($"The group-level term '{(term.Text.Length > 0 ? term.Text : term.Group)}' has no levels or no coefficients.");
        var conjugateTerm = frame.Groups.FirstOrDefault(RandomEffectBlocks.IsConjugate);
        var pair = conjugateTerm is null ? default : RandomEffectBlocks.CheckConjugate(frame, conjugateTerm, family);
        var likelihood = family.Bind(frame.Response, frame.SourceRows);
        bool centred = ModelPriors.IsCentred(frame.Fixed, options.Center);
        if (likelihood is IOrderedFamilyParameters) frame = WithoutIntercept(frame); // the cutpoints play its role (centred with it, or not)
        var defaults = DefaultPriors.For(frame, family.Name, family.LinkName);
        LinearPredictors predictors;
        if (likelihood is CategoricalLikelihood)
        {
            if (frame.Smooths.Count > 0)
                throw new InputException(
                    $"The smooth term {frame.Smooths[0].Spec.Text} cannot be used with the categorical family (one linear predictor per category); use a family with one linear predictor, or model the covariate with population-level terms.");
            // One linear predictor per non-reference category (even when there is one), each with its own coefficients and group-level terms.
            (frame, predictors) = CategoricalDesign.Expand(frame, likelihood.LinearPredictorCount + 1);
            defaults = defaults.ForColumns(predictors.SourceColumn);
        }
        else if (likelihood.LinearPredictorCount == 1)
        {
            var shared = frame.Groups.Where(t => t.Id is not null).GroupBy(t => (t.Group, t.Id)).FirstOrDefault(g => g.Count() > 1);
            if (shared is not null)
                throw new InputException(
                    $"The group-level terms {string.Join(" and ", shared.Select(t => t.Text))} share the ID '{shared.Key.Id}'; with one linear predictor write their coefficients in one term, e.g. (1 + x | {shared.Key.Group}).");
            predictors = LinearPredictors.Single(frame);
        }
        else throw new InputException($"The family '{family.Name}' has several linear predictors; this model supports them for the categorical family only.");
        var terms = frame.Groups.OrderBy(t => t.Group, GroupNameComparer.Instance).ToArray();

        // A conjugate intercept resolves its own prior (lambda); the coefficients, the family and the normal terms share ModelPriors.
        (ConjugatePair, BoundedPrior, PriorUse)? conjugate = null;
        var rest = priors;
        if (conjugateTerm is not null)
        {
            var (prior, use, others) = RandomEffectBlocks.ConjugatePrior(conjugateTerm, priors, defaults);
            conjugate = (pair, prior, use);
            rest = others;
        }
        var (smoothPlans, nonSmooth) = RandomEffectBlocks.SmoothPlans(frame, rest, defaults);
        rest = nonSmooth;
        var normalTerms = terms.Where(t => !RandomEffectBlocks.IsConjugate(t)).ToArray();
        var ordinal = likelihood as IOrderedFamilyParameters;
        var resolved = ModelPriors.Resolve(frame.Fixed, normalTerms, RandomEffectBlocks.HasDegreesOfFreedom, likelihood.Parameters, defaults, rest, ordinal?.OrderedStart ?? 0, ordinal?.OrderedCount ?? 0,
            predictors, centred);
        // The smooths first, as brms lists sds before sd.
        BlockPlan[] uncentred = [.. smoothPlans, .. RandomEffectBlocks.Plans(frame, terms, normalTerms, resolved, conjugate, predictors, options, family)];
        var plans = RandomEffectBlocks.Centred(uncentred, predictors, options.HierarchicalCentring, frame, family);
        return new GlmmModel(frame, family, likelihood, BuildStructure(frame, family, likelihood, terms, resolved, options, predictors, centred, plans, uncentred), options);
    }

    /// <summary>The structure of <paramref name="plans"/>, with the observations in the order their blocks gather best.</summary>
    private static GlmmStructure BuildStructure(ModelFrame frame, IFamily family, IFamilyLikelihood likelihood, IReadOnlyList<GroupTerm> terms, ModelPriors priors,
        GlmmOptions options, LinearPredictors predictors, bool centred, BlockPlan[] plans, BlockPlan[] uncentred)
    {
        var gathered = frame.Groups.Where(t => plans.Any(p => ReferenceEquals(p.Term, t) && p.GathersByLevel)).ToArray();
        int[] order = Glmm.ObservationOrder.Choose(frame, gathered, options);
        var sorted = IsIdentity(order) ? likelihood : family.Bind(Permute(frame.Response, order), order.Select(i => frame.SourceRows[i]).ToArray());
        return new GlmmStructure(frame, terms, order, sorted, priors, options, predictors, centred, plans, uncentred);
    }

    /// <summary>The model frame (observations in frame order).</summary>
    public ModelFrame Frame { get; }

    /// <summary>The family before binding.</summary>
    public IFamily Family { get; }

    /// <summary>The family bound to the response in frame order.</summary>
    public IFamilyLikelihood Likelihood { get; }

    /// <summary>The options the model was built with.</summary>
    public GlmmOptions Options { get; }

    /// <summary>The layouts, priors and data in evaluation order.</summary>
    public GlmmStructure Structure => _structure;

    /// <summary>
    /// Every prior in force (user-given or default), in output order: an ordinal family's cutpoints, the coefficients, the
    /// blocks' priors class by class (sd, cor, df, lambda), the family parameters.
    /// </summary>
    public IReadOnlyList<PriorUse> PriorsUsed => _priorsUsed ??= PriorsInOutputOrder(_structure);

    private PriorUse[]? _priorsUsed;

    /// <summary>
    /// The likelihood per level of a conjugate intercept's grouping factor with u integrated out (leave-one-cluster-out),
    /// or null when the model has no such closed form.
    /// </summary>
    public IClusterLikelihood? ClusterLikelihood => _structure.Blocks.FirstOrDefault(b => b.IsIntegrated || b is ConjugateEffects { HasClusterLikelihood: true }) switch
    {
        ConjugateEffects conjugate => new BlockClusterLikelihood(this, conjugate.Term, conjugate.ClusterLogLikelihood),
        IntegratedNormalEffects { Terms.Count: 1 } normal => new BlockClusterLikelihood(this, normal.Terms[0], normal.ClusterLogLikelihood),
        QuadratureEffects quadrature => new BlockClusterLikelihood(this, quadrature.Terms[0], quadrature.ClusterLogLikelihood),
        _ => null,
    };

    /// <summary>
    /// The nested pairs sampled hierarchically centred (<see cref="GlmmOptions.HierarchicalCentring"/> as resolved for this
    /// response), each as "inner in outer: nested" or "inner in outer: intercept"; empty where every term is non-centred.
    /// </summary>
    public IReadOnlyList<string> CentredPairs => _structure.Blocks.OfType<NestedCentredEffects>()
        .Select(b => $"{b.Inner.Terms[0].Group} in {b.Outer.Terms[0].Group}: {(b.CentredOnIntercept ? "intercept" : "nested")}").ToArray();

    /// <summary>The route the normal group-level effects take in this model (<see cref="GlmmOptions.Effects"/> resolved; joint without such effects).</summary>
    public EffectsRoute Route => _structure.Blocks.Any(b => b is QuadratureEffects) ? EffectsRoute.Quadrature
        : _structure.Blocks.Any(b => b is IntegratedNormalEffects) ? EffectsRoute.Integrated
        : EffectsRoute.Joint;

    /// <summary>
    /// On the quadrature route, its error check at one draw of the outputs: Σ_j log L_j with K nodes minus the same with 2K
    /// (<see cref="QuadratureEffects.QuadratureError"/>); null on the other routes.
    /// </summary>
    public double? QuadratureError(ReadOnlySpan<double> outputs) =>
        _structure.Blocks.OfType<QuadratureEffects>().FirstOrDefault() is { } block ? block.QuadratureError(outputs, Context(outputs)) : null;

    /// <summary>
    /// Whether every group-level term can be predicted for new levels (normal and Student-t effects can on every route; conjugate ones cannot yet).
    /// A block without group-level terms (a smooth, evaluated through its basis at the new covariate values) has no new levels to predict.
    /// </summary>
    public bool SupportsPredictions => _structure.Blocks.All(b => b.Terms.Count == 0 || b.NewLevelTail != NewLevelTail.None);

    /// <inheritdoc />
    public int Dimension => _structure.Dimension;

    /// <inheritdoc />
    public IReadOnlyList<string> OutputNames => _structure.OutputNames;

    /// <inheritdoc />
    public int ObservationCount => Frame.ObservationCount;

    /// <inheritdoc />
    public ILogDensity Create() => new GlmmEvaluator(_structure);

    /// <inheritdoc />
    public int MaxThreads => GlmmEvaluator.PartitionsOf(_structure);

    /// <inheritdoc />
    public ILogDensity Create(int threads) => new GlmmEvaluator(_structure, threads);

    private GlmmEvaluator OwnEvaluator => _evaluator ??= new GlmmEvaluator(_structure);

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient) => OwnEvaluator.Evaluate(position, gradient);

    /// <inheritdoc />
    public (double LogPrior, double LogLikelihood) EvaluateParts(ReadOnlySpan<double> position) => OwnEvaluator.EvaluateParts(position);

    /// <summary>
    /// Writes the reported quantities: the coefficients, the family parameters, then every block's (a conjugate intercept
    /// integrated out draws its effects from their exact conditional with <paramref name="rng"/>, level after level).
    /// </summary>
    public void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, RandomStream rng)
    {
        var s = _structure;
        CheckLength(position.Length, s.Dimension, nameof(position));
        CheckLength(outputs.Length, s.OutputNames.Count, nameof(outputs));
        s.Fixed.ReportedFixed(position, outputs.Slice(s.FixedOutput, s.FixedCount));
        s.Family.WriteOutputs(position, outputs, s.Fixed.CutpointShift(position));
        if (s.Blocks.Length == 0) return;
        var context = Context(outputs);
        foreach (var block in s.Blocks) block.WriteOutputs(position, outputs, context, rng);
    }

    /// <summary>
    /// The unconstrained position of one draw of the reported quantities (the inverse of <see cref="WriteOutputs"/>);
    /// returns false when a value is outside its support (an sd ≤ 0, a correlation matrix that is not positive definite,
    /// ...) or a block cannot invert its outputs (Student-t effects: the per-level scales are not reported).
    /// </summary>
    public bool TryWritePosition(ReadOnlySpan<double> outputs, Span<double> position)
    {
        var s = _structure;
        CheckLength(position.Length, s.Dimension, nameof(position));
        CheckLength(outputs.Length, s.OutputNames.Count, nameof(outputs));
        s.Fixed.InternalFixed(outputs.Slice(s.FixedOutput, s.FixedCount), position);
        if (!s.Family.TryWritePosition(outputs, position, s.Fixed.CutpointShift(position))) return false;
        foreach (var block in s.Blocks)
            if (!block.TryWritePosition(outputs, position)) return false;
        return true;
    }

    /// <inheritdoc />
    public double LogPrior(ReadOnlySpan<double> outputs)
    {
        CheckLength(outputs.Length, _structure.OutputNames.Count, nameof(outputs));
        Span<double> terms = new double[GlmmPriorTerms.Count(_structure)];
        GlmmPriorTerms.Evaluate(_structure, outputs, terms);
        double total = 0.0;
        foreach (double t in terms) total += t;
        return total;
    }

    /// <inheritdoc />
    public IReadOnlyList<PriorTerm> PriorTerms => _priorTerms ??= GlmmPriorTerms.Terms(_structure);

    private PriorTerm[]? _priorTerms;

    /// <inheritdoc />
    public void LogPriorTerms(ReadOnlySpan<double> outputs, Span<double> logPriors) => GlmmPriorTerms.Evaluate(_structure, outputs, logPriors);

    /// <inheritdoc />
    public void PointwiseLogLikelihood(ReadOnlySpan<double> outputs, Span<double> logLikelihood)
    {
        CheckLength(logLikelihood.Length, ObservationCount, nameof(logLikelihood));
        var eta = new double[ObservationCount * _structure.PredictorCount];
        LinearPredictor(outputs, eta);
        Likelihood.Pointwise(eta, FamilyValues(outputs), logLikelihood);
    }

    /// <inheritdoc />
    public void ReplicateResponse(ReadOnlySpan<double> outputs, RandomStream rng, Span<double> replicate)
    {
        CheckLength(replicate.Length, ObservationCount, nameof(replicate));
        var eta = new double[ObservationCount * _structure.PredictorCount];
        LinearPredictor(outputs, eta);
        Likelihood.Replicate(eta, FamilyValues(outputs), rng, replicate);
    }

    /// <summary>
    /// Fills <paramref name="eta"/> with the linear predictor X b + offset + Σ (group-level effects) at one draw of the reported
    /// quantities, in frame order: length N for every family but the categorical one, whose K − 1 predictors
    /// fill N × (K − 1) column-major (element (c − 2) · N + n is η_c of observation n for category c = 2..K;
    /// the reference category's η_1 = 0 is not stored).
    /// </summary>
    public void LinearPredictor(ReadOnlySpan<double> outputs, Span<double> eta)
    {
        var s = _structure;
        CheckLength(outputs.Length, s.OutputNames.Count, nameof(outputs));
        CheckLength(eta.Length, ObservationCount * s.PredictorCount, nameof(eta));
        s.Fixed.FramePredictor(outputs.Slice(s.FixedOutput, s.FixedCount), eta);
        foreach (var block in s.Blocks) block.AddEffects(outputs, eta.Slice(block.Layout.EtaStart, block.Layout.EtaLength));
    }

    /// <inheritdoc />
    public void DrawFromPrior(RandomStream rng, Span<double> outputs)
    {
        var s = _structure;
        CheckLength(outputs.Length, s.OutputNames.Count, nameof(outputs));
        // The coefficients as their priors see them (a centred intercept), then the reported ones.
        Span<double> b = new double[s.FixedCount];
        s.Fixed.DrawFromPrior(rng, b, outputs.Slice(s.FixedOutput, s.FixedCount));
        foreach (var block in s.Blocks) block.DrawFromPrior(rng, outputs);
        s.Family.DrawFromPrior(rng, outputs, s.Fixed.CutpointShift(b));
    }

    /// <inheritdoc />
    public IStatisticalModel WithResponse(double[] response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var frame = Frame.WithResponse(response);
        var likelihood = Likelihood.WithResponse(response);
        var s = _structure;
        // Auto centring asks the new response again (the posterior is the same in every form; only the sampling differs).
        var plans = RandomEffectBlocks.Centred(s.UncentredPlans, s.Fixed.Predictors, Options.HierarchicalCentring, frame, Family);
        if (!RandomEffectBlocks.SameBlocks(plans, s.Plans))
            return new GlmmModel(frame, Family, likelihood,
                BuildStructure(frame, Family, likelihood, s.Terms, s.Priors, Options, s.Fixed.Predictors, s.Fixed.Centred, plans, s.UncentredPlans), Options);
        var sorted = IsIdentity(s.Order) ? likelihood : s.Likelihood.WithResponse(s.Order.Select(i => response[i]).ToArray());
        return new GlmmModel(frame, Family, likelihood, s.WithResponse(frame, sorted), Options);
    }

    /// <summary>
    /// The chains' mode search: from each chain's random point, with the log sds of hierarchically centred terms
    /// (<see cref="NestedCentredEffects"/>) held where they start. In centred coordinates the log density has no maximum (it
    /// grows without bound as an inner sd goes to 0 with every total at its parent's value), and a free search ends in that
    /// spike: on Pastes every chain started there and stayed (benchmarks/SAMPLER.md, "Hierarchical centring on the
    /// intercept"). With those sds held, the search fits everything else given them, and the warmup adapts them.
    /// </summary>
    public IInitialPointSource ModeSearch(double radius, int maximumIterations) =>
        new ModeSeekingInitialPoints(radius, maximumIterations, heldAtStart: _structure.Blocks.OfType<NestedCentredEffects>().SelectMany(b => b.CentredLogSds).ToArray());

    /// <summary>One draw's population-level part for the blocks: its family parameters and, when asked for, offset + X b in frame order.</summary>
    internal OutputContext Context(ReadOnlySpan<double> outputs)
    {
        var s = _structure;
        var reported = outputs.Slice(s.FixedOutput, s.FixedCount).ToArray();
        return new OutputContext(Likelihood, FamilyValues(outputs), () =>
        {
            var eta = new double[ObservationCount * s.PredictorCount];
            s.Fixed.FramePredictor(reported, eta);
            return eta;
        });
    }

    private double[] FamilyValues(ReadOnlySpan<double> outputs) =>
        outputs.Slice(_structure.FamilyOutput, _structure.FamilyParameters.Count).ToArray();

    /// <summary>The printed priors: population level, the blocks' class by class (in the order their hyper outputs list the classes), the family's.</summary>
    private static PriorUse[] PriorsInOutputOrder(GlmmStructure s)
    {
        var classes = s.Blocks.SelectMany(b => b.HyperOutputs.Select(g => g.Class)).Distinct().ToList();
        var blockUses = s.Blocks.SelectMany(b => b.PriorTerms.Zip(b.PriorUses)).ToList();
        int Rank(PriorTerm term) => classes.IndexOf(term.Class) is int i and >= 0 ? i : classes.Count;
        return s.Priors.PopulationUses
            .Concat(blockUses.OrderBy(u => Rank(u.First)).Select(u => u.Second))
            .Concat(s.Priors.FamilyUses)
            .ToArray();
    }

    /// <summary>A block's likelihood per level at one draw of the outputs, with the draw's population-level part.</summary>
    private delegate void ClusterCompute(ReadOnlySpan<double> outputs, OutputContext context, Span<double> logLikelihood);

    /// <summary>The cluster likelihood of a block that integrates its effects out, at draws of this model's outputs.</summary>
    private sealed class BlockClusterLikelihood(GlmmModel model, GroupTerm term, ClusterCompute compute) : IClusterLikelihood
    {
        public string Group => term.Group;

        public IReadOnlyList<string> Levels => term.Levels;

        public void Compute(ReadOnlySpan<double> outputs, Span<double> logLikelihood)
        {
            CheckLength(outputs.Length, model.OutputNames.Count, nameof(outputs));
            CheckLength(logLikelihood.Length, Levels.Count, nameof(logLikelihood));
            compute(outputs, model.Context(outputs), logLikelihood);
        }
    }

    /// <summary>The frame with the intercept column of X removed (an ordinal family's cutpoints replace it).</summary>
    private static ModelFrame WithoutIntercept(ModelFrame frame)
    {
        var design = frame.Fixed;
        int ic = design.InterceptColumn;
        if (ic < 0) return frame;
        var x = design.X;
        var keep = Enumerable.Range(0, x.Columns).Where(j => j != ic).ToArray();
        var values = new double[x.Rows * keep.Length];
        for (int j = 0; j < keep.Length; j++) x.Column(keep[j]).CopyTo(values.AsSpan(j * x.Rows, x.Rows));
        return frame with
        {
            Fixed = new FixedEffectsDesign
            {
                X = new ColumnMajorMatrix(x.Rows, keep.Length, values),
                CoefficientNames = keep.Select(j => design.CoefficientNames[j]).ToArray(),
                InterceptColumn = -1,
                SmoothColumnCount = design.SmoothColumnCount,
            },
        };
    }

    private static bool IsIdentity(int[] order)
    {
        for (int i = 0; i < order.Length; i++) if (order[i] != i) return false;
        return true;
    }

    private static ResponseData Permute(ResponseData response, int[] order)
    {
        static double[]? P(double[]? v, int[] o) => v is null ? null : o.Select(i => v[i]).ToArray();
        return response with
        {
            Values = P(response.Values, order)!,
            Trials = P(response.Trials, order),
            KnownStandardErrors = P(response.KnownStandardErrors, order),
        };
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected) throw new ArgumentException($"Expected length {expected}, got {actual}.", name);
    }

    /// <summary>Orders grouping factors as brms lists them: case-insensitively, then ordinally.</summary>
    private sealed class GroupNameComparer : IComparer<string>
    {
        public static readonly GroupNameComparer Instance = new();
        public int Compare(string? x, string? y)
        {
            int c = string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
            return c != 0 ? c : string.CompareOrdinal(x, y);
        }
    }
}
