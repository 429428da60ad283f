// A model's log prior split into one term per prior in force, labelled by parameter and class: the coefficients, each block, the family.
using BayesGlmm.Modeling.Priors;

namespace BayesGlmm.Modeling.Glmm;

/// <summary>
/// The terms of <see cref="GlmmModel.LogPrior"/> in the order it sums them: per population-level coefficient (class
/// <c>Intercept</c> for a centred intercept, labelled <c>Intercept</c>, at b_Intercept + Σ_j mean_j b_j; <c>b</c> otherwise,
/// an uncentred intercept included, as brms's classes); each block's terms (sd per coefficient, the LKJ prior of its
/// correlations as one <c>cor</c> term, <c>df</c>, <c>lambda</c>); per family parameter its name as class, except ordinal
/// cutpoints, class <c>Intercept</c> as brms (labelled <c>Intercept[k]</c> when centred).
/// </summary>
internal static class GlmmPriorTerms
{
    /// <summary>The labels of the terms.</summary>
    public static PriorTerm[] Terms(GlmmStructure s) =>
        s.Fixed.PriorTerms()
            .Concat(s.Blocks.SelectMany(b => b.PriorTerms))
            .Concat(s.Family.PriorTerms(s.OutputNames, s.Fixed.CentredCutpoints))
            .ToArray();

    /// <summary>
    /// Fills one log density per term. Cutpoints out of order (impossible for posterior draws) make the first cutpoint's
    /// term −∞, as they make the joint prior −∞; a correlation matrix that is not positive definite makes its cor term −∞.
    /// </summary>
    public static void Evaluate(GlmmStructure s, ReadOnlySpan<double> outputs, Span<double> logPriors)
    {
        if (outputs.Length != s.OutputNames.Count) throw new ArgumentException($"Expected {s.OutputNames.Count} outputs, got {outputs.Length}.", nameof(outputs));
        int p = s.FixedCount, n = p;
        Span<double> b = new double[p];
        s.Fixed.LogPriorTerms(outputs.Slice(s.FixedOutput, p), b, logPriors[..p]);
        foreach (var block in s.Blocks)
        {
            int count = block.PriorTerms.Count;
            block.LogPriorTerms(outputs, logPriors.Slice(n, count));
            n += count;
        }
        s.Family.LogPriorTerms(outputs, logPriors.Slice(n, s.Family.Count), s.Fixed.CutpointShift(b));
    }

    /// <summary>The number of terms.</summary>
    public static int Count(GlmmStructure s) => s.FixedCount + s.Blocks.Sum(b => b.PriorTerms.Count) + s.Family.Count;
}
