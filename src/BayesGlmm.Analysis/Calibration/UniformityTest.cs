// The per-quantity uniformity assessment of SBC ranks: ECDF, simultaneous band, γ statistic, verdict and p-value.
namespace BayesGlmm.Analysis.Calibration;

/// <summary>The verdict of the band test at the band's probability (95 % by default).</summary>
public enum CalibrationVerdict
{
    /// <summary>The rank ECDF stays inside the simultaneous band.</summary>
    Ok,

    /// <summary>The rank ECDF leaves the simultaneous band somewhere.</summary>
    Miscalibrated,
}

/// <summary>
/// The uniformity assessment of one quantity's ranks.
/// </summary>
/// <param name="Band">The simultaneous band used.</param>
/// <param name="MaxRank">L, the largest possible rank.</param>
/// <param name="Counts">N·F̂(z_i) for i = 0..K.</param>
/// <param name="GammaStatistic">γ_obs (<see cref="Calibration.GammaStatistic"/>).</param>
/// <param name="OutsideCount">How many grid points z_0..z_K have N·F̂ outside [lower, upper].</param>
/// <param name="PValue">P(γ ≤ γ_obs) under uniformity (<see cref="GammaPValue"/>).</param>
public sealed record UniformityResult(
    SimultaneousBand Band,
    int MaxRank,
    IReadOnlyList<int> Counts,
    double GammaStatistic,
    int OutsideCount,
    double PValue)
{
    /// <summary>log γ_obs − log γ_adj; negative means rejected (Modrák et al. 2023).</summary>
    public double LogGammaRatio => Math.Log(GammaStatistic) - Math.Log(Band.Gamma);

    /// <summary>Fail iff γ_obs &lt; γ_adj, which is the same as some count lying outside the band.</summary>
    public CalibrationVerdict Verdict => GammaStatistic < Band.Gamma ? CalibrationVerdict.Miscalibrated : CalibrationVerdict.Ok;

    /// <summary>The ECDF F̂(z_i) for i = 0..K.</summary>
    public double Ecdf(int i) => (double)Counts[i] / Band.SimulationCount;

    /// <summary>The grid z_0..z_K of the ECDF-difference plot.</summary>
    public double[] GridPoints() => Enumerable.Range(0, Band.GridSize + 1).Select(i => SimultaneousBand.GridPoint(i, Band.GridSize)).ToArray();

    /// <summary>F̂(z_i) − z_i for i = 0..K, held constant on [z_i, z_{i+1}) when plotted (SBC's <c>plot_ecdf_diff</c>).</summary>
    public double[] EcdfDifferences() => Enumerable.Range(0, Band.GridSize + 1).Select(i => Ecdf(i) - SimultaneousBand.GridPoint(i, Band.GridSize)).ToArray();

    /// <summary>lower_i/N − z_i for i = 0..K: the band's lower edge in the ECDF-difference plot.</summary>
    public double[] LowerDifferences() => Enumerable.Range(0, Band.GridSize + 1).Select(i => Band.Lower(i) - SimultaneousBand.GridPoint(i, Band.GridSize)).ToArray();

    /// <summary>upper_i/N − z_i for i = 0..K: the band's upper edge in the ECDF-difference plot.</summary>
    public double[] UpperDifferences() => Enumerable.Range(0, Band.GridSize + 1).Select(i => Band.Upper(i) - SimultaneousBand.GridPoint(i, Band.GridSize)).ToArray();
}

/// <summary>
/// The graphical uniformity test of Säilynoja, Bürkner &amp; Vehtari (2022) applied to SBC ranks
/// (Talts et al. 2018, "Validating Bayesian inference algorithms with simulation-based calibration",
/// arXiv:1804.06788; Modrák et al. 2023): each quantity gets its own verdict, with no correction across
/// quantities (as SBC does).
/// </summary>
public static class UniformityTest
{
    /// <summary>Tests N ranks in 0..<paramref name="maxRank"/> with SBC's default grid and a freshly adjusted band.</summary>
    public static UniformityResult Run(ReadOnlySpan<int> ranks, int maxRank, double probability = 0.95)
    {
        int k = RankEcdf.DefaultGridSize(ranks.Length, maxRank);
        return Run(ranks, maxRank, SimultaneousBand.Compute(ranks.Length, k, probability));
    }

    /// <summary>Tests N ranks against a band computed before (for N = band.SimulationCount and K = band.GridSize).</summary>
    public static UniformityResult Run(ReadOnlySpan<int> ranks, int maxRank, SimultaneousBand band)
    {
        ArgumentNullException.ThrowIfNull(band);
        if (ranks.Length != band.SimulationCount)
            throw new ArgumentException($"The band is for {band.SimulationCount} ranks, not {ranks.Length}.", nameof(ranks));
        int n = ranks.Length, k = band.GridSize;
        int[] counts = RankEcdf.Counts(ranks, maxRank, k);
        int outside = 0;
        for (int i = 0; i <= k; i++)
        {
            if (counts[i] < band.LowerCounts[i] || counts[i] > band.UpperCounts[i]) outside++;
        }
        double gamma = GammaStatistic.Compute(counts, n);
        double p = GammaPValue.Compute(gamma, n, k);
        return new UniformityResult(band, maxRank, counts, gamma, outside, p);
    }
}
