// The prior of every parameter of one model: user statements matched to parameters, defaults for the rest.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Priors;

/// <summary>
/// The priors in force for one model. Precedence, most specific first: <c>b_x</c> over <c>b</c>; <c>sd_g__x</c> over
/// <c>sd_g</c> over <c>sd</c>; <c>cor_g</c> over <c>cor</c>; a family parameter by its name. The intercept follows brms
/// (DESIGN.md §2): with R's implicit intercept and centring (<see cref="GlmmOptions.Center"/>) its prior is the class
/// <c>Intercept</c> alone, on the intercept of the centred predictors (listed as <c>Intercept</c>; <c>b</c> never covers
/// it and <c>b_Intercept</c> names no prior); otherwise (<c>0 + Intercept</c>, or brms's <c>center = FALSE</c>) it is an
/// ordinary coefficient, <c>b_Intercept</c> over <c>Intercept</c> over <c>b</c> over the default. An ordinal family's
/// cutpoints take the class <c>Intercept</c>, listed as <c>Intercept[k]</c> when centred and <c>b_Intercept[k]</c> when not.
/// Priors of positive parameters are truncated at their lower bound (0, or 1 for nu) and renormalised.
/// With several linear predictors (the categorical family's <c>muB</c>, <c>muC</c>, ...) the predictor's own
/// classes come between: for <c>b_muB_x</c>, <c>b_muB_x</c> over <c>b_muB</c> over <c>b</c>; for its centred intercept
/// <c>Intercept_muB</c> over <c>Intercept</c>; for an uncentred one <c>b_muB_Intercept</c> over <c>Intercept_muB</c> over
/// <c>Intercept</c> over <c>b_muB</c> over <c>b</c> (brms's <c>dpar = muB</c>). Group-level sds are named per
/// coefficient: <c>sd_g__muB_Intercept</c>.
/// </summary>
public sealed class ModelPriors
{
    private ModelPriors(BoundedPrior[] fixedEffects, BoundedPrior[][] standardDeviations, double[] lkjEta,
        BoundedPrior?[] degreesOfFreedom, BoundedPrior[] familyParameters, IReadOnlyList<PriorUse> uses,
        IReadOnlyList<PriorUse> populationUses, IReadOnlyList<PriorUse>[] termUses, IReadOnlyList<PriorUse> familyUses)
    {
        DegreesOfFreedom = degreesOfFreedom;
        FixedEffects = fixedEffects;
        StandardDeviations = standardDeviations;
        LkjEta = lkjEta;
        FamilyParameters = familyParameters;
        Uses = uses;
        PopulationUses = populationUses;
        TermUses = termUses;
        FamilyUses = familyUses;
    }

    /// <summary>One prior per column of X.</summary>
    public IReadOnlyList<BoundedPrior> FixedEffects { get; }

    /// <summary>Per group term (in the order given to <see cref="Resolve"/>), one prior per coefficient's sd.</summary>
    public IReadOnlyList<BoundedPrior[]> StandardDeviations { get; }

    /// <summary>Per group term, the LKJ eta (NaN for a term without correlations).</summary>
    public IReadOnlyList<double> LkjEta { get; }

    /// <summary>Per group term, the prior of df_g for Student-t terms (null for normal terms), truncated below at 1.</summary>
    public IReadOnlyList<BoundedPrior?> DegreesOfFreedom { get; }

    /// <summary>One prior per family parameter.</summary>
    public IReadOnlyList<BoundedPrior> FamilyParameters { get; }

    /// <summary>Every prior in force, in output order, for printing.</summary>
    public IReadOnlyList<PriorUse> Uses { get; }

    /// <summary>The priors of the population-level coefficients as printed: an ordinal family's cutpoints, then b (the intercept included).</summary>
    public IReadOnlyList<PriorUse> PopulationUses { get; }

    /// <summary>Per group term, its priors as printed: each sd, then cor (correlated terms), then df (Student-t terms).</summary>
    public IReadOnlyList<IReadOnlyList<PriorUse>> TermUses { get; }

    /// <summary>The priors of the family parameters other than cutpoints, as printed.</summary>
    public IReadOnlyList<PriorUse> FamilyUses { get; }

    /// <summary>
    /// Matches <paramref name="priors"/> to the parameters of the model and fills in defaults. A prior for
    /// a parameter the model does not have, or two priors for the same target, throw <see cref="InputException"/>.
    /// <paramref name="centred"/> says that the intercepts (or an ordinal family's cutpoints) are those of the centred
    /// predictors (<see cref="IsCentred"/>). <paramref name="hasDegreesOfFreedom"/> says which terms have a df parameter
    /// (Student-t effects; the block kind is chosen elsewhere).
    /// </summary>
    public static ModelPriors Resolve(FixedEffectsDesign design, IReadOnlyList<GroupTerm> terms, Func<GroupTerm, bool> hasDegreesOfFreedom,
        IReadOnlyList<FamilyParameter> familyParameters, DefaultPriors defaults, IReadOnlyList<PriorSpec> priors,
        int orderedStart = 0, int orderedCount = 0, LinearPredictors? predictors = null, bool centred = false)
    {
        predictors ??= new LinearPredictors([""], new int[design.X.Columns], Enumerable.Range(0, design.X.Columns).ToArray(),
            [design.InterceptColumn], terms, terms.Select(t => (IReadOnlyList<int>)new int[t.CoefficientCount]).ToArray());
        var byTarget = new Dictionary<string, PriorSpec>(StringComparer.Ordinal);
        foreach (var p in priors)
        {
            Validate(p, design, terms, hasDegreesOfFreedom, familyParameters, predictors, orderedCount > 0, centred);
            if (!byTarget.TryAdd(p.Target, p))
                throw new InputException($"Prior '{p.Text}': '{p.Target}' already has the prior '{byTarget[p.Target].Text}'; give one prior per parameter.");
        }
        var uses = new List<PriorUse>();
        var cutpointUses = new List<PriorUse>();

        BoundedPrior Scalar(string parameter, ScalarPrior fallback, double lowerBound, params string?[] targets)
        {
            foreach (string? target in targets)
            {
                if (target is not null && byTarget.TryGetValue(target, out var spec))
                {
                    var d = (ScalarPrior)spec.Distribution;
                    BoundedPrior bounded;
                    try { bounded = new BoundedPrior(d, lowerBound); }
                    catch (ArgumentException e) { throw new InputException($"Prior '{spec.Text}': {e.Message}; {parameter} must exceed {lowerBound}."); }
                    uses.Add(new PriorUse(parameter, d.ToString(), false));
                    return bounded;
                }
            }
            uses.Add(new PriorUse(parameter, fallback.ToString(), true));
            return new BoundedPrior(fallback, lowerBound);
        }

        var fixedPriors = new BoundedPrior[design.X.Columns];
        for (int j = 0; j < fixedPriors.Length; j++)
        {
            string coef = design.CoefficientNames[j];
            string dpar = predictors.Names[predictors.ColumnPredictor[j]];
            string? intercept = dpar.Length > 0 ? "Intercept_" + dpar : null, perPredictor = dpar.Length > 0 ? "b_" + dpar : null;
            fixedPriors[j] = !predictors.IsIntercept(j)
                ? Scalar("b_" + coef, defaults.Coefficients[j], double.NegativeInfinity, "b_" + coef, perPredictor, "b")
                : centred
                    ? Scalar(intercept ?? "Intercept", defaults.Intercept, double.NegativeInfinity, intercept, "Intercept")
                    : Scalar("b_" + coef, defaults.Intercept, double.NegativeInfinity, "b_" + coef, intercept, "Intercept", perPredictor, "b");
        }
        var fixedUses = uses.ToArray();
        uses.Clear();
        var termUses = terms.Select(_ => new List<PriorUse>()).ToArray();
        var sdPriors = new BoundedPrior[terms.Count][];
        for (int t = 0; t < terms.Count; t++)
        {
            var term = terms[t];
            sdPriors[t] = new BoundedPrior[term.CoefficientCount];
            for (int k = 0; k < term.CoefficientCount; k++)
            {
                string name = $"sd_{term.Group}__{term.CoefficientNames[k]}";
                sdPriors[t][k] = Scalar(name, defaults.Scale, 0.0, name, "sd_" + term.Group, "sd");
                termUses[t].Add(uses[^1]);
            }
        }
        var eta = new double[terms.Count];
        for (int t = 0; t < terms.Count; t++)
        {
            var term = terms[t];
            if (!(term.Correlated && term.CoefficientCount > 1)) { eta[t] = double.NaN; continue; }
            string name = "cor_" + term.Group;
            if (byTarget.TryGetValue(name, out var spec) || byTarget.TryGetValue("cor", out spec))
            {
                eta[t] = ((LkjPrior)spec.Distribution).Eta;
                uses.Add(new PriorUse(name, spec.Distribution.ToString(), false));
            }
            else
            {
                eta[t] = DefaultPriors.Correlation.Eta;
                uses.Add(new PriorUse(name, DefaultPriors.Correlation.ToString(), true));
            }
            termUses[t].Add(uses[^1]);
        }
        var dfPriors = new BoundedPrior?[terms.Count];
        for (int t = 0; t < terms.Count; t++)
        {
            if (!hasDegreesOfFreedom(terms[t])) continue;
            string name = "df_" + terms[t].Group;
            dfPriors[t] = Scalar(name, defaults.ForParameter("df"), 1.0, name, "df");
            termUses[t].Add(uses[^1]);
        }
        var sdUses = uses.ToArray();
        uses.Clear();
        var familyPriors = new BoundedPrior[familyParameters.Count];
        for (int i = 0; i < familyPriors.Length; i++)
        {
            var fp = familyParameters[i];
            if (i >= orderedStart && i < orderedStart + orderedCount)
            {
                familyPriors[i] = Scalar(centred ? fp.Name : "b_" + fp.Name, defaults.Intercept, double.NegativeInfinity, "Intercept");
                cutpointUses.Add(uses[^1]);
                uses.RemoveAt(uses.Count - 1);
            }
            else familyPriors[i] = Scalar(fp.Name, defaults.ForParameter(fp.Name), fp.LowerBound, fp.Name);
        }
        // Output order (brms's class order): an ordinal family's cutpoints first, as brms lists them; b; sd, cor and df; the family parameters.
        var ordered = cutpointUses.Concat(fixedUses).Concat(sdUses).Concat(uses).ToArray();
        return new ModelPriors(fixedPriors, sdPriors, eta, dfPriors, familyPriors, ordered,
            cutpointUses.Concat(fixedUses).ToArray(), termUses, uses.ToArray());
    }

    /// <summary>
    /// Whether the intercept prior of a model of <paramref name="design"/> applies to the intercept of the centred
    /// predictors: R's implicit intercept with brms's <c>center</c> (<paramref name="center"/>), not <c>0 + Intercept</c>.
    /// </summary>
    public static bool IsCentred(FixedEffectsDesign design, bool center) => center && design.InterceptColumn >= 0 && !design.InterceptIsExplicit;

    /// <summary>Whether a printed prior use is a population-level one (a coefficient, an intercept or a cutpoint).</summary>
    public static bool IsPopulationLevel(PriorUse use) =>
        use.Parameter.StartsWith("b_", StringComparison.Ordinal) || use.Parameter.StartsWith("Intercept", StringComparison.Ordinal);

    private static void Validate(PriorSpec p, FixedEffectsDesign design, IReadOnlyList<GroupTerm> terms, Func<GroupTerm, bool> hasDegreesOfFreedom,
        IReadOnlyList<FamilyParameter> familyParameters, LinearPredictors predictors, bool cutpoints, bool centred)
    {
        string? narrowed = p.Class is "b" or "Intercept" ? p.Coefficient ?? p.Group : null;
        int dpar = narrowed is { Length: > 0 } ? predictors.Names.ToList().IndexOf(narrowed) : -1;
        int coefficients = design.X.Columns - (centred ? predictors.InterceptColumns.Count(c => c >= 0) : 0);
        int column = p.Class == "b" && p.Coefficient is not null ? design.CoefficientNames.ToList().IndexOf(p.Coefficient) : -1;
        string? problem = p.Class switch
        {
            "b" when p.Coefficient is null => coefficients > 0 ? null
                : design.X.Columns == 0 ? "the model has no population-level coefficients"
                : "the model has no population-level coefficients but its intercept, whose prior is the class Intercept (on the intercept of the centred predictors, as in brms); write 'Intercept ~ ...'",
            "b" when column >= 0 && centred && predictors.IsIntercept(column) =>
                $"with an implicit intercept the prior of the intercept is the class Intercept, which applies to the intercept of the centred predictors (as in brms); "
                + $"write '{(predictors.Count > 1 ? "Intercept_" + predictors.Names[predictors.ColumnPredictor[column]] : "Intercept")} ~ ...', or write the formula with "
                + "0 + Intercept (or fit without centring, brms's center = FALSE) to give b_Intercept a prior as written",
            "b" when dpar >= 0 => Enumerable.Range(0, design.X.Columns).Any(j => predictors.ColumnPredictor[j] == dpar && !(centred && predictors.IsIntercept(j)))
                ? null : $"the linear predictor '{p.Coefficient}' has no population-level coefficients" + (centred ? " but its intercept (class Intercept_" + p.Coefficient + ")" : ""),
            "b" => design.CoefficientNames.Contains(p.Coefficient)
                ? null
                : $"the model has no coefficient '{p.Coefficient}' (it has {List(design.CoefficientNames.Select(c => "b_" + c))}"
                  + (predictors.Count > 1 ? $", and the per-category classes {List(predictors.Names.Select(d => "b_" + d))}" : "") + ")",
            "Intercept" when p.Group is not null => dpar < 0
                ? $"'Intercept_{p.Group}' names no linear predictor" + (predictors.Count > 1 ? $" (the model has {List(predictors.Names.Select(d => "Intercept_" + d))})" : " (the model has one; write Intercept)")
                : predictors.InterceptColumns[dpar] < 0 ? $"the linear predictor '{p.Group}' has no intercept" : null,
            "Intercept" => predictors.InterceptColumns.All(c => c < 0) && !cutpoints ? "the model has no intercept" : null,
            "sd" when p.Group is null => terms.Count == 0 ? "the model has no group-level terms" : null,
            "sd" => terms.FirstOrDefault(t => t.Group == p.Group) is not { } term
                ? $"the model has no grouping factor '{p.Group}' (it has {List(terms.Select(t => t.Group).Distinct())})"
                : p.Coefficient is not null && !terms.Where(t => t.Group == p.Group).Any(t => t.CoefficientNames.Contains(p.Coefficient))
                    ? $"the group '{p.Group}' has no coefficient '{p.Coefficient}' (it has {List(terms.Where(t => t.Group == p.Group).SelectMany(t => t.CoefficientNames))})"
                    : null,
            "cor" when p.Group is null => terms.Any(t => t.Correlated && t.CoefficientCount > 1) ? null : "the model has no correlated group-level effects",
            "cor" => terms.Any(t => t.Group == p.Group && t.Correlated && t.CoefficientCount > 1)
                ? null
                : $"the model has no correlated effects for the group '{p.Group}'",
            "df" when terms.Any(t => hasDegreesOfFreedom(t) && (p.Group is null || t.Group == p.Group)) => null,
            "lambda" or "df" => $"the model has no '{p.Target}' parameter (no group-level term with that distribution)",
            _ => familyParameters.Any(f => f.Name == p.Class)
                ? null
                : $"the family has no parameter '{p.Class}'" + (familyParameters.Count == 0 ? "" : $" (it has {List(familyParameters.Select(f => f.Name))})"),
        };
        if (problem is not null) throw new InputException($"Prior '{p.Text}': {problem}.");
    }

    private static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count == 0 ? "none" : string.Join(", ", all);
    }
}
