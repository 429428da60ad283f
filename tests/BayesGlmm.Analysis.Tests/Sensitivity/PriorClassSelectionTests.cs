// Power-scaling selected prior classes of a GLMM: the selected terms' sum, all classes equal to the joint prior, clear errors.
using System.Globalization;
using BayesGlmm.Analysis.Sensitivity;
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Analysis.Tests.Sensitivity;

public sealed class PriorClassSelectionTests
{
    private static GlmmModel Model()
    {
        var rng = new Random(5);
        var csv = new System.Text.StringBuilder("y,x,g\n");
        for (int i = 0; i < 60; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{1 + 0.5 * (i % 7) + rng.NextDouble()},{(i % 7) * 0.3},g{i % 6}\n");
        var frame = ModelFrameBuilder.Build(DataTable.ParseCsv(csv.ToString(), "grid.csv"), Formula.Parse("y ~ 1 + x + (1 + x | g)"));
        return GlmmModel.Create(frame, FamilySpec.Parse("gaussian"),
            new[] { "b ~ normal(0, 2)", "sd ~ exponential(1)", "cor ~ lkj(2)", "sigma ~ exponential(1)" }.Select(PriorSpec.Parse).ToArray());
    }

    /// <summary>Reported draws from the prior (2 chains × 150), enough to exercise every term.</summary>
    private static Draws PriorDraws(IStatisticalModel model)
    {
        var draws = new Draws(model.OutputNames, 2, 150);
        var rng = new RandomStream(3, 9);
        var outputs = new double[model.OutputNames.Count];
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < 150; i++)
            {
                model.DrawFromPrior(rng, outputs);
                for (int v = 0; v < outputs.Length; v++) draws.Chain(v, c)[i] = outputs[v];
            }
        return draws;
    }

    [Fact]
    public void SelectingEveryClassGivesTheJointLogPrior()
    {
        var model = Model();
        var draws = PriorDraws(model);
        var joint = ModelLogDensities.Compute(draws, model);
        var every = ModelLogDensities.Compute(draws, model, PriorClassSelection.Classes(model.PriorTerms).ToArray());
        Assert.Equal(joint.LogPrior, every.LogPrior);
        Assert.Equal(joint.LogLikelihood, every.LogLikelihood);
        Assert.Equal(joint.LogPrior, ModelLogDensities.Compute(draws, model, ["all"]).LogPrior);
    }

    [Fact]
    public void ASelectedClassIsTheSumOfItsPriorDensities()
    {
        var model = Model();
        var draws = PriorDraws(model);
        var (sd, _) = ModelLogDensities.Compute(draws, model, ["sd"]);
        var (sdAndSigma, _) = ModelLogDensities.Compute(draws, model, ["sd", "sigma"]);
        var sd1 = draws.AllChains(draws.IndexOf("sd_g__Intercept"));
        var sd2 = draws.AllChains(draws.IndexOf("sd_g__x"));
        var sigma = draws.AllChains(draws.IndexOf("sigma"));
        for (int d = 0; d < draws.DrawCount; d++)
        {
            // exponential(1) truncated at 0 is itself: log p = −x.
            Assert.Equal(-sd1[d] - sd2[d], sd[d], 12);
            Assert.Equal(-sd1[d] - sd2[d] - sigma[d], sdAndSigma[d], 12);
        }
    }

    [Fact]
    public void ScalingOneClassLeavesTheLikelihoodSensitivityAlone()
    {
        var model = Model();
        var draws = PriorDraws(model);
        var (all, likelihood) = ModelLogDensities.Compute(draws, model);
        var (sd, _) = ModelLogDensities.Compute(draws, model, ["sd_g"]);
        var joint = PowerScaling.Analyze(draws, all, likelihood);
        var selected = PowerScaling.Analyze(draws, sd, likelihood, new PowerScalingOptions { PriorSelection = ["sd_g"] });
        Assert.Equal(joint.Rows.Select(r => r.Likelihood), selected.Rows.Select(r => r.Likelihood));
        Assert.NotEqual(joint.Rows.Select(r => r.Prior), selected.Rows.Select(r => r.Prior));
        Assert.Equal("sd_g", selected.PriorSelection);
    }

    [Fact]
    public void AnUnknownClassNamesTheClassesAndPriors()
    {
        var model = Model();
        var error = Assert.Throws<InputException>(() => ModelLogDensities.Compute(PriorDraws(model), model, ["shape"]));
        Assert.Contains("'shape'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Intercept, b, sd, cor, sigma", error.Message, StringComparison.Ordinal);
        Assert.Contains("sd_g__x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelWithOnlyAJointPriorRefusesASelection()
    {
        var model = new JointOnly(Model());
        Assert.Null(PriorClassSelection.Resolve(model, ["all"]));
        var error = Assert.Throws<InputException>(() => PriorClassSelection.Resolve(model, ["b"]));
        Assert.Contains("only as one total", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A model that reports only its joint log prior (does not implement <see cref="IPriorClasses"/>).</summary>
    private sealed class JointOnly(GlmmModel inner) : IStatisticalModel
    {
        public int Dimension => inner.Dimension;
        public IReadOnlyList<string> OutputNames => inner.OutputNames;
        public int ObservationCount => inner.ObservationCount;
        public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient) => inner.Evaluate(position, gradient);
        public (double LogPrior, double LogLikelihood) EvaluateParts(ReadOnlySpan<double> position) => inner.EvaluateParts(position);
        public ILogDensity Create() => inner.Create();
        public void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, RandomStream rng) => inner.WriteOutputs(position, outputs, rng);
        public double LogPrior(ReadOnlySpan<double> outputs) => inner.LogPrior(outputs);
        public void PointwiseLogLikelihood(ReadOnlySpan<double> outputs, Span<double> logLikelihood) => inner.PointwiseLogLikelihood(outputs, logLikelihood);
        public void ReplicateResponse(ReadOnlySpan<double> outputs, RandomStream rng, Span<double> replicate) => inner.ReplicateResponse(outputs, rng, replicate);
        public void DrawFromPrior(RandomStream rng, Span<double> outputs) => inner.DrawFromPrior(rng, outputs);
        public IStatisticalModel WithResponse(double[] response) => inner.WithResponse(response);
    }
}
