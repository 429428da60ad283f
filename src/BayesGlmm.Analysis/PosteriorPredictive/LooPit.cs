// LOO-PIT: leave-one-out probability integral transform values from PSIS weights.
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Diagnostics.ImportanceSampling;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Analysis.PosteriorPredictive;

/// <summary>
/// The LOO probability integral transform PIT_i = P(y_rep,i ≤ y_i | y_−i) ≈ Σ_s w̃_is·1[y_rep,si ≤ y_i]
/// with PSIS-LOO weights w̃_is (Gelfand, Dey &amp; Chang 1992; Vehtari, Gelman &amp; Gabry 2017, §4;
/// Gabry et al. 2019, J. R. Stat. Soc. A 182, §5). For a calibrated model the values are uniform on
/// (0, 1). For a discrete response the randomised PIT
/// P(y_rep &lt; y) + U·P(y_rep = y), U ~ Uniform(0, 1), is uniform too (Czado, Gneiting &amp; Held 2009, eq. 1).
/// </summary>
public static class LooPit
{
    /// <summary>
    /// LOO-PIT values, one per observation. <paramref name="yRep"/> is S × N row-major with the same
    /// draw order as <paramref name="logLikelihood"/>. When <paramref name="randomForDiscrete"/> is given
    /// the randomised PIT is returned, with one uniform drawn per observation in observation order
    /// (deterministic whatever the thread count); use it for discrete responses.
    /// </summary>
    /// <exception cref="BayesGlmm.Modeling.InputException">A log-likelihood value is NaN or infinite.</exception>
    public static double[] Compute(ReadOnlyMemory<double> y, ReadOnlyMemory<double> yRep, IPointwiseLogLikelihood logLikelihood,
        RandomStream? randomForDiscrete = null, LooOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        options ??= LooOptions.Default;
        int n = y.Length, s = logLikelihood.DrawCount, chains = logLikelihood.ChainCount;
        if (logLikelihood.ObservationCount != n)
            throw new ArgumentException($"The log-likelihood has {logLikelihood.ObservationCount} observations but y has {n}.", nameof(logLikelihood));
        if (yRep.Length != (long)s * n)
            throw new ArgumentException($"y_rep must hold {s} × {n} values; it holds {yRep.Length}.", nameof(yRep));

        double[]? uniforms = null;
        if (randomForDiscrete is not null)
        {
            uniforms = new double[n];
            for (int i = 0; i < n; i++) uniforms[i] = randomForDiscrete.NextDouble();
        }

        var pit = new double[n];
        var invalid = new bool[n];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 };
        Parallel.For(0, n, parallel,
            () => (LogLik: new double[s], LogRatios: new double[s], LogWeights: new double[s]),
            (i, _, buffers) =>
            {
                logLikelihood.Fill(i, buffers.LogLik);
                foreach (double v in buffers.LogLik)
                {
                    if (double.IsFinite(v)) continue;
                    invalid[i] = true;
                    return buffers;
                }
                double rEff = 1.0;
                if (options.EstimateRelativeEfficiency)
                {
                    rEff = RelativeEfficiency.FromLogLikelihood(buffers.LogLik, chains);
                    if (!(double.IsFinite(rEff) && rEff > 0)) rEff = 1.0;
                }
                for (int d = 0; d < s; d++) buffers.LogRatios[d] = -buffers.LogLik[d];
                Psis.Smooth(buffers.LogRatios, rEff, buffers.LogWeights);

                double below = 0, equal = 0, observed = y.Span[i];
                var replicates = yRep.Span;
                for (int d = 0; d < s; d++)
                {
                    double rep = replicates[d * n + i];
                    double w = Math.Exp(buffers.LogWeights[d]);
                    if (rep < observed) below += w;
                    else if (rep == observed) equal += w;
                }
                pit[i] = uniforms is null ? below + equal : below + uniforms[i] * equal;
                pit[i] = Math.Clamp(pit[i], 0.0, 1.0); // normalised weights can sum to 1 + 1 ulp
                return buffers;
            },
            _ => { });

        for (int i = 0; i < n; i++)
        {
            if (invalid[i])
                throw new BayesGlmm.Modeling.InputException(
                    $"The log-likelihood of observation {i + 1} has a NaN or infinite value; LOO-PIT needs finite values.");
        }
        return pit;
    }

    /// <summary>Whether every value of y and y_rep is a whole number (a discrete response that needs the randomised PIT).</summary>
    public static bool IsDiscrete(ReadOnlySpan<double> y, ReadOnlySpan<double> yRep)
    {
        foreach (double v in y) if (v != Math.Floor(v)) return false;
        foreach (double v in yRep) if (v != Math.Floor(v)) return false;
        return true;
    }
}
