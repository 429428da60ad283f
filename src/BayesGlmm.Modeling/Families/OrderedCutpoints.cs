// Ordered cutpoints (Stan's `ordered` type): the transform from unconstrained values, its log Jacobian and the chain rule.
namespace BayesGlmm.Modeling.Families;

/// <summary>
/// The ordered-vector transform of the Stan Reference Manual ("Ordered vector" transform):
/// τ_1 = u_1, τ_k = τ_{k−1} + exp(u_k); log|J| = Σ_{k≥2} u_k. Used for the thresholds
/// <c>b_Intercept[1..K−1]</c> of the cumulative family (HGLM notes §5).
/// </summary>
public static class OrderedCutpoints
{
    /// <summary>Fills <paramref name="tau"/> from <paramref name="unconstrained"/> and returns log|J|.</summary>
    public static double Constrain(ReadOnlySpan<double> unconstrained, Span<double> tau)
    {
        if (tau.Length < unconstrained.Length) throw new ArgumentException("Output too short.", nameof(tau));
        double logJacobian = 0;
        for (int k = 0; k < unconstrained.Length; k++)
        {
            if (k == 0) tau[0] = unconstrained[0];
            else
            {
                tau[k] = tau[k - 1] + Math.Exp(unconstrained[k]);
                logJacobian += unconstrained[k];
            }
        }
        return logJacobian;
    }

    /// <summary>The inverse: u_1 = τ_1, u_k = log(τ_k − τ_{k−1}) (τ strictly increasing).</summary>
    public static void Unconstrain(ReadOnlySpan<double> tau, Span<double> unconstrained)
    {
        for (int k = 0; k < tau.Length; k++) unconstrained[k] = k == 0 ? tau[0] : Math.Log(tau[k] - tau[k - 1]);
    }

    /// <summary>
    /// Converts ∂f/∂τ into ∂(f + log|J|)/∂u: ∂/∂u_1 = Σ_m ∂f/∂τ_m, ∂/∂u_k = exp(u_k) Σ_{m≥k} ∂f/∂τ_m + 1.
    /// </summary>
    public static void ChainGradient(ReadOnlySpan<double> unconstrained, ReadOnlySpan<double> gradientTau, Span<double> gradientUnconstrained)
    {
        double tail = 0;
        for (int k = unconstrained.Length - 1; k >= 0; k--)
        {
            tail += gradientTau[k];
            gradientUnconstrained[k] = k == 0 ? tail : Math.Exp(unconstrained[k]) * tail + 1.0;
        }
    }
}
