// Chains started around the marginal estimate reach the long Stan runs' posteriors (sleepstudy, cbpp).
using BayesGlmm.Fitting;

namespace BayesGlmm.Tests.Posteriors;

/// <summary>
/// Chains started around the marginal estimate (<c>init: estimate</c>) reach the same posterior: sleepstudy (gaussian,
/// REML start, integrated route) and cbpp (binomial, Laplace start, joint route with the herd effects at their conditional
/// modes) at their model files' settings match the long Stan runs in Reference/posteriors in Monte Carlo standard errors,
/// with ess_bulk at least 400 and R-hat at most 1.01 (<see cref="ReferenceComparison"/>).
/// </summary>
[Trait("Category", "Slow")]
public sealed class EstimateStartPosteriorTests
{
    [Theory]
    [InlineData("sleepstudy")]
    [InlineData("cbpp")]
    public void PosteriorFromTheEstimateStartMatchesTheLongStanRun(string model)
    {
        var file = ModelFile.Load(Path.Combine(PosteriorMatchTests.RepositoryRoot(), "models", model + ".json"));
        var fit = FitService.Fit(file.Model with { Init = ChainStart.Estimate }, file.Settings);
        Assert.Equal("estimate", fit.Record.Settings.Init);
        Assert.Contains(fit.Record.Stages, s => s.Stage == FitStages.Names.Estimate);
        var ours = fit.Summary.ToDictionary(r => r.Variable, r => new SummaryValues(r.Mean, r.Sd, r.McseMean, r.McseSd, r.EssBulk, r.Rhat));
        var reference = ReferenceComparison.Read(Path.Combine(AppContext.BaseDirectory, "Reference", "posteriors", model + ".reference.csv"));
        var result = ReferenceComparison.Compare(reference, ours);
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(0, fit.Diagnostics.Divergences);
    }
}
