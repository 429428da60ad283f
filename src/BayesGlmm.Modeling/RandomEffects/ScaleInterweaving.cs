// The scale of non-centred normal effects drawn again given the effects themselves: an exact Gibbs step in the centred form.
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// One update of a non-centred term's scale by the interweaving of Yu &amp; Meng (2011, J. Comput. Graph. Statist.
/// 20:531–570, §2–3, the ancillarity–sufficiency interweaving strategy): with r = σ z held fixed (the centred effects, a
/// sufficient augmentation for σ), s = log σ is drawn from its conditional under the centred form,
/// p(s | r) ∝ p_σ(e^s) e^s e^{−J s} exp(−Σ r² e^{−2s} / 2), and z is set to r e^{−s'}. The likelihood depends on the
/// effects through r alone, so the step costs no likelihood evaluation, and it leaves the posterior invariant (a Gibbs
/// step of the centred form, carried back to the non-centred one by the bijection (s, z) ↔ (s, r)). It moves σ where the
/// non-centred coordinates are slow, when the data inform r well; the Hamiltonian transitions move it where they are
/// not (Papaspiliopoulos, Roberts &amp; Sköld 2007, Statist. Sci. 22:59–73). The draw is one slice-sampling update
/// (<see cref="SliceSampler"/>), which leaves the conditional invariant.
/// </summary>
internal static class ScaleInterweaving
{
    /// <summary>
    /// Updates <paramref name="logSd"/> and rescales <paramref name="z"/> (the J standard-normal values of the term's one
    /// coefficient) in place, and brings the log density and its gradient at the point (<paramref name="logDensity"/>,
    /// <paramref name="gradientLogSd"/>, <paramref name="gradientZ"/>) to the moved point in closed form: with r = e^s z and
    /// ∂ℓ/∂r unchanged, ∂z'_j = e^{s'} ∂ℓ/∂r_j − z'_j where ∂ℓ/∂r_j = (∂z_j + z_j) e^{−s}; ∂s changes only in its prior and
    /// Jacobian, e^s ∂log p(e^s)/∂σ + 1 (Σ r ∂ℓ/∂r is unchanged); the log density only in log p(e^s) + s − Σ z²/2.
    /// Returns whether the point moved.
    /// </summary>
    public static bool Update(BoundedPrior prior, ref double logSd, Span<double> z, ref double gradientLogSd, Span<double> gradientZ,
        ref double logDensity, RandomStream rng)
    {
        double s0 = logSd;
        double sumZ2 = 0;
        foreach (double v in z) sumZ2 += v * v;
        if (!TryDraw(prior, s0, sumZ2 * Math.Exp(2 * s0), z.Length, rng, out double s1)) return false;
        double sd0 = Math.Exp(s0), sd1 = Math.Exp(s1);
        double f = Math.Exp(s0 - s1), inverseF = Math.Exp(s1 - s0);
        double lp0 = prior.LogDensity(sd0, out double d0), lp1 = prior.LogDensity(sd1, out double d1);
        double sumMoved2 = 0;
        for (int j = 0; j < z.Length; j++)
        {
            double moved = z[j] * f;
            gradientZ[j] = (gradientZ[j] + z[j]) * inverseF - moved;
            z[j] = moved;
            sumMoved2 += moved * moved;
        }
        gradientLogSd += d1 * sd1 - d0 * sd0;
        logDensity += (lp1 + s1) - (lp0 + s0) - 0.5 * (sumMoved2 - sumZ2);
        logSd = s1;
        return true;
    }

    /// <summary>
    /// One slice-sampling draw of s' from p(s | r) given s = <paramref name="logSd"/>, Σ r² = <paramref name="sumSquares"/> over
    /// <paramref name="levels"/> effects; false (no move) where the conditional is not finite at s or the slice collapses.
    /// </summary>
    public static bool TryDraw(BoundedPrior prior, double logSd, double sumSquares, int levels, RandomStream rng, out double drawn)
    {
        drawn = logSd;
        if (levels == 0 || !(sumSquares > 0) || !double.IsFinite(sumSquares)) return false;
        var conditional = new CentredScale(prior, levels, sumSquares);
        // The conditional's curvature near its mode is about −2J: a width of 2/√(2J) covers a few of its sds.
        return SliceSampler.TryUpdate(ref conditional, logSd, 2.0 / Math.Sqrt(2.0 * levels), rng, out drawn);
    }

    /// <summary>log p(e^s) + s − J s − S e^{−2s}/2: the sd of J normal effects of sum of squares S, centred form.</summary>
    private readonly struct CentredScale(BoundedPrior prior, int levels, double sumSquares) : SliceSampler.ILogConditional
    {
        public double At(double s)
        {
            double lp = prior.LogDensity(Math.Exp(s), out _);
            return double.IsNegativeInfinity(lp) ? lp : lp + s - levels * s - 0.5 * sumSquares * Math.Exp(-2 * s);
        }
    }
}
