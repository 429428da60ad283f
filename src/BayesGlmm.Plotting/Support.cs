// The interval a plotted quantity lives in (sds ≥ 0, correlations in [−1, 1], probabilities in [0, 1]), from its brms name.
namespace BayesGlmm.Plotting;

/// <summary>
/// The support [<see cref="Lower"/>, <see cref="Upper"/>] of a quantity, for density estimates that must not spill
/// past a bound (<see cref="KernelDensity"/>). Infinite ends are unbounded.
/// </summary>
public readonly record struct Support(double Lower, double Upper)
{
    /// <summary>The whole real line.</summary>
    public static Support Real { get; } = new(double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>[0, ∞): scales, shapes, dispersions, positive responses.</summary>
    public static Support Positive { get; } = new(0, double.PositiveInfinity);

    /// <summary>[0, 1]: probabilities and proportions.</summary>
    public static Support UnitInterval { get; } = new(0, 1);

    /// <summary>Whether either end is finite.</summary>
    public bool IsBounded => double.IsFinite(Lower) || double.IsFinite(Upper);

    /// <summary>
    /// The support of a reported quantity from its brms name (DESIGN.md §2): <c>sd_</c>, <c>sigma</c>, <c>shape</c>,
    /// <c>phi</c>, <c>lambda_</c> and the HGLM's <c>u_</c> are ≥ 0; <c>nu</c> and <c>df_</c> ≥ 1; <c>cor_</c> in [−1, 1];
    /// the zero-inflation and hurdle probabilities <c>zi</c> and <c>hu</c> in [0, 1]; everything else unbounded.
    /// (A beta-distributed <c>u_</c> also lies below 1; its name does not say so, and only its lower bound is used.)
    /// </summary>
    public static Support Of(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (variable.StartsWith("cor_", StringComparison.Ordinal)) return new(-1, 1);
        if (variable is "zi" or "hu") return UnitInterval;
        if (variable is "nu" || variable.StartsWith("df_", StringComparison.Ordinal)) return new(1, double.PositiveInfinity);
        if (variable is "sigma" or "shape" or "phi" || variable.StartsWith("sd_", StringComparison.Ordinal)
            || variable.StartsWith("lambda_", StringComparison.Ordinal) || variable.StartsWith("u_", StringComparison.Ordinal))
            return Positive;
        return Real;
    }

    /// <summary>
    /// The support of a response under a family (its brms name, with or without the link in brackets): positive for
    /// gamma, lognormal and the count families, [0, 1] for beta, unbounded otherwise.
    /// </summary>
    public static Support OfResponse(string family)
    {
        ArgumentNullException.ThrowIfNull(family);
        int bracket = family.IndexOf('(');
        string name = (bracket < 0 ? family : family[..bracket]).Trim();
        return name switch
        {
            "beta" => UnitInterval,
            "gamma" or "lognormal" or "poisson" or "negbinomial" or "binomial" or "bernoulli" => Positive,
            _ when name.StartsWith("zero_inflated_", StringComparison.Ordinal) || name.StartsWith("hurdle_", StringComparison.Ordinal) => Positive,
            _ => Real,
        };
    }

    /// <summary>The interval [lo, hi] cut to the support.</summary>
    public (double Lo, double Hi) Clip(double lo, double hi) => (Math.Max(lo, Lower), Math.Min(hi, Upper));
}
