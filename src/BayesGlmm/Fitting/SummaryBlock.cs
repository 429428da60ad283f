// The draws a fit's summary and diagnostics use: the largest equal-length block of its chains, summarised.
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Diagnostics;
using BayesGlmm.Reporting;

namespace BayesGlmm.Fitting;

/// <summary>
/// The summary of chains that may have stopped at different points (an interrupted or killed run): the largest
/// equal-length block (<see cref="EqualLengthChains.Largest"/>), its posterior summary and its sampler diagnostics,
/// with the chains numbered as in the run. Complete runs are their whole draws.
/// </summary>
/// <param name="Draws">The block's draws.</param>
/// <param name="Summary">Its summary rows.</param>
/// <param name="Diagnostics">Its sampler and convergence diagnostics.</param>
/// <param name="Chains">The 1-based chains of the block.</param>
/// <param name="Length">The draws per chain of the block.</param>
internal sealed record SummaryBlock(Draws Draws, IReadOnlyList<SummaryRow> Summary, FitDiagnostics Diagnostics, int[] Chains, int Length)
{
    /// <summary>
    /// The block of <paramref name="all"/>, whose chain c holds <paramref name="lengths"/>[c] draws; null when no
    /// chain has a draw.
    /// </summary>
    public static SummaryBlock? Of(Draws all, IReadOnlyList<int> lengths, int maxTreeDepth, double adaptDelta)
    {
        var (block, length) = EqualLengthChains.Largest(lengths);
        if (block.Length == 0) return null;
        var draws = EqualLengthChains.Select(all, block, length);
        var summary = PosteriorSummary.Compute(draws);
        int[] numbers = block.Select(c => c + 1).ToArray();
        return new SummaryBlock(draws, summary, FitDiagnostics.Compute(draws, summary, maxTreeDepth, adaptDelta, numbers), numbers, length);
    }
}
