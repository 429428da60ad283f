// ESS-based thinning: thin until the draws kept are nearly independent (posterior ≥ 1.6 thin_draws(thin = NULL)).
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// Automatic thinning by effective sample size: Talts et al. (2018, sec. 5.1, Alg. 2, "thinned" SBC) and
/// the Stan User's Guide (chapter "Simulation-Based Calibration Checking") thin until the ESS is about the
/// number of draws kept. posterior ≥ 1.6's <c>thin_draws(thin = NULL)</c> makes this concrete:
/// t_v = n_iter / mean over chains of min(ess_bulk(chain), ess_tail(chain)) per variable,
/// t = max over variables of t_v (not necessarily an integer), and the iterations kept are
/// round(seq(1, n_iter, by = t)), rounding halves to even as R does.
/// </summary>
public static class EssThinning
{
    /// <summary>
    /// t_v for one variable from its per-chain bulk and tail ESS (one value per chain each).
    /// </summary>
    public static double VariableThin(int iterationCount, ReadOnlySpan<double> chainBulkEss, ReadOnlySpan<double> chainTailEss)
    {
        if (chainBulkEss.Length != chainTailEss.Length || chainBulkEss.Length == 0)
            throw new ArgumentException("Need one bulk and one tail ESS per chain.", nameof(chainTailEss));
        double sum = 0.0;
        for (int c = 0; c < chainBulkEss.Length; c++) sum += Math.Min(chainTailEss[c], chainBulkEss[c]);
        return iterationCount / (sum / chainBulkEss.Length);
    }

    /// <summary>
    /// The 1-based iterations kept for thin t: round(seq(1, n_iter, by = t)) with R's <c>seq</c>
    /// (count ⌊(n_iter − 1)/t + 1e-10⌋ + 1) and half-to-even rounding. A t below 1 (ESS above the number
    /// of draws, or not finite) keeps every iteration.
    /// </summary>
    public static int[] KeptIterations(int iterationCount, double thin)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterationCount, 1);
        if (!(thin > 1.0)) return Enumerable.Range(1, iterationCount).ToArray();
        int steps = (int)((iterationCount - 1) / thin + 1e-10);
        var kept = new int[steps + 1];
        for (int j = 0; j <= steps; j++)
        {
            double value = Math.Min(1.0 + j * thin, iterationCount);
            kept[j] = (int)Math.Round(value, MidpointRounding.ToEven);
        }
        return kept;
    }

    /// <summary>
    /// The overall thin t for several variables, each given as its chains: max over variables of
    /// <see cref="VariableThin"/> with each chain's bulk and tail ESS computed as a single chain
    /// (<see cref="Ess.Bulk(IReadOnlyList{double[]})"/>, <see cref="Ess.Tail(IReadOnlyList{double[]})"/>).
    /// A variable whose ESS is not finite (a constant chain) does not constrain t.
    /// </summary>
    public static double Thin(IReadOnlyList<IReadOnlyList<double[]>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        double thin = 1.0;
        foreach (var chains in variables)
        {
            int iterations = chains[0].Length;
            var bulk = new double[chains.Count];
            var tail = new double[chains.Count];
            for (int c = 0; c < chains.Count; c++)
            {
                bulk[c] = Ess.Bulk([chains[c]]);
                tail[c] = Ess.Tail([chains[c]]);
            }
            double t = VariableThin(iterations, bulk, tail);
            if (double.IsFinite(t)) thin = Math.Max(thin, t);
        }
        return thin;
    }
}
