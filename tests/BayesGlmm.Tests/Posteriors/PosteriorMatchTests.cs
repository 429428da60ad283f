using BayesGlmm.Fitting;

namespace BayesGlmm.Tests.Posteriors;

/// <summary>
/// Fits each catalogue model at default settings (4 chains, 1000 warmup, 1000 draws) and compares its summary
/// with the long Stan run in Reference/posteriors: every variable, r_ included, within the comparison tool's
/// bound in Monte Carlo standard errors, ess_bulk at least 400 and R-hat at most 1.01; no divergences where
/// Stan had none.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PosteriorMatchTests
{
    [Theory]
    [InlineData("sleepstudy", 0)]
    [InlineData("radon", -1)]
    [InlineData("cbpp", 0)]
    [InlineData("epilepsy", 0)]
    [InlineData("pilots", -1)]
    [InlineData("eight_schools", 0)]
    [InlineData("wine", 0)]
    [InlineData("pumps", 0)]
    [InlineData("pumps", 10, true)] // the forced joint route: 0–4 divergences of 4000 over seeds 1–8 (see SmallClusterTests)
    [InlineData("salamanders_zip", 0)]
    [InlineData("salamanders_zinb", 0)]
    [InlineData("salamanders_hurdle_poisson", 0)]
    [InlineData("salamanders_hurdle_negbinomial", 0)]
    public void PosteriorMatchesTheLongStanRun(string model, int maxDivergences, bool jointConjugateEffects = false)
    {
        string repository = RepositoryRoot();
        var file = ModelFile.Load(Path.Combine(repository, "models", model + ".json"));
        file = file with { Model = file.Model with { JointConjugateEffects = jointConjugateEffects } };
        string output = Path.Combine(Path.GetTempPath(), $"bayesglmm-posterior-{model}-{Guid.NewGuid():N}");
        try
        {
            var fit = FitService.Run(file.Model, file.Settings, new FitOutputOptions(output));
            var ours = fit.Summary.ToDictionary(r => r.Variable, r => new SummaryValues(r.Mean, r.Sd, r.McseMean, r.McseSd, r.EssBulk, r.Rhat));
            var reference = ReferenceComparison.Read(Path.Combine(AppContext.BaseDirectory, "Reference", "posteriors", model + ".reference.csv"));
            var result = ReferenceComparison.Compare(reference, ours);
            Assert.True(result.Passed, result.ToString());
            if (maxDivergences >= 0) Assert.True(fit.Diagnostics.Divergences <= maxDivergences, $"{fit.Diagnostics.Divergences} divergent transitions");
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>The repository's top folder (the one holding BayesGlmm.sln), found upwards from the test binaries.</summary>
    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BayesGlmm.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("BayesGlmm.sln not found above " + AppContext.BaseDirectory);
    }
}
