// Power-scaling pieces on their own: the CJS distance, the diagnosis rule, prior selection and degenerate inputs.
using BayesGlmm.Analysis.Sensitivity;
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Analysis.Tests.Sensitivity;

public sealed class PowerScalingTests
{
    private static double[] Normal(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).ToArray();
    }

    [Fact]
    public void CjsIsZeroForEqualWeightsAndNaNForZeroWeights()
    {
        double[] x = Normal(500, 1);
        Assert.Equal(0.0, CumulativeJensenShannon.Distance(x, Enumerable.Repeat(3.0, 500).ToArray()), 12);
        Assert.True(double.IsNaN(CumulativeJensenShannon.Distance(x, new double[500])));
    }

    [Fact]
    public void CjsIsZeroNotNaNForWeightsEqualToWithinRounding()
    {
        double[] x = Normal(4000, 5);
        var weights = x.Select(v => Math.Exp(1e-13 * v)).ToArray();
        double d = CumulativeJensenShannon.Distance(x, weights);
        Assert.True(d >= 0 && d < 1e-6, $"distance {d}");
    }

    [Fact]
    public void CjsGrowsWithTheShiftOfTheWeightedDistribution()
    {
        double[] x = Normal(2000, 2);
        double Tilted(double t) => CumulativeJensenShannon.Distance(x, x.Select(v => Math.Exp(t * v)).ToArray());
        Assert.True(Tilted(0.01) < Tilted(0.1));
        Assert.True(Tilted(0.1) < Tilted(0.5));
    }

    [Fact]
    public void CjsIsUnsigned()
    {
        // priorsense's unsigned distance is max(D(x), D(−x)): reflecting the draws leaves it unchanged, although one
        // one-sided distance alone changes (for a skewed sample the two sides differ).
        double[] skewed = Normal(2000, 6).Select(Math.Exp).ToArray();
        var weights = skewed.Select(v => Math.Exp(0.2 * v)).ToArray();
        double distance = CumulativeJensenShannon.Distance(skewed, weights);
        double reflected = CumulativeJensenShannon.Distance(skewed.Select(v => -v).ToArray(), weights);
        Assert.True(distance > 0.05, $"distance {distance}");
        Assert.Equal(distance, reflected, 1e-12);

        // For a sample symmetric about 0, tilting the weights towards −x is the mirror image of tilting towards x, so
        // the two distances agree to rounding, and both are far from 0 (about 0.021 for a tilt of 0.1).
        double[] half = Normal(1000, 2);
        double[] symmetric = [.. half, .. half.Select(v => -v)];
        double Tilted(double t) => CumulativeJensenShannon.Distance(symmetric, symmetric.Select(v => Math.Exp(t * v)).ToArray());
        double up = Tilted(0.1), down = Tilted(-0.1);
        Assert.InRange(up, 0.015, 0.03);
        Assert.Equal(up, down, 1e-12);
    }

    [Fact]
    public void GroupLevelEffectsOfGlmmsAndHglmsAreLeftOutUnlessAllAreAsked()
    {
        string[] names = ["b_Intercept", "lambda_pump", "sd_g__Intercept", "r_g[a,Intercept]", "u_pump[1]", "u_pump[2]", "shape"];
        Assert.Equal(["b_Intercept", "lambda_pump", "sd_g__Intercept", "shape"], PowerScaling.DefaultVariables(names));
        Assert.Equal(names, PowerScaling.DefaultVariables(names, all: true));
    }

    [Theory]
    [InlineData(0.06, 0.06, SensitivityDiagnosis.PriorLikelihoodConflict)]
    [InlineData(0.05, 0.05, SensitivityDiagnosis.PriorLikelihoodConflict)]
    [InlineData(0.06, 0.01, SensitivityDiagnosis.StrongPriorWeakLikelihood)]
    [InlineData(0.05, 0.01, SensitivityDiagnosis.None)]
    [InlineData(0.01, 0.20, SensitivityDiagnosis.None)]
    [InlineData(double.NaN, 0.20, SensitivityDiagnosis.Undetermined)]
    public void DiagnosisRuleIsPriorsenses(double prior, double likelihood, SensitivityDiagnosis expected) =>
        Assert.Equal(expected, SensitivityDiagnoses.Diagnose(prior, likelihood, 0.05));

    [Fact]
    public void DiagnosisTexts()
    {
        Assert.Equal("potential prior-likelihood conflict", SensitivityDiagnosis.PriorLikelihoodConflict.Text());
        Assert.Equal("potential strong prior / weak likelihood", SensitivityDiagnosis.StrongPriorWeakLikelihood.Text());
        Assert.Equal("-", SensitivityDiagnosis.None.Text());
    }

    private static Draws WithPriorClasses()
    {
        double[] mu = Normal(400, 3), tau = Normal(400, 4).Select(Math.Abs).ToArray();
        var draws = new Draws(["b_Intercept", "sd_g__Intercept", "lprior_b", "lprior_sd", "log_lik", "lp__", "accept_stat__"], 2, 200);
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < 200; i++)
            {
                int s = c * 200 + i;
                draws.Chain(0, c)[i] = mu[s];
                draws.Chain(1, c)[i] = tau[s];
                draws.Chain(2, c)[i] = -0.5 * mu[s] * mu[s];
                draws.Chain(3, c)[i] = -tau[s];
                draws.Chain(4, c)[i] = -2 * (mu[s] - 1) * (mu[s] - 1) - tau[s] * tau[s];
                draws.Chain(5, c)[i] = 0;
                draws.Chain(6, c)[i] = 0.9;
            }
        return draws;
    }

    [Fact]
    public void AssessesParametersOnly()
    {
        var result = PowerScaling.Analyze(WithPriorClasses());
        Assert.Equal(new[] { "b_Intercept", "sd_g__Intercept" }, result.Rows.Select(r => r.Variable));
    }

    [Fact]
    public void SelectedPriorClassIsTheOnlyOneScaled()
    {
        Draws draws = WithPriorClasses();
        var selected = PowerScaling.Analyze(draws, new PowerScalingOptions { PriorSelection = ["b"] });
        double[] lpriorB = draws.AllChains(draws.IndexOf("lprior_b")).ToArray();
        var direct = PowerScaling.Analyze(draws, lpriorB, LogDensityComponents.LogLikelihood(draws));
        Assert.Equal(direct.Rows, selected.Rows);
        Assert.Equal("b", selected.PriorSelection);

        var all = PowerScaling.Analyze(draws);
        Assert.NotEqual(all.Rows[1].Prior, selected.Rows[1].Prior);
    }

    [Fact]
    public void UnknownPriorClassIsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            PowerScaling.Analyze(WithPriorClasses(), new PowerScalingOptions { PriorSelection = ["cor"] }));
        Assert.Contains("cor", error.Message);
    }

    [Fact]
    public void ConstantLogPriorLeavesThePriorUndetermined()
    {
        Draws draws = WithPriorClasses();
        var result = PowerScaling.Analyze(draws, new double[draws.DrawCount], LogDensityComponents.LogLikelihood(draws));
        Assert.All(result.Rows, r =>
        {
            Assert.True(double.IsNaN(r.Prior));
            Assert.True(double.IsFinite(r.Likelihood));
            Assert.Equal(SensitivityDiagnosis.Undetermined, r.Diagnosis);
        });
        Assert.All(result.Smoothing, s => Assert.Equal(PowerScalingComponent.Likelihood, s.Component));
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        Draws draws = WithPriorClasses();
        Assert.Throws<ArgumentException>(() => PowerScaling.Analyze(draws, new double[3], new double[draws.DrawCount]));
    }
}
