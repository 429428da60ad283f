// Monte Carlo standard errors by non-overlapping batch means (test-local).
namespace BayesGlmm.Sampling.Tests.Support;

/// <summary>
/// MCSE of a mean by batch means (Flegal &amp; Jones 2010): each chain is cut into batches, and the
/// variance of the batch means over all chains, divided by the number of batches, estimates Var(mean).
/// </summary>
internal static class BatchMeans
{
    /// <summary>The pooled mean and its MCSE over chains of equal length.</summary>
    public static (double Mean, double Mcse) Estimate(IReadOnlyList<double[]> chains, int batchesPerChain = 20)
    {
        var batchMeans = new List<double>();
        double total = 0;
        int count = 0;
        foreach (double[] chain in chains)
        {
            int b = chain.Length / batchesPerChain;
            for (int k = 0; k < batchesPerChain; k++)
            {
                double s = 0;
                for (int i = k * b; i < (k + 1) * b; i++) s += chain[i];
                batchMeans.Add(s / b);
            }
            total += chain.Sum();
            count += chain.Length;
        }
        double mean = total / count;
        double bm = batchMeans.Average();
        double v = batchMeans.Sum(x => (x - bm) * (x - bm)) / (batchMeans.Count - 1);
        return (mean, Math.Sqrt(v / batchMeans.Count));
    }
}
