// The order in which the evaluator visits the observations: sorted by the grouping factor that makes gather and scatter cheapest.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.RandomEffects;

namespace BayesGlmm.Modeling.Glmm;

/// <summary>
/// Chooses the evaluation order of the observations. A group-level term whose consecutive observations share a
/// level is gathered and scattered run by run (<see cref="TermMatrix"/>), one indexed access per run; any other
/// term costs one indexed access per observation. Sorting by one grouping factor makes its levels single runs
/// and, for a factor nested or nearly nested in it, long runs too (insteval's lecturers within departments).
/// Every term with at least <see cref="GlmmOptions.MinimumSegmentLength"/> observations per level on average is
/// a candidate; the order is the stable sort by the candidate with the fewest indexed accesses over all terms
/// (ties to the earlier term), or the frame's order when no term is a candidate. Only the terms whose effects are gathered
/// into the linear predictor by level count: a block that integrates its effects out does not gather them.
/// </summary>
internal static class ObservationOrder
{
    /// <summary>order[n] = the frame row of evaluation-order observation n, for the <paramref name="gathered"/> terms of <paramref name="frame"/> (in formula order).</summary>
    public static int[] Choose(ModelFrame frame, IReadOnlyList<GroupTerm> gathered, GlmmOptions options)
    {
        int n = frame.ObservationCount;
        var identity = Enumerable.Range(0, n).ToArray();
        if (!options.SortObservations) return identity;
        // A term spanning several linear predictors (categorical, shared ID) indexes N × D rows: keep the data order.
        if (gathered.Any(t => t.LevelOfObservation.Length != n)) return identity;
        int[]? best = null;
        long bestCost = long.MaxValue;
        foreach (var term in gathered)
        {
            if (term.LevelCount == 0 || n < (long)options.MinimumSegmentLength * term.LevelCount) continue;
            int[] order = StableSortByLevel(term, n);
            long cost = gathered.Sum(t => IndexedAccesses(t, order));
            if (cost < bestCost)
            {
                best = order;
                bestCost = cost;
            }
        }
        return best ?? identity;
    }

    /// <summary>What gathering <paramref name="term"/> in <paramref name="order"/> costs: its runs when it goes by runs, else N.</summary>
    internal static long IndexedAccesses(GroupTerm term, int[] order)
    {
        int n = order.Length;
        if (n == 0) return 0;
        var level = term.LevelOfObservation;
        long runs = 1;
        for (int i = 1; i < n; i++)
            if (level[order[i]] != level[order[i - 1]]) runs++;
        return n >= TermMatrix.MinimumMeanRunLength * runs ? runs : n;
    }

    /// <summary>The rows ordered by level, keeping the frame's order within a level (a counting sort).</summary>
    private static int[] StableSortByLevel(GroupTerm term, int n)
    {
        var level = term.LevelOfObservation;
        var start = new int[term.LevelCount + 1];
        for (int i = 0; i < n; i++) start[level[i] + 1]++;
        for (int j = 0; j < term.LevelCount; j++) start[j + 1] += start[j];
        var order = new int[n];
        for (int i = 0; i < n; i++) order[start[level[i]]++] = i;
        return order;
    }
}
