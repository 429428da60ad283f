// Sampler and convergence diagnostics of a set of draws, and the warnings (with advice) they call for.
using System.Globalization;
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Reporting;

/// <summary>
/// Divergences, tree-depth saturation and E-BFMI per chain, the worst R-hat and ESS over the parameters, and
/// the warnings a user should read: divergent transitions, R-hat above 1.01, bulk or tail ESS below 100 per
/// chain (Vehtari et al. 2021, §4), E-BFMI below 0.3 (Betancourt 2016), and draws at the maximum tree depth.
/// </summary>
public sealed record FitDiagnostics
{
    /// <summary>The R-hat above which chains are taken not to have mixed (Vehtari et al. 2021).</summary>
    public const double RhatThreshold = 1.01;

    /// <summary>E-BFMI below this suggests poor exploration of the energy distribution (Betancourt 2016).</summary>
    public const double EbfmiThreshold = 0.3;

    /// <summary>Per-chain diagnostics.</summary>
    public required IReadOnlyList<ChainDiagnostics> Chains { get; init; }

    /// <summary>Total divergent transitions after warmup.</summary>
    public int Divergences => Chains.Sum(c => c.Divergences);

    /// <summary>Total draws at the maximum tree depth.</summary>
    public int MaxTreedepthHits => Chains.Sum(c => c.MaxTreedepthHits);

    /// <summary>The maximum tree depth the sampler used.</summary>
    public int MaxTreeDepth { get; init; }

    /// <summary>The largest R-hat over the parameters (NaN when none is finite).</summary>
    public double MaxRhat { get; init; } = double.NaN;

    /// <summary>The smallest bulk ESS over the parameters.</summary>
    public double MinEssBulk { get; init; } = double.NaN;

    /// <summary>The smallest tail ESS over the parameters.</summary>
    public double MinEssTail { get; init; } = double.NaN;

    /// <summary>The warnings, each with what to do.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>
    /// Computes the diagnostics from draws holding the sampler columns and from their summary rows.
    /// <paramref name="chainNumbers"/> gives the 1-based number of each chain of <paramref name="draws"/> (1, 2, ... by default).
    /// </summary>
    public static FitDiagnostics Compute(Draws draws, IReadOnlyList<SummaryRow> rows, int maxTreeDepth, double adaptDelta,
        IReadOnlyList<int>? chainNumbers = null)
    {
        int div = draws.IndexOf("divergent__"), depth = draws.IndexOf("treedepth__"), energy = draws.IndexOf("energy__");
        var chains = new List<ChainDiagnostics>();
        for (int c = 0; c < draws.ChainCount; c++)
        {
            int divergences = 0, hits = 0;
            if (div >= 0) foreach (double x in draws.Chain(div, c)) if (x > 0.5) divergences++;
            if (depth >= 0) foreach (double x in draws.Chain(depth, c)) if (x >= maxTreeDepth) hits++;
            double ebfmi = energy >= 0 && draws.IterationCount > 1 ? SamplerChecks.Ebfmi(draws.Chain(energy, c)) : double.NaN;
            chains.Add(new ChainDiagnostics(chainNumbers?[c] ?? c + 1, draws.IterationCount, divergences, hits, ebfmi));
        }

        var parameters = rows.Where(r => !r.Variable.EndsWith("__", StringComparison.Ordinal)).ToList();
        var warnings = new List<string>();
        int total = draws.DrawCount;
        int d = chains.Sum(c => c.Divergences);
        string I(double x) => x.ToString("F0", CultureInfo.InvariantCulture);
        string F(double x, int digits) => x.ToString("F" + digits, CultureInfo.InvariantCulture);
        if (d > 0)
        {
            warnings.Add($"There were {d} divergent transitions after warmup (of {total}). Raise adapt_delta above {F(adaptDelta, 2)} " +
                         "(to 0.95 or 0.99) or reparameterise the model; the posterior is not to be trusted while they remain.");
        }
        var rhatBad = parameters.Where(r => r.Rhat > RhatThreshold).OrderByDescending(r => r.Rhat).ToList();
        if (rhatBad.Count > 0)
        {
            warnings.Add($"{rhatBad.Count} parameters have R-hat above {F(RhatThreshold, 2)} (largest {F(rhatBad[0].Rhat, 3)} for {rhatBad[0].Variable}): " +
                         "the chains have not mixed. Run longer chains (more warmup and draws), or check the model and its priors.");
        }
        double essThreshold = 100.0 * draws.ChainCount;
        var bulkLow = parameters.Where(r => r.EssBulk < essThreshold).OrderBy(r => r.EssBulk).ToList();
        if (bulkLow.Count > 0)
        {
            warnings.Add($"{bulkLow.Count} parameters have bulk ESS below {I(essThreshold)} (smallest {I(bulkLow[0].EssBulk)} for {bulkLow[0].Variable}): " +
                         "posterior means and medians may be unreliable. Run more draws or reparameterise.");
        }
        var tailLow = parameters.Where(r => r.EssTail < essThreshold).OrderBy(r => r.EssTail).ToList();
        if (tailLow.Count > 0)
        {
            warnings.Add($"{tailLow.Count} parameters have tail ESS below {I(essThreshold)} (smallest {I(tailLow[0].EssTail)} for {tailLow[0].Variable}): " +
                         "the 5% and 95% quantiles and intervals may be unreliable. Run more draws.");
        }
        foreach (var c in chains.Where(c => c.Ebfmi < EbfmiThreshold))
        {
            warnings.Add($"Chain {c.Chain} has E-BFMI {F(c.Ebfmi, 2)} (below {F(EbfmiThreshold, 1)}): the sampler may not explore the posterior's tails. " +
                         "Reparameterise (for example non-centred group-level effects) or use more informative priors.");
        }
        int h = chains.Sum(c => c.MaxTreedepthHits);
        if (h > 0)
        {
            warnings.Add($"{h} transitions (of {total}) hit the maximum tree depth of {maxTreeDepth}. This costs speed rather than validity: " +
                         "raise max_treedepth, or reparameterise the model.");
        }
        return new FitDiagnostics
        {
            Chains = chains,
            MaxTreeDepth = maxTreeDepth,
            MaxRhat = MaxOf(parameters.Select(r => r.Rhat)),
            MinEssBulk = MinOf(parameters.Select(r => r.EssBulk)),
            MinEssTail = MinOf(parameters.Select(r => r.EssTail)),
            Warnings = warnings,
        };
    }

    private static double MaxOf(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count == 0 ? double.NaN : finite.Max();
    }

    private static double MinOf(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count == 0 ? double.NaN : finite.Min();
    }
}
