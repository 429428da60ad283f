using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Families;

/// <summary>Evaluate allocates nothing (the sampler calls it once per gradient).</summary>
public sealed class FamilyAllocationTests
{
    [Theory]
    [MemberData(nameof(FamilyCase.Cases), MemberType = typeof(FamilyCase))]
    public void EvaluateAllocatesNothing(string spec)
    {
        var c = FamilyCase.Named(spec);
        var rng = new RandomStream(31);
        const int n = 103;
        var likelihood = c.CreateFamily().Bind(c.Data(rng, n));
        var eta = c.Eta(rng, n);
        var theta = c.Theta(rng);
        var gEta = new double[n];
        var gTheta = new double[theta.Length];
        for (int warm = 0; warm < 3; warm++) likelihood.Evaluate(eta, theta, gEta, gTheta);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 20; k++) likelihood.Evaluate(eta, theta, gEta, gTheta);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
