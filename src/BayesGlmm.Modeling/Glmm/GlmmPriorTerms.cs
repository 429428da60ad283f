// The GLMM's log prior split into one term per prior in force, labelled by parameter and class.
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;

namespace BayesGlmm.Modeling.Glmm;

/// <summary>
/// The terms of <see cref="GlmmModel.LogPrior"/> in the order it sums them: per population-level coefficient
/// (class <c>Intercept</c> for a centred intercept, labelled <c>Intercept</c>, at b_Intercept + Σ_j mean_j b_j; <c>b</c>
/// otherwise, an uncentred intercept included, as brms's classes); per grouping term each sd (<c>sd</c>),
/// the LKJ prior of its correlations (<c>cor</c>, one term per group) and df of Student-t effects (<c>df</c>);
/// then per family parameter its name as class, except ordinal cutpoints, class <c>Intercept</c> as brms (labelled
/// <c>Intercept[k]</c> when centred).
/// </summary>
internal static class GlmmPriorTerms
{
    /// <summary>The labels of the terms.</summary>
    public static PriorTerm[] Terms(GlmmStructure s)
    {
        var terms = new List<PriorTerm>();
        for (int j = 0; j < s.FixedCount; j++)
        {
            bool centred = s.PriorCentringMeans[s.ColumnPredictor[j]] is not null && s.Predictors.IsIntercept(j);
            string dpar = s.Predictors.Names[s.ColumnPredictor[j]];
            terms.Add(centred ? new(dpar.Length > 0 ? "Intercept_" + dpar : "Intercept", "Intercept") : new(s.OutputNames[s.FixedOutput + j], "b"));
        }
        for (int t = 0; t < s.Blocks.Length; t++)
        {
            var block = s.Blocks[t];
            for (int c = 0; c < block.CoefficientCount; c++) terms.Add(new(s.OutputNames[s.SdOutput[t] + c], "sd"));
            if (block.Correlated) terms.Add(new("cor_" + s.Terms[t].Group, "cor"));
            if (block.Student) terms.Add(new(s.OutputNames[s.DfOutput[t]], "df"));
        }
        for (int i = 0; i < s.FamilyParameters.Count; i++)
            terms.Add(s.IsOrdered(i)
                ? new(s.CentredCutpoints ? s.FamilyParameters[i].Name : s.OutputNames[s.FamilyOutput + i], "Intercept")
                : new(s.OutputNames[s.FamilyOutput + i], s.FamilyParameters[i].Name));
        return terms.ToArray();
    }

    /// <summary>
    /// Fills one log density per term. Cutpoints out of order (impossible for posterior draws) make the first
    /// cutpoint's term −∞, as they make the joint prior −∞; a correlation matrix that is not positive definite
    /// makes its cor term −∞.
    /// </summary>
    public static void Evaluate(GlmmStructure s, ReadOnlySpan<double> outputs, Span<double> logPriors)
    {
        if (outputs.Length != s.OutputNames.Count) throw new ArgumentException($"Expected {s.OutputNames.Count} outputs, got {outputs.Length}.", nameof(outputs));
        int n = 0;
        Span<double> b = new double[s.FixedCount];
        s.PriorScaleFromReported(outputs.Slice(s.FixedOutput, s.FixedCount), b);
        for (int j = 0; j < s.FixedCount; j++) logPriors[n++] = s.Priors.FixedEffects[j].LogDensity(b[j], out _);
        for (int t = 0; t < s.Blocks.Length; t++)
        {
            var block = s.Blocks[t];
            int k = block.CoefficientCount;
            for (int c = 0; c < k; c++) logPriors[n++] = s.Priors.StandardDeviations[t][c].LogDensity(outputs[s.SdOutput[t] + c], out _);
            if (block.Correlated)
            {
                Span<double> factor = new double[k * k];
                logPriors[n++] = CorrelationCholesky.FactorFromCorrelations(outputs.Slice(s.CorOutput[t], CorrelationCholesky.FreeCount(k)), k, factor)
                    ? CorrelationCholesky.LkjLogDensity(factor, k, s.Priors.LkjEta[t])
                    : double.NegativeInfinity;
            }
            if (block.Student) logPriors[n++] = s.Priors.DegreesOfFreedom[t]!.LogDensity(outputs[s.DfOutput[t]], out _);
        }
        int family = n;
        double shift = s.CutpointShift(b);
        for (int i = 0; i < s.FamilyParameters.Count; i++)
            logPriors[n++] = s.Priors.FamilyParameters[i].LogDensity(outputs[s.FamilyOutput + i] - (s.IsOrdered(i) ? shift : 0.0), out _);
        for (int i = s.OrderedStart + 1; i < s.OrderedStart + s.OrderedCount; i++)
            if (!(outputs[s.FamilyOutput + i] > outputs[s.FamilyOutput + i - 1])) logPriors[family + s.OrderedStart] = double.NegativeInfinity;
    }
}
