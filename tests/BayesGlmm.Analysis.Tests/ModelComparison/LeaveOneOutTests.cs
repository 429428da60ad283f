using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Diagnostics.ImportanceSampling;
using BayesGlmm.Modeling;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Analysis.Tests.ModelComparison;

public sealed class LeaveOneOutTests
{
    private static readonly LooOptions RelativeEfficiencyOne = new() { EstimateRelativeEfficiency = false };

    [Fact]
    public void TotalsMatchLoo251()
    {
        var loo = LeaveOneOut.Compute(LooReference.Matrix, RelativeEfficiencyOne);
        var expected = LooReference.Totals("loo_expected.csv");
        LooReference.AssertRelative(expected["elpd_loo"].Estimate, loo.ElpdLoo.Value, "elpd_loo");
        LooReference.AssertRelative(expected["elpd_loo"].Se, loo.ElpdLoo.StandardError, "se_elpd_loo");
        LooReference.AssertRelative(expected["p_loo"].Estimate, loo.PLoo.Value, "p_loo");
        LooReference.AssertRelative(expected["p_loo"].Se, loo.PLoo.StandardError, "se_p_loo");
        LooReference.AssertRelative(expected["looic"].Estimate, loo.LooIc.Value, "looic");
        LooReference.AssertRelative(expected["looic"].Se, loo.LooIc.StandardError, "se_looic");
        Assert.Equal(4000, loo.DrawCount);
        Assert.Equal(60, loo.ObservationCount);
    }

    [Fact]
    public void PointwiseValuesAndParetoKMatchLoo251()
    {
        var loo = LeaveOneOut.Compute(LooReference.Matrix, RelativeEfficiencyOne);
        var (elpd, p, looic, k) = LooReference.Pointwise();
        Assert.Equal(elpd.Length, loo.ObservationCount);
        for (int i = 0; i < elpd.Length; i++)
        {
            LooReference.AssertRelative(elpd[i], loo.PointwiseElpdLoo[i], $"elpd_loo[{i + 1}]");
            LooReference.AssertRelative(p[i], loo.PointwisePLoo[i], $"p_loo[{i + 1}]");
            LooReference.AssertRelative(looic[i], loo.PointwiseLooIc[i], $"looic[{i + 1}]");
            LooReference.AssertRelative(k[i], loo.ParetoK[i], $"pareto_k[{i + 1}]");
        }
    }

    [Fact]
    public void KBandsAndFlaggedObservationsAgreeWithTheKValues()
    {
        var loo = LeaveOneOut.Compute(LooReference.Matrix, RelativeEfficiencyOne);
        var (_, _, _, k) = LooReference.Pointwise();
        Assert.Equal(k.Length, loo.ParetoKTable.Sum(r => r.Count));
        Assert.Equal(k.Count(v => v <= 0.5), loo.ParetoKTable[0].Count);
        Assert.Equal(Enumerable.Range(0, k.Length).Where(i => k[i] > 0.5), loo.ObservationsAboveGood);
        Assert.Equal(Enumerable.Range(0, k.Length).Where(i => k[i] > 0.7), loo.ObservationsAboveOk);
        Assert.Equal(1.0, loo.ParetoKTable.Sum(r => r.Proportion), 12);
        if (loo.ObservationsAboveOk.Count == 0) Assert.True(loo.McseElpdLoo > 0);
        else Assert.True(double.IsNaN(loo.McseElpdLoo));
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        var one = LeaveOneOut.Compute(LooReference.Matrix, RelativeEfficiencyOne with { MaxDegreeOfParallelism = 1 });
        var many = LeaveOneOut.Compute(LooReference.Matrix, RelativeEfficiencyOne with { MaxDegreeOfParallelism = 4 });
        Assert.Equal(one.PointwiseElpdLoo, many.PointwiseElpdLoo);
        Assert.Equal(one.ParetoK, many.ParetoK);
        Assert.Equal(one.ElpdLoo, many.ElpdLoo);
    }

    [Fact]
    public void McseShrinksWithMoreDrawsAndIsScaledByRelativeEfficiency()
    {
        // Independent draws: the MCSE of elpd_loo,i falls roughly as 1/√S.
        double Mcse(int draws, int seed)
        {
            var rng = new RandomStream((ulong)seed);
            var values = new double[draws];
            for (int d = 0; d < draws; d++) values[d] = -0.5 * Math.Pow(1.0 + 0.3 * rng.NextStandardNormal(), 2);
            return LeaveOneOut.Compute(new LogLikelihoodMatrix(values, draws, 1), RelativeEfficiencyOne).PointwiseMcseElpdLoo[0];
        }
        double small = Mcse(1000, 1), large = Mcse(16000, 1);
        Assert.InRange(small / large, 2.5, 6.0);
    }

    [Fact]
    public void RelativeEfficiencyFromChainsIsUsedAndCanBeSwitchedOff()
    {
        var rng = new RandomStream(9);
        const int chains = 4, iterations = 500, n = 3;
        var values = new double[chains * iterations * n];
        for (int m = 0; m < chains; m++)
        {
            double state = 0;
            for (int t = 0; t < iterations; t++)
            {
                state = 0.8 * state + 0.6 * rng.NextStandardNormal();
                for (int i = 0; i < n; i++) values[(m * iterations + t) * n + i] = -0.5 * Math.Pow(i - 1 + 0.4 * state, 2);
            }
        }
        var matrix = new LogLikelihoodMatrix(values, chains * iterations, n, chains);
        var estimated = LeaveOneOut.Compute(matrix);
        var ones = LeaveOneOut.Compute(matrix, RelativeEfficiencyOne);
        var column = new double[chains * iterations];
        for (int i = 0; i < n; i++)
        {
            matrix.Fill(i, column);
            Assert.Equal(RelativeEfficiency.FromLogLikelihood(column, chains), estimated.RelativeEfficiency[i], 14);
            Assert.True(estimated.RelativeEfficiency[i] < 0.6);
            Assert.Equal(1.0, ones.RelativeEfficiency[i]);
            Assert.True(estimated.PointwiseMcseElpdLoo[i] > ones.PointwiseMcseElpdLoo[i]);
            Assert.True(estimated.EffectiveSampleSize[i] < ones.EffectiveSampleSize[i]);
        }
    }

    [Fact]
    public void NonFiniteLogLikelihoodIsABadInputNamingObservationAndDraw()
    {
        var values = Enumerable.Repeat(-1.0, 100 * 3).ToArray();
        values[7 * 3 + 2] = double.NegativeInfinity;
        var ex = Assert.Throws<InputException>(() => LeaveOneOut.Compute(new LogLikelihoodMatrix(values, 100, 3)));
        Assert.Contains("observation 3", ex.Message);
        Assert.Contains("draw 8", ex.Message);
        Assert.Contains("-Inf", ex.Message);
    }

    [Fact]
    public void ALikelihoodThatIgnoresTheParametersHasNoLooPenalty()
    {
        // Constant log-likelihood: every weight is 1/S, elpd_loo = lpd and p_loo = 0.
        var values = Enumerable.Repeat(-2.5, 400).ToArray();
        var loo = LeaveOneOut.Compute(new LogLikelihoodMatrix(values, 400, 1), RelativeEfficiencyOne);
        Assert.Equal(-2.5, loo.PointwiseElpdLoo[0], 12);
        Assert.Equal(0.0, loo.PointwisePLoo[0], 12);
        Assert.True(double.IsPositiveInfinity(loo.ParetoK[0])); // a constant tail cannot be fitted
        Assert.Equal(ParetoKBand.VeryBad, ParetoKBands.Of(loo.ParetoK[0]));
    }
}
