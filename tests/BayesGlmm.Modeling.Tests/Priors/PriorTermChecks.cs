// The check that a model's labelled prior terms sum to its joint log prior at draws from the prior.
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Priors;

internal static class PriorTermChecks
{
    /// <summary>Draws <paramref name="draws"/> times from the prior of <paramref name="model"/> and asserts that the prior terms sum, finite, to <c>LogPrior</c>.</summary>
    public static void AssertSumToLogPrior(GlmmModel model, RandomStream rng, int draws)
    {
        var outputs = new double[model.OutputNames.Count];
        var terms = new double[model.PriorTerms.Count];
        for (int d = 0; d < draws; d++)
        {
            model.DrawFromPrior(rng, outputs);
            model.LogPriorTerms(outputs, terms);
            double sum = 0.0;
            foreach (double t in terms) sum += t;
            Assert.Equal(model.LogPrior(outputs), sum);
            Assert.True(double.IsFinite(sum));
        }
    }
}
