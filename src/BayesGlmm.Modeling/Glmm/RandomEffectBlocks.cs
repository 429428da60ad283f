// Which random-effect block each group-level term of a model becomes (normal or Student-t effects, or a conjugate intercept on its route), and each smooth term's penalised part.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Hglm;
using BayesGlmm.Modeling.Integrated;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;

namespace BayesGlmm.Modeling.Glmm;

/// <summary>
/// A block to build for one group-level term once the evaluation order is known (<see cref="ObservationOrder"/> needs to
/// know which terms are gathered into the linear predictor by level first). Rebuilt with a new response by
/// <see cref="GlmmModel.WithResponse"/>, with the same priors.
/// </summary>
internal abstract class BlockPlan(GroupTerm? term, int predictor)
{
    /// <summary>The term, or null for a block that covers none (a smooth).</summary>
    public GroupTerm? Term { get; } = term;

    /// <summary>The linear predictor it feeds, or −1 for every predictor (a term correlated across the categories).</summary>
    public int Predictor { get; } = predictor;

    /// <summary>Whether its effects are gathered into the linear predictor by level (so that sorting the observations helps).</summary>
    public abstract bool GathersByLevel { get; }

    /// <summary>
    /// The block for <paramref name="frame"/> in the evaluation order <paramref name="order"/> (<paramref name="stackedOrder"/>: N · D rows);
    /// <paramref name="fixedX"/> is X as the evaluator forms X b (evaluation order, centred where the model centres).
    /// </summary>
    public abstract IRandomEffectBlock Build(ModelFrame frame, int[] order, int[] stackedOrder, ColumnMajorMatrix fixedX);
}

/// <summary>Chooses a block kind for every group-level term of a model (the one place that reads <see cref="GroupTerm.Distribution"/> to do so).</summary>
internal static class RandomEffectBlocks
{
    /// <summary>Normal or Student-t effects: <see cref="NormalEffects"/>.</summary>
    private sealed class NormalPlan(GroupTerm term, int predictor, BoundedPrior[] sd, double eta, BoundedPrior? df, IReadOnlyList<PriorUse> uses, string[] names)
        : BlockPlan(term, predictor)
    {
        public override bool GathersByLevel => true;

        public bool Student => df is not null;

        public override IRandomEffectBlock Build(ModelFrame frame, int[] order, int[] stackedOrder, ColumnMajorMatrix fixedX) =>
            new NormalEffects(Term!, new TermMatrix(Term!, Predictor < 0 ? stackedOrder : order), sd, eta, df is null ? null : new StudentScales(df), names, uses);
    }

    /// <summary>Every normal term of a gaussian identity model, integrated out exactly: <see cref="IntegratedNormalEffects"/>.</summary>
    private sealed class IntegratedPlan(NormalPlan[] terms) : BlockPlan(terms[0].Term, 0)
    {
        public override bool GathersByLevel => false;

        public override IRandomEffectBlock Build(ModelFrame frame, int[] order, int[] stackedOrder, ColumnMajorMatrix fixedX) =>
            new IntegratedNormalEffects(terms.Select(t => (NormalEffects)t.Build(frame, order, stackedOrder, fixedX)).ToArray(), frame, order, fixedX);
    }

    /// <summary>Two random intercepts, one nested in the other, the inner one centred around its parent: <see cref="NestedCentredEffects"/>.</summary>
    private sealed class NestedCentredPlan(NormalPlan first, NormalPlan second, int innerIndex, int interceptPosition) : BlockPlan(first.Term, first.Predictor)
    {
        public override bool GathersByLevel => true;

        /// <summary>What decides the block: its two plans, which is inner, and whether it is centred on the intercept.</summary>
        public (NormalPlan, NormalPlan, int, int) Key => (first, second, innerIndex, interceptPosition);

        public override IRandomEffectBlock Build(ModelFrame frame, int[] order, int[] stackedOrder, ColumnMajorMatrix fixedX) =>
            new NestedCentredEffects((NormalEffects)first.Build(frame, order, stackedOrder, fixedX), (NormalEffects)second.Build(frame, order, stackedOrder, fixedX), innerIndex, interceptPosition);
    }

    /// <summary>Random intercepts nested in a chain, each level partially non-centred: <see cref="PartiallyCentredChain"/>.</summary>
    private sealed class ChainPlan(NormalPlan[] terms, int[] chain, double[][] weights) : BlockPlan(terms[0].Term, terms[0].Predictor)
    {
        public override bool GathersByLevel => true;

        public override IRandomEffectBlock Build(ModelFrame frame, int[] order, int[] stackedOrder, ColumnMajorMatrix fixedX) =>
            new PartiallyCentredChain(terms.Select(t => (NormalEffects)t.Build(frame, order, stackedOrder, fixedX)).ToArray(), chain, weights);
    }

    /// <summary>One term of one coefficient integrated out by adaptive quadrature: <see cref="QuadratureEffects"/>.</summary>
    private sealed class QuadraturePlan(NormalPlan term, IFamily family, int nodes) : BlockPlan(term.Term, 0)
    {
        public override bool GathersByLevel => false;

        public override IRandomEffectBlock Build(ModelFrame frame, int[] order, int[] stackedOrder, ColumnMajorMatrix fixedX) =>
            new QuadratureEffects((NormalEffects)term.Build(frame, order, stackedOrder, fixedX), family, frame, order, nodes);
    }

    /// <summary>A conjugate random intercept on the integrated or the joint route.</summary>
    private sealed class ConjugatePlan(GroupTerm term, ConjugatePair pair, bool integrated, bool hasClusterLikelihood, BoundedPrior prior, PriorUse use)
        : BlockPlan(term, 0)
    {
        public override bool GathersByLevel => !integrated;

        public override IRandomEffectBlock Build(ModelFrame frame, int[] order, int[] stackedOrder, ColumnMajorMatrix fixedX) => integrated
            ? new ConjugateIntegratedEffects(Term!, pair, prior, use, frame.Response, order)
            : new ConjugateJointEffects(Term!, pair, prior, use, frame.Response, new TermMatrix(Term!, order), hasClusterLikelihood);
    }

    /// <summary>A smooth term's penalised part (one per level of a by factor).</summary>
    private sealed class SmoothPlan(Smooths.SmoothPart part, BoundedPrior prior, PriorUse use) : BlockPlan(null, 0)
    {
        public override bool GathersByLevel => false;

        public override IRandomEffectBlock Build(ModelFrame frame, int[] order, int[] stackedOrder, ColumnMajorMatrix fixedX) => new SmoothEffects(part, order, prior, use);
    }

    /// <summary>
    /// One plan per smooth part of <paramref name="frame"/> (formula order, by levels in order), each with its sds prior:
    /// <c>sds_sx_1 ~</c> over <c>sds ~</c> over the default (brms's, that of <c>sd</c>). Returns the other priors; an sds
    /// prior for a smooth the model does not have is an error.
    /// </summary>
    public static (BlockPlan[] Plans, List<PriorSpec> Others) SmoothPlans(ModelFrame frame, IReadOnlyList<PriorSpec> priors, DefaultPriors defaults)
    {
        var parts = frame.Smooths.SelectMany(t => t.Parts).ToArray();
        var rest = new List<PriorSpec>();
        PriorSpec? classSpec = null;
        var byName = new Dictionary<string, PriorSpec>(StringComparer.Ordinal);
        foreach (var p in priors)
        {
            if (p.Class != "sds" || parts.Length == 0) { rest.Add(p); continue; }
            string name = p.Group is null ? "sds" : "sds_" + p.Group;
            if (p.Group is not null && !parts.Any(t => t.SdName == name))
                throw new InputException($"Prior '{p.Text}': the model has no smooth with the sd '{name}' (it has {string.Join(", ", parts.Select(t => t.SdName))}).");
            var previous = p.Group is null ? classSpec : byName.GetValueOrDefault(name);
            if (previous is not null) throw new InputException($"Prior '{p.Text}': '{p.Target}' already has the prior '{previous.Text}'; give one prior per parameter.");
            if (p.Distribution is not ScalarPrior)
                throw new InputException($"Prior '{p.Text}': sds takes a prior for a positive number, such as student_t(3, 0, 2.5).");
            if (p.Group is null) classSpec = p;
            else byName[name] = p;
        }
        var plans = new BlockPlan[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            var chosen = byName.GetValueOrDefault(parts[i].SdName) ?? classSpec;
            var scalar = chosen is null ? defaults.Scale : (ScalarPrior)chosen.Distribution;
            BoundedPrior bounded;
            try { bounded = new BoundedPrior(scalar, 0.0); }
            catch (ArgumentException e) { throw new InputException($"Prior '{chosen!.Text}': {e.Message}; {parts[i].SdName} must exceed 0."); }
            plans[i] = new SmoothPlan(parts[i], bounded, new PriorUse(parts[i].SdName, scalar.ToString(), chosen is null));
        }
        return (plans, rest);
    }

    /// <summary>Whether a normal-kind term has Student-t effects, whose block samples a df parameter with its own prior.</summary>
    public static bool HasDegreesOfFreedom(GroupTerm term) => term.Distribution == RandomEffectDistribution.Student;

    /// <summary>Whether a term's effects come from a conjugate HGLM distribution (gamma, beta, inverse_gamma).</summary>
    public static bool IsConjugate(GroupTerm term) => ConjugatePairs.IsConjugate(term.Distribution);

    /// <summary>
    /// Checks a conjugate model before its response is read: one group-level term, a random intercept, of the pair's family
    /// and link. Returns the pair; throws <see cref="InputException"/> for anything else, saying what to write.
    /// </summary>
    public static ConjugatePair CheckConjugate(ModelFrame frame, GroupTerm term, IFamily family)
    {
        string text = term.Text.Length > 0 ? term.Text : term.Group;
        if (frame.Groups.Count > 1)
            throw new InputException(
                $"The group-level term '{text}' has {term.Distribution.ToString().ToLowerInvariant()} effects; such a model takes no other group-level term " +
                $"(it has {frame.Groups.Count}). Keep one conjugate random intercept, or use normal or student effects for every term.");
        if (term.CoefficientCount != 1 || term.CoefficientNames[0] != "Intercept" || term.Z.Values.Any(z => z != 1.0))
            throw new InputException(
                $"The group-level term '{text}': gamma, beta and inverse_gamma effects are random intercepts only; write (1 | gr({term.Group}, dist = \"{term.Distribution.ToString().ToLowerInvariant()}\")).");
        return ConjugatePairs.Select(family, term);
    }

    /// <summary>
    /// The prior of a conjugate term's dispersion λ: <c>lambda_g ~</c> over <c>lambda ~</c> over exponential(1). Returns the
    /// other priors, for the coefficients and the family; an sd, cor or df prior, or a lambda of another group, is an error.
    /// </summary>
    public static (BoundedPrior Prior, PriorUse Use, List<PriorSpec> Others) ConjugatePrior(GroupTerm term, IReadOnlyList<PriorSpec> priors, DefaultPriors defaults)
    {
        string text = term.Text.Length > 0 ? term.Text : term.Group;
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
        string lambdaName = "lambda_" + term.Group;
        var chosen = lambdaGroupSpec ?? lambdaSpec;
        if (chosen is null)
        {
            var fallback = defaults.ForParameter("lambda");
            return (new BoundedPrior(fallback, 0.0), new PriorUse(lambdaName, fallback.ToString(), true), rest);
        }
        if (chosen.Distribution is not ScalarPrior scalar)
            throw new InputException($"Prior '{chosen.Text}': lambda takes a prior for a positive number, such as exponential(1).");
        BoundedPrior bounded;
        try { bounded = new BoundedPrior(scalar, 0.0); }
        catch (ArgumentException e) { throw new InputException($"Prior '{chosen.Text}': {e.Message}; {lambdaName} must exceed 0."); }
        return (bounded, new PriorUse(lambdaName, scalar.ToString(), false), rest);
    }

    /// <summary>
    /// The most group-level effects auto integrates out: measured on 2 cores, the integrated gradient of insteval (4,114
    /// crossed effects) took 636 ms against about 1 ms joint, while the gaussian models with up to a few hundred effects
    /// (radon, Pastes, pilots, sleepstudy) gain 5–15 times the ESS per gradient integrated.
    /// </summary>
    public const int AutoIntegratedEffects = 1000;

    /// <summary>
    /// One plan per term of <paramref name="terms"/> (output order): conjugate terms with the pair and λ prior of
    /// <paramref name="conjugate"/> (integrated where the cluster likelihood keeps the conjugate kernel, unless
    /// <see cref="GlmmOptions.JointConjugateEffects"/>), the others normal or Student-t with their priors from
    /// <paramref name="priors"/>, resolved for <paramref name="normalTerms"/>; on the integrated or quadrature route
    /// (<see cref="GlmmOptions.Effects"/>) the normal terms instead form one block that integrates them out, and a model
    /// that route cannot take is an <see cref="InputException"/> saying which route to use.
    /// </summary>
    public static BlockPlan[] Plans(ModelFrame frame, IReadOnlyList<GroupTerm> terms, IReadOnlyList<GroupTerm> normalTerms, ModelPriors priors,
        (ConjugatePair Pair, BoundedPrior Prior, PriorUse Use)? conjugate, LinearPredictors predictors, GlmmOptions options, IFamily family)
    {
        var plans = TermPlans(frame, terms, normalTerms, priors, conjugate, predictors, options);
        var normal = plans.OfType<NormalPlan>().ToArray();
        var effects = options.Effects;
        if (effects == EffectsRoute.Auto)
            effects = normal.Length == plans.Length && normal.All(p => !p.Student) && predictors.Count == 1 && family.Name == "gaussian" && family.LinkName == "identity"
                      && frame.Smooths.Count == 0 && terms.Sum(t => t.LevelCount * t.CoefficientCount) <= AutoIntegratedEffects
                ? EffectsRoute.Integrated : EffectsRoute.Joint;
        if (effects == EffectsRoute.Joint || plans.Length == 0) return plans;
        string route = effects == EffectsRoute.Integrated ? "integrated" : "quadrature";
        // The integrated blocks draw their effects from the conditional given the fixed part of η alone.
        if (frame.Smooths.Count > 0)
            throw new InputException($"The {route} route does not integrate group-level effects out beside smooth terms (s(...)). Use the joint route.");
        if (normal.Length != plans.Length || normal.Any(p => p.Student))
            throw new InputException($"The {route} route integrates normal group-level effects out; this model has gamma, beta, inverse_gamma or Student-t effects. Use the joint route.");
        if (predictors.Count != 1)
            throw new InputException($"The {route} route integrates effects out of one linear predictor; the {family.Name} family has {predictors.Count}. Use the joint route.");
        if (effects == EffectsRoute.Integrated)
        {
            if (family.Name != "gaussian" || family.LinkName != "identity")
                throw new InputException(
                    $"The integrated route integrates normal effects out exactly for gaussian(identity) models; this one is {family.Name}({family.LinkName}). Use the quadrature route (one random intercept) or the joint route.");
            return [new IntegratedPlan(normal)];
        }
        if (normal.Length != 1)
            throw new InputException($"The quadrature route integrates one grouping factor's effects out; this model has {normal.Length} group-level terms. Use the joint route.");
        return [new QuadraturePlan(normal[0], family, options.QuadratureNodes)];
    }

    /// <summary>The fewest observations per level, on average, of an inner term that <see cref="NestedCentred"/> centres.</summary>
    public const double CentredLevelObservations = 2.0;

    /// <summary>
    /// The fewest inner levels per outer level, on average, from which <see cref="HierarchicalCentring.Auto"/> centres a
    /// pair on the intercept. The outer level means are then informed by many inner totals, which is where their centred
    /// form mixes better (Papaspiliopoulos, Roberts &amp; Sköld 2007, §3: centring wins when the data's precision about a
    /// level exceeds its prior's, here m·sd_B² against sd_A² for m inner levels); with few (grouseticks: 1.9 broods per
    /// location) the outer sd can reach 0, where the centred means form a funnel. The data's own evidence must agree too
    /// (<see cref="CentringEvidence.CentresOuter"/>). Measured in benchmarks/SAMPLER.md, "Hierarchical centring on the
    /// intercept" and "Auto asks the data".
    /// </summary>
    public const double CentredOnInterceptFrom = 10.0;

    /// <summary>
    /// The plans with <paramref name="centring"/> applied to the joint route's normal terms (<see cref="NestedCentred"/>); the
    /// other plans (smooths, conjugate, integrated and quadrature blocks) as they are. Under
    /// <see cref="HierarchicalCentring.Auto"/> the choice depends on the response of <paramref name="frame"/> (<see cref="CentringEvidence"/>; under <see cref="HierarchicalCentring.Partial"/> the weights too),
    /// so a model given a new response (simulation-based calibration) asks again.
    /// </summary>
    public static BlockPlan[] Centred(BlockPlan[] plans, LinearPredictors predictors, HierarchicalCentring centring, ModelFrame frame, IFamily family) =>
        centring switch
        {
            HierarchicalCentring.None => plans,
            HierarchicalCentring.Partial => PartiallyCentred(plans, predictors, frame, family),
            _ => NestedCentred(plans, predictors, centring, frame.Response, family),
        };

    /// <summary>Whether two results of <see cref="Centred"/> from the same plans build the same blocks.</summary>
    public static bool SameBlocks(BlockPlan[] a, BlockPlan[] b) =>
        a.Length == b.Length && a.Zip(b).All(p => ReferenceEquals(p.First, p.Second)
                                                 || (p.First is NestedCentredPlan x && p.Second is NestedCentredPlan y && x.Key == y.Key));

    /// <summary>
    /// Pairs random intercepts where one is nested in another (<see cref="NestedCentredEffects"/>): an inner term with at
    /// least <see cref="CentredLevelObservations"/> observations per level on average, taken in formula order, with the
    /// parent of the most levels among the terms it is nested in; each term joins one pair at most. The pair stands where
    /// its first term stood. Under <see cref="HierarchicalCentring.Auto"/> only where the data outweigh the inner prior
    /// (<see cref="CentringEvidence.CentresInner"/>).
    /// </summary>
    private static BlockPlan[] NestedCentred(BlockPlan[] plans, LinearPredictors predictors, HierarchicalCentring centring, ResponseData response, IFamily family)
    {
        if (predictors.Count != 1) return plans;
        // Centred on the intercept where the predictor has one (its coefficient's index is its place in the position).
        int intercept = predictors.InterceptColumns[0];
        var candidates = plans.Select(p => p is NormalPlan { Student: false } n && NestedCentredEffects.IsRandomIntercept(n.Term!) ? n : null).ToArray();
        var result = plans.ToList();
        var used = new HashSet<NormalPlan>();
        for (int i = 0; i < candidates.Length; i++)
        {
            var inner = candidates[i];
            if (inner is null || used.Contains(inner)) continue;
            var term = inner.Term!;
            if (term.LevelOfObservation.Length < CentredLevelObservations * term.LevelCount) continue;
            NormalPlan? parent = null;
            int[]? parentLevels = null;
            foreach (var outer in candidates)
            {
                if (outer is null || outer == inner || used.Contains(outer) || outer.Term!.LevelCount >= term.LevelCount) continue;
                if (parent is not null && outer.Term.LevelCount <= parent.Term!.LevelCount) continue;
                if (NestedCentredEffects.ParentLevels(term, outer.Term) is not { } levels) continue;
                (parent, parentLevels) = (outer, levels);
            }
            if (parent is null) continue;
            bool onIntercept = centring == HierarchicalCentring.OnIntercept;
            if (centring == HierarchicalCentring.Auto)
            {
                var evidence = CentringEvidence.Of(response, family, term, parent.Term!, parentLevels!);
                if (evidence is not { CentresInner: true }) continue;
                onIntercept = term.LevelCount >= CentredOnInterceptFrom * parent.Term!.LevelCount && evidence.CentresOuter;
            }
            used.Add(inner);
            used.Add(parent);
            int a = result.IndexOf(inner), b = result.IndexOf(parent);
            var (first, second) = a < b ? (inner, parent) : (parent, inner);
            result[Math.Min(a, b)] = new NestedCentredPlan(first, second, a < b ? 0 : 1, onIntercept ? intercept : -1);
            result.RemoveAt(Math.Max(a, b));
        }
        return result.ToArray();
    }

    /// <summary>
    /// The longest chain of random intercepts each nested in the one before (from the term of the most levels outwards, each
    /// time the parent of the most levels), as one <see cref="PartiallyCentredChain"/> whose weights
    /// (<see cref="ChainWeights"/>) take the sds of the Laplace estimate (<see cref="Estimation.MixedModelEstimator"/>) and
    /// each observation's Fisher information about η at its observed count, y (the poisson family with the log link; other
    /// families keep <see cref="NestedCentred"/>'s nested pairs).
    /// </summary>
    private static BlockPlan[] PartiallyCentred(BlockPlan[] plans, LinearPredictors predictors, ModelFrame frame, IFamily family)
    {
        if (predictors.Count != 1 || family.Name != "poisson" || family.LinkName != "log" || plans.Any(p => p is not NormalPlan { Student: false }))
            return NestedCentred(plans, predictors, HierarchicalCentring.Nested, frame.Response, family);
        var candidates = plans.Cast<NormalPlan>().Where(n => NestedCentredEffects.IsRandomIntercept(n.Term!)).OrderByDescending(n => n.Term!.LevelCount).ToList();
        List<NormalPlan> best = [];
        foreach (var start in candidates)
        {
            var chain = new List<NormalPlan> { start };
            while (true)
            {
                var inner = chain[^1].Term!;
                var parent = candidates.Where(o => o.Term!.LevelCount < inner.LevelCount && NestedCentredEffects.ParentLevels(inner, o.Term) is not null)
                    .OrderByDescending(o => o.Term!.LevelCount).FirstOrDefault();
                if (parent is null) break;
                chain.Add(parent);
            }
            if (chain.Count > best.Count) best = chain;
        }
        if (best.Count < 2) return NestedCentred(plans, predictors, HierarchicalCentring.Nested, frame.Response, family);
        best.Reverse(); // outermost first
        var estimate = Estimation.MixedModelEstimator.Estimate(frame, family, new Estimation.EstimateOptions(Estimation.EstimationMethod.Laplace));
        var sdOf = estimate.Rows.ToDictionary(r => r.Variable, r => r.Estimate);
        var terms = plans.Cast<NormalPlan>().Where(best.Contains).ToArray(); // formula order
        var chainIndex = best.Select(p => Array.IndexOf(terms, p)).ToArray();
        var parents = new int[best.Count][];
        parents[0] = [];
        for (int c = 1; c < best.Count; c++) parents[c] = NestedCentredEffects.ParentLevels(best[c].Term!, best[c - 1].Term!)!;
        var chainWeights = ChainWeights.For(best[^1].Term!.LevelOfObservation, parents, best.Select(p => p.Term!.LevelCount).ToArray(),
            best.Select(p => sdOf[$"sd_{p.Term!.Group}__Intercept"]).ToArray(), frame.Response.Values);
        var weights = new double[terms.Length][];
        for (int c = 0; c < best.Count; c++) weights[chainIndex[c]] = chainWeights[c];
        var result = plans.ToList();
        int first = result.IndexOf(terms[0]);
        result[first] = new ChainPlan(terms, chainIndex, weights);
        foreach (var t in terms.Skip(1)) result.Remove(t);
        return result.ToArray();
    }

    private static BlockPlan[] TermPlans(ModelFrame frame, IReadOnlyList<GroupTerm> terms, IReadOnlyList<GroupTerm> normalTerms, ModelPriors priors,
        (ConjugatePair Pair, BoundedPrior Prior, PriorUse Use)? conjugate, LinearPredictors predictors, GlmmOptions options)
    {
        var plans = new BlockPlan[terms.Count];
        for (int t = 0; t < terms.Count; t++)
        {
            var term = terms[t];
            if (IsConjugate(term))
            {
                var (pair, prior, use) = conjugate ?? throw new ArgumentException("A conjugate term needs its pair and prior.", nameof(conjugate));
                // Closed forms: every pair but binomial–beta with other terms in the predictor, and the reciprocal link.
                bool closedForm = pair switch
                {
                    ConjugatePair.BinomialBeta => frame.Fixed.X.Columns == 0 && frame.Offset is null,
                    ConjugatePair.GammaInverseGammaReciprocal => false,
                    _ => true,
                };
                plans[t] = new ConjugatePlan(term, pair, closedForm && !options.JointConjugateEffects, closedForm, prior, use);
                continue;
            }
            int n = IndexOf(normalTerms, term);
            plans[t] = new NormalPlan(term, predictors.PredictorOf(term), priors.StandardDeviations[n], priors.LkjEta[n], priors.DegreesOfFreedom[n],
                priors.TermUses[n], NormalEffects.EffectNames(term, predictors));
        }
        return plans;
    }

    private static int IndexOf(IReadOnlyList<GroupTerm> terms, GroupTerm term)
    {
        for (int i = 0; i < terms.Count; i++)
            if (ReferenceEquals(terms[i], term)) return i;
        throw new ArgumentException("The term has no resolved priors.", nameof(term));
    }
}
