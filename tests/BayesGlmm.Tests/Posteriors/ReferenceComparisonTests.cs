namespace BayesGlmm.Tests.Posteriors;

public sealed class ReferenceComparisonTests
{
    private static string ReferencePath(string model) => Path.Combine(AppContext.BaseDirectory, "Reference", "posteriors", $"{model}.reference.csv");

    [Fact]
    public void AReferenceComparedWithItselfPasses()
    {
        var reference = ReferenceComparison.Read(ReferencePath("radon"));
        Assert.Contains("r_county[c1,Intercept]", reference.Keys);
        var result = ReferenceComparison.Compare(reference, reference);
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(reference.Count, result.Compared);
    }

    [Fact]
    public void AShiftedMeanFails()
    {
        var reference = ReferenceComparison.Read(ReferencePath("sleepstudy"));
        var shifted = reference.ToDictionary(kv => kv.Key, kv => kv.Key == "b_Days" ? kv.Value with { Mean = kv.Value.Mean + 10 * kv.Value.Sd } : kv.Value);
        var result = ReferenceComparison.Compare(reference, shifted);
        Assert.False(result.Passed);
        Assert.Contains(result.Failures, f => f.StartsWith("b_Days mean", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingVariableFails()
    {
        var reference = ReferenceComparison.Read(ReferencePath("cbpp"));
        var fewer = reference.Where(kv => kv.Key != "b_period2").ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Contains("missing b_period2", ReferenceComparison.Compare(reference, fewer).Failures);
    }
}
