// The prior of every parameter of one model: user statements matched to parameters, defaults for the rest.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Priors;

/// <summary>
/// The priors in force for one model. Precedence, most specific first: <c>b_x</c> over <c>b</c>; for the
/// intercept <c>b_Intercept</c> over <c>Intercept</c> over <c>b</c> (brms's <c>0 + Intercept</c>, where the
/// class-b prior covers the intercept) over the default; <c>sd_g__x</c> over <c>sd_g</c> over <c>sd</c>;
/// <c>cor_g</c> over <c>cor</c>; a family parameter by its name. Priors of bounded parameters are
/// truncated to their support ((0, ∞), (1, ∞) for nu, (0, 1) for the probabilities zi and hu) and renormalised.
/// With several linear predictors (the categorical family's <c>muB</c>, <c>muC</c>, ...) the predictor's own
/// classes come between: for <c>b_muB_x</c>, <c>b_muB_x</c> over <c>b_muB</c> over <c>b</c>; for its intercept
/// <c>b_muB_Intercept</c> over <c>Intercept_muB</c> over <c>Intercept</c> over <c>b_muB</c> over <c>b</c>
/// (brms's <c>dpar = muB</c>). Group-level sds are named per coefficient: <c>sd_g__muB_Intercept</c>.
/// </summary>
public sealed class ModelPriors
{
    private ModelPriors(BoundedPrior[] fixedEffects, BoundedPrior[][] standardDeviations, double[] lkjEta,
        BoundedPrior?[] degreesOfFreedom, BoundedPrior[] familyParameters, IReadOnlyList<PriorUse> uses)
    {
        DegreesOfFreedom = degreesOfFreedom;
        FixedEffects = fixedEffects;
        StandardDeviations = standardDeviations;
        LkjEta = lkjEta;
        FamilyParameters = familyParameters;
        Uses = uses;
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

    /// <summary>
    /// Matches <paramref name="priors"/> to the parameters of the model and fills in defaults. A prior for
    /// a parameter the model does not have, or two priors for the same target, throw <see cref="InputException"/>.
    /// </summary>
    public static ModelPriors Resolve(FixedEffectsDesign design, IReadOnlyList<GroupTerm> terms,
        IReadOnlyList<FamilyParameter> familyParameters, DefaultPriors defaults, IReadOnlyList<PriorSpec> priors,
        int orderedStart = 0, int orderedCount = 0, LinearPredictors? predictors = null)
    {
        predictors ??= new LinearPredictors([""], new int[design.X.Columns], Enumerable.Range(0, design.X.Columns).ToArray(),
            [design.InterceptColumn], terms, terms.Select(t => (IReadOnlyList<int>)new int[t.CoefficientCount]).ToArray());
        var byTarget = new Dictionary<string, PriorSpec>(StringComparer.Ordinal);
        foreach (var p in priors)
        {
            Validate(p, design, terms, familyParameters, predictors, orderedCount > 0);
            if (!byTarget.TryAdd(p.Target, p))
                throw new InputException($"Prior '{p.Text}': '{p.Target}' already has the prior '{byTarget[p.Target].Text}'; give one prior per parameter.");
        }
        var uses = new List<PriorUse>();

        BoundedPrior Scalar(string parameter, ScalarPrior fallback, double lowerBound, params string?[] targets)
            => Bounded(parameter, fallback, lowerBound, double.PositiveInfinity, targets);

        BoundedPrior Bounded(string parameter, ScalarPrior fallback, double lowerBound, double upperBound, params string?[] targets)
        {
            foreach (string? target in targets)
            {
                if (target is not null && byTarget.TryGetValue(target, out var spec))
                {
                    var d = (ScalarPrior)spec.Distribution;
                    BoundedPrior bounded;
                    try { bounded = new BoundedPrior(d, lowerBound, upperBound); }
                    catch (ArgumentException e)
                    {
                        string support = double.IsPositiveInfinity(upperBound) ? $"must exceed {lowerBound}" : $"lies between {lowerBound} and {upperBound}";
                        throw new InputException($"Prior '{spec.Text}': {e.Message}; {parameter} {support}.");
                    }
                    uses.Add(new PriorUse(parameter, d.ToString(), false));
                    return bounded;
                }
            }
            uses.Add(new PriorUse(parameter, fallback.ToString(), true));
            return new BoundedPrior(fallback, lowerBound, upperBound);
        }

        var fixedPriors = new BoundedPrior[design.X.Columns];
        for (int j = 0; j < fixedPriors.Length; j++)
        {
            string coef = design.CoefficientNames[j];
            string dpar = predictors.Names[predictors.ColumnPredictor[j]];
            string? intercept = dpar.Length > 0 ? "Intercept_" + dpar : null, perPredictor = dpar.Length > 0 ? "b_" + dpar : null;
            fixedPriors[j] = predictors.IsIntercept(j)
                ? Scalar("b_" + coef, defaults.Intercept, double.NegativeInfinity, "b_" + coef, intercept, "Intercept", perPredictor, "b")
                : Scalar("b_" + coef, defaults.Coefficients[j], double.NegativeInfinity, "b_" + coef, perPredictor, "b");
        }
        var sdPriors = new BoundedPrior[terms.Count][];
        for (int t = 0; t < terms.Count; t++)
        {
            var term = terms[t];
            sdPriors[t] = new BoundedPrior[term.CoefficientCount];
            for (int k = 0; k < term.CoefficientCount; k++)
            {
                string name = $"sd_{term.Group}__{term.CoefficientNames[k]}";
                sdPriors[t][k] = Scalar(name, defaults.Scale, 0.0, name, "sd_" + term.Group, "sd");
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
        }
        var dfPriors = new BoundedPrior?[terms.Count];
        for (int t = 0; t < terms.Count; t++)
        {
            if (terms[t].Distribution != RandomEffectDistribution.Student) continue;
            string name = "df_" + terms[t].Group;
            dfPriors[t] = Scalar(name, defaults.ForParameter("df"), 1.0, name, "df");
        }
        var familyPriors = new BoundedPrior[familyParameters.Count];
        for (int i = 0; i < familyPriors.Length; i++)
        {
            var fp = familyParameters[i];
            familyPriors[i] = i >= orderedStart && i < orderedStart + orderedCount
                ? Scalar("b_" + fp.Name, defaults.Intercept, double.NegativeInfinity, fp.Name, "Intercept")
                : Bounded(fp.Name, defaults.ForParameter(fp.Name), fp.LowerBound, fp.UpperBound, fp.Name);
        }
        var cutpoints = Enumerable.Range(orderedStart, orderedCount).Select(i => "b_" + familyParameters[i].Name).ToHashSet(StringComparer.Ordinal);
        // Output order: b, sd, cor, family parameters (brms's class order).
        // An ordinal family's cutpoints b_Intercept[k] come first, as brms lists them.
        var ordered = uses.Where(u => cutpoints.Contains(u.Parameter))
            .Concat(uses.Where(u => u.Parameter.StartsWith("b_", StringComparison.Ordinal) && !cutpoints.Contains(u.Parameter)))
            .Concat(uses.Where(u => u.Parameter.StartsWith("sd_", StringComparison.Ordinal)))
            .Concat(uses.Where(u => u.Parameter.StartsWith("cor_", StringComparison.Ordinal)))
            .Concat(uses.Where(u => u.Parameter.StartsWith("df_", StringComparison.Ordinal)))
            .Concat(uses.Where(u => familyParameters.Any(f => f.Name == u.Parameter)))
            .ToArray();
        return new ModelPriors(fixedPriors, sdPriors, eta, dfPriors, familyPriors, ordered);
    }

    private static void Validate(PriorSpec p, FixedEffectsDesign design, IReadOnlyList<GroupTerm> terms, IReadOnlyList<FamilyParameter> familyParameters,
        LinearPredictors predictors, bool cutpoints = false)
    {
        string? narrowed = p.Class is "b" or "Intercept" ? p.Coefficient ?? p.Group : null;
        int dpar = narrowed is { Length: > 0 } ? predictors.Names.ToList().IndexOf(narrowed) : -1;
        string? problem = p.Class switch
        {
            "b" when p.Coefficient is null => design.X.Columns == 0 ? "the model has no population-level coefficients" : null,
            "b" when dpar >= 0 => predictors.ColumnPredictor.Contains(dpar) ? null : $"the linear predictor '{p.Coefficient}' has no population-level coefficients",
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
            "df" when terms.Any(t => t.Distribution == RandomEffectDistribution.Student && (p.Group is null || t.Group == p.Group)) => null,
            "lambda" or "df" => $"the model has no '{p.Target}' parameter (no group-level term with that distribution)",
            "sds" => "the model has no smooth terms s(...)",
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
