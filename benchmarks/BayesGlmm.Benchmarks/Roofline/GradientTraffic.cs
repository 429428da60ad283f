// The bytes one GLMM gradient must move: the data it reads once at least, and what the current pass structure streams.
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.RandomEffects;

namespace BayesGlmm.Benchmarks.Roofline;

/// <summary>
/// Memory traffic of one <see cref="GlmmModel"/> log density and gradient, counted from the model's structure
/// (8 bytes a double, 4 an index). <see cref="Compulsory"/>: every datum the gradient depends on, read once — the
/// non-constant columns of X, the response and its side data (trials, known standard errors), the offset, the
/// level index of every observation of a term that is not held as contiguous segments, the non-constant Z columns;
/// per-level arrays and constants the kernels precompute (log-factorials) are left out. <see cref="XTwice"/>: the
/// same with X (and Z) read a second time, for Xᵀ ∂eta after X b — the roofline of any unfused two-pass evaluation.
/// <see cref="CurrentPasses"/>: an estimate of what the evaluator as written streams through memory, pass by pass
/// (reads and writes of the N-long eta and ∂eta arrays included; a family kernel counted as reading eta and the
/// response and writing ∂eta).
/// </summary>
internal sealed record GradientTraffic(long Compulsory, long XTwice, long CurrentPasses, string Breakdown)
{
    /// <summary>Counts the traffic of <paramref name="model"/>.</summary>
    public static GradientTraffic Of(GlmmModel model)
    {
        var s = model.Structure;
        long n = s.ObservationCount;
        int xColumns = s.ColumnIsOnes.Count(ones => !ones), onesColumns = s.FixedCount - xColumns;
        var response = s.Frame.Response;
        int responseArrays = 1 + (response.Trials is null ? 0 : 1) + (response.KnownStandardErrors is null ? 0 : 1);
        bool offset = s.Offset is not null;
        long indexBytes = 0, zColumns = 0;
        int gatheredTerms = 0, segmentedTerms = 0;
        foreach (var block in s.Blocks.OfType<NormalEffects>())
        {
            if (block.Matrix.IsSegmented) segmentedTerms++;
            else
            {
                gatheredTerms++;
                indexBytes += 4 * n;
            }
            for (int k = 0; k < block.CoefficientCount; k++)
                if (!IsOnes(block.Term.Z.Column(k))) zColumns++;
        }
        long x = 8 * n * xColumns, z = 8 * n * zColumns;
        long rest = 8 * n * responseArrays + (offset ? 8 * n : 0) + indexBytes;
        long compulsory = x + z + rest;
        long twice = 2 * (x + z) + rest;

        // The evaluator's passes over N-long arrays, in units of 8N bytes (an index array 4N).
        double passes = offset ? 2 : 1;                        // eta = offset (read, write) or eta = 0 (write)
        passes += 3 * xColumns + 2 * onesColumns;              // eta += X_j b_j: read X_j, read and write eta
        foreach (var block in s.Blocks.OfType<NormalEffects>())
        {
            int k = block.CoefficientCount;
            passes += 2 * k;                                   // gather: read and write eta per coefficient
            passes += k;                                       // scatter: read ∂eta per coefficient
        }
        passes += 2 * zColumns;                                // Z read in the gather and the scatter
        passes += 1 + responseArrays + 1;                      // kernel: read eta and the response, write ∂eta
        passes += 2 * xColumns + onesColumns;                  // Xᵀ ∂eta: read X_j and ∂eta
        long current = (long)(8 * n * passes) + 2 * indexBytes;     // level indices read in the gather and the scatter
        string breakdown = $"X {xColumns}×N doubles, response {responseArrays}×N, offset {(offset ? "yes" : "no")}, " +
                           $"terms {segmentedTerms} segmented + {gatheredTerms} gathered by index, non-constant Z columns {zColumns}";
        return new GradientTraffic(compulsory, twice, current, breakdown);
    }

    private static bool IsOnes(ReadOnlySpan<double> column)
    {
        foreach (double v in column) if (v != 1.0) return false;
        return true;
    }
}
