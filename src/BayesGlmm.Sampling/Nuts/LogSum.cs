// log(exp(a) + exp(b)) without overflow, for multinomial trajectory weights.
namespace BayesGlmm.Sampling.Nuts;

/// <summary>The two-argument log-sum-exp, with Stan's handling of infinities.</summary>
internal static class LogSum
{
    /// <summary>log(eᵃ + eᵇ); −∞ acts as the identity.</summary>
    public static double Exp(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        if (double.IsPositiveInfinity(a) || double.IsPositiveInfinity(b)) return double.PositiveInfinity;
        return a > b ? a + Math.Log(1.0 + Math.Exp(b - a)) : b + Math.Log(1.0 + Math.Exp(a - b));
    }
}
