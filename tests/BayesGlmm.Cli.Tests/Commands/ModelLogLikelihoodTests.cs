// The log-likelihood computed from draws and a model: blocks give the same values as one pass, and sums match.
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Analysis.Sensitivity;
using BayesGlmm.Diagnostics;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Cli.Tests.Commands;

public sealed class ModelLogLikelihoodTests
{
    private const int Chains = 2, Iterations = 30;

    /// <summary>The cbpp model and prior draws of its reported quantities (no sampling), with an extra sampler column.</summary>
    private static (IStatisticalModel Model, Draws Draws) PriorDraws()
    {
        var spec = new ModelSpec("cbpp", Path.Combine(CliRun.ModelsDirectory, "cbpp.csv"),
            "incidence | trials(size) ~ 0 + Intercept + period + (1 | herd)", "binomial",
            ["b ~ normal(0, 1)", "sd ~ normal(0, 0.5)"], ["period"]);
        var model = ModelComposition.Prepare(spec).Model;
        var draws = new Draws(["lp__", .. model.OutputNames], Chains, Iterations);
        var rng = new RandomStream(5);
        var outputs = new double[model.OutputNames.Count];
        for (int c = 0; c < Chains; c++)
            for (int t = 0; t < Iterations; t++)
            {
                model.DrawFromPrior(rng, outputs);
                for (int v = 0; v < outputs.Length; v++) draws.Chain(v + 1, c)[t] = outputs[v];
            }
        return (model, draws);
    }

    [Fact]
    public void BlocksGiveTheValuesOfTheModelPerDraw()
    {
        var (model, draws) = PriorDraws();
        var whole = new ModelLogLikelihood(draws, model);
        var blocked = new ModelLogLikelihood(draws, model, memoryBudgetBytes: 3 * sizeof(double) * draws.DrawCount * 10);
        Assert.Equal(model.ObservationCount, whole.BlockSize);
        Assert.InRange(blocked.BlockSize, 1, model.ObservationCount - 1);
        Assert.Equal(Chains, whole.ChainCount);

        var reported = new ReportedDraws(draws, model);
        var outputs = new double[reported.OutputCount];
        var expected = new double[draws.DrawCount, model.ObservationCount];
        var pointwise = new double[model.ObservationCount];
        for (int s = 0; s < draws.DrawCount; s++)
        {
            reported.Fill(s, outputs);
            model.PointwiseLogLikelihood(outputs, pointwise);
            for (int i = 0; i < pointwise.Length; i++) expected[s, i] = pointwise[i];
        }

        var a = new double[draws.DrawCount];
        var b = new double[draws.DrawCount];
        // Visit observations out of order so blocks are evicted and recomputed.
        foreach (int i in Enumerable.Range(0, model.ObservationCount).Reverse().Concat(Enumerable.Range(0, model.ObservationCount)))
        {
            whole.Fill(i, a);
            blocked.Fill(i, b);
            for (int s = 0; s < a.Length; s++)
            {
                Assert.Equal(expected[s, i], a[s]);
                Assert.Equal(expected[s, i], b[s]);
            }
        }

        var looWhole = LeaveOneOut.Compute(whole);
        var looBlocked = LeaveOneOut.Compute(blocked);
        Assert.Equal(looWhole.ElpdLoo.Value, looBlocked.ElpdLoo.Value);
    }

    [Fact]
    public void LogDensitiesSumThePointwiseLikelihood()
    {
        var (model, draws) = PriorDraws();
        var (logPrior, logLikelihood) = ModelLogDensities.Compute(draws, model);
        var loglik = new ModelLogLikelihood(draws, model);
        var column = new double[draws.DrawCount];
        var sums = new double[draws.DrawCount];
        for (int i = 0; i < model.ObservationCount; i++)
        {
            loglik.Fill(i, column);
            for (int s = 0; s < sums.Length; s++) sums[s] += column[s];
        }
        for (int s = 0; s < sums.Length; s++)
        {
            Assert.Equal(sums[s], logLikelihood[s], 1e-9 * Math.Abs(sums[s]) + 1e-9);
            Assert.True(double.IsFinite(logPrior[s]));
        }
    }
}
