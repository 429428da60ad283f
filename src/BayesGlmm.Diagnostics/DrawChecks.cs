// The guard every diagnostic applies first: NaN when the draws are non-finite or constant.
namespace BayesGlmm.Diagnostics;

/// <summary>
/// posterior 1.4.0's <c>should_return_NA</c>: a diagnostic is undefined (NaN here, NA there) when any
/// draw is NaN or infinite, or when all draws are equal to within machine epsilon (absolute).
/// </summary>
internal static class DrawChecks
{
    /// <summary>R's <c>.Machine$double.eps</c>, 2^-52.</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>True when <paramref name="values"/> is empty, holds a non-finite value, or is constant.</summary>
    public static bool ShouldReturnNaN(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return true;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) return true;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return Math.Abs(max - min) < MachineEpsilon;
    }
}
