// One slice-sampling update of a univariate density: stepping out and shrinkage.
namespace BayesGlmm.Numerics.Random;

/// <summary>
/// The univariate slice sampler of Neal (2003, "Slice sampling", Ann. Statist. 31:705–767, §4): a level under the density at
/// the current point, an interval of the given width placed at random around it and stepped out until both ends lie
/// outside the slice (Fig. 3), then points drawn uniformly from it, shrinking it towards the current point after each
/// rejection (Fig. 5). The update leaves the density invariant; it allocates nothing (the density is a struct).
/// </summary>
public static class SliceSampler
{
    /// <summary>The most steps of the stepping out on each side.</summary>
    public const int MaxSteps = 50;

    /// <summary>A log density of one variable, up to a constant; −∞ outside its support.</summary>
    public interface ILogConditional
    {
        /// <summary>The log density at <paramref name="x"/>.</summary>
        double At(double x);
    }

    /// <summary>
    /// One update from <paramref name="x0"/> with initial width <paramref name="width"/>; false (no move) where the density is
    /// not finite at x0 or the interval collapses onto x0.
    /// </summary>
    public static bool TryUpdate<T>(ref T density, double x0, double width, RandomStream rng, out double drawn) where T : struct, ILogConditional
    {
        drawn = x0;
        double f0 = density.At(x0);
        if (!double.IsFinite(f0)) return false;
        double level = f0 + Math.Log(rng.NextOpenDouble());
        double left = x0 - width * rng.NextDouble(), right = left + width;
        for (int k = 0; k < MaxSteps && density.At(left) > level; k++) left -= width;
        for (int k = 0; k < MaxSteps && density.At(right) > level; k++) right += width;
        while (true)
        {
            double x1 = left + (right - left) * rng.NextDouble();
            if (density.At(x1) > level)
            {
                drawn = x1;
                return true;
            }
            if (x1 < x0) left = x1; else right = x1;
            if (right - left < 1e-14 * Math.Max(1, Math.Abs(x0))) return false;
        }
    }
}
