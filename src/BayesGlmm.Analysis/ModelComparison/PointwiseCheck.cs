// Rejects a pointwise log-likelihood with NaN or infinite values, as loo does, naming where they are.
using BayesGlmm.Modeling;

namespace BayesGlmm.Analysis.ModelComparison;

/// <summary>
/// The input check of LOO and WAIC: every log-likelihood value must be finite (loo <c>validate_ll</c>).
/// Observations are checked in parallel; the error names the first bad observation, whatever the thread count.
/// </summary>
internal sealed class PointwiseCheck(int observationCount)
{
    private readonly int[] _badDraw = Enumerable.Repeat(-1, observationCount).ToArray();
    private readonly double[] _badValue = new double[observationCount];

    /// <summary>Records the first non-finite value of observation <paramref name="observation"/>; false when there is one.</summary>
    public bool Accept(ReadOnlySpan<double> logLikelihood, int observation)
    {
        for (int d = 0; d < logLikelihood.Length; d++)
        {
            if (double.IsFinite(logLikelihood[d])) continue;
            _badDraw[observation] = d;
            _badValue[observation] = logLikelihood[d];
            return false;
        }
        return true;
    }

    /// <summary>Throws <see cref="InputException"/> for the first observation with a non-finite value, if any.</summary>
    public void ThrowIfAnyRejected()
    {
        for (int i = 0; i < _badDraw.Length; i++)
        {
            if (_badDraw[i] < 0) continue;
            double v = _badValue[i];
            string what = double.IsNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
            throw new InputException(
                $"The log-likelihood of observation {i + 1} is {what} at draw {_badDraw[i] + 1}; LOO and WAIC need finite values for every draw and observation.");
        }
    }
}
