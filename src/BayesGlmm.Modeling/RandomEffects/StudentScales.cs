// Student-t group-level effects as brms writes them: a normal scale mixture with one inverse chi-square scale per level.
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// The scale mixture that makes <see cref="NormalEffects"/> Student-t (brms's <c>gr(g, dist = "student")</c>; HGLM_NOTES §4):
/// r_j ← √(df udf_j) r_j with udf_j ~ inv_chi_square(df), sampled as df = 1 + e^ζ and w_j = log udf_j, so that
/// log p = Σ_j [−(df/2) log 2 − lgamma(df/2) − (df/2) w_j − e^(−w_j)/2] + ζ (the density of udf in w, with its Jacobian, and
/// the Jacobian of df), and df has its prior (brms's gamma(2, 0.1) by default), truncated below at 1.
/// </summary>
public sealed class StudentScales(BoundedPrior prior)
{
    /// <summary>The prior of df, truncated below at 1.</summary>
    public BoundedPrior Prior { get; } = prior;

    /// <summary>
    /// Reads (ζ, w) from <paramref name="values"/> (1 + J), fills the per-level scales √df e^(w_j/2) and e^(−w_j), sets
    /// <paramref name="df"/>, scales <paramref name="r"/> (K × J) and adds the density terms.
    /// </summary>
    internal void Forward(ReadOnlySpan<double> values, Span<double> r, int k, Span<double> scale, Span<double> expNegW, out double df,
        ref double logPrior, ref double extra)
    {
        int levels = scale.Length;
        double zeta = values[0];
        df = 1.0 + Math.Exp(zeta);
        extra += zeta;
        logPrior += Prior.LogDensity(df, out _);
        var w = values.Slice(1, levels);
        TensorPrimitives.Negate(w, expNegW);
        TensorPrimitives.Exp(expNegW, expNegW);
        TensorPrimitives.Multiply(w, 0.5, scale);
        TensorPrimitives.Exp(scale, scale);
        TensorPrimitives.Multiply(scale, Math.Sqrt(df), scale);
        extra += levels * (-0.5 * df * Math.Log(2.0) - MathNet.Numerics.SpecialFunctions.GammaLn(0.5 * df))
                 - 0.5 * df * TensorPrimitives.Sum(w) - 0.5 * TensorPrimitives.Sum<double>(expNegW);
        for (int c = 0; c < k; c++)
        {
            var rc = r.Slice(c * levels, levels);
            TensorPrimitives.Multiply(rc, scale, rc);
        }
    }

    /// <summary>
    /// Adds ∂/∂ζ and ∂/∂w to <paramref name="gradient"/> (1 + J) from ∂r (<paramref name="gradientR"/>, the scaled r in
    /// <paramref name="r"/>), the mixing density and the prior of df; then turns ∂r into ∂ of the unscaled effects (∂r ⊙ scale).
    /// </summary>
    internal void Backward(ReadOnlySpan<double> values, Span<double> gradient, ReadOnlySpan<double> r, Span<double> gradientR, int k,
        ReadOnlySpan<double> scale, ReadOnlySpan<double> expNegW, double df)
    {
        int levels = scale.Length;
        // ∂r/∂w_j = r_j / 2, ∂r/∂df = r / (2 df); then ∂ (the unscaled r) = ∂r ⊙ scale.
        var w = values.Slice(1, levels);
        var gw = gradient.Slice(1, levels);
        for (int c = 0; c < k; c++)
        {
            var grc = gradientR.Slice(c * levels, levels);
            var rc = r.Slice(c * levels, levels);
            for (int j = 0; j < levels; j++) gw[j] += 0.5 * grc[j] * rc[j];
        }
        double gDf = TensorPrimitives.Sum<double>(gw) / df;
        // The inv_chi_square density of udf in w: ∂w_j = −df/2 + e^(−w_j)/2; ∂df = Σ_j (−½ log 2 − ½ ψ(df/2) − ½ w_j).
        TensorPrimitives.MultiplyAdd(expNegW, 0.5, gw, gw);
        TensorPrimitives.Add(gw, -0.5 * df, gw);
        gDf += levels * (-0.5 * Math.Log(2.0) - 0.5 * MathNet.Numerics.SpecialFunctions.DiGamma(0.5 * df)) - 0.5 * TensorPrimitives.Sum(w);
        Prior.LogDensity(df, out double dPrior);
        gradient[0] += (gDf + dPrior) * (df - 1.0) + 1.0;
        for (int c = 0; c < k; c++)
        {
            var grc = gradientR.Slice(c * levels, levels);
            TensorPrimitives.Multiply(grc, scale, grc);
        }
    }

    /// <summary>Writes df and scales the reported effects r (K × J) by √(df e^(w_j)), from (ζ, w) in <paramref name="values"/>.</summary>
    internal static void WriteOutputs(ReadOnlySpan<double> values, Span<double> outputs, int dfOutput, Span<double> r, int k)
    {
        int levels = values.Length - 1;
        double df = 1.0 + Math.Exp(values[0]);
        outputs[dfOutput] = df;
        var w = values.Slice(1, levels);
        for (int c = 0; c < k; c++)
            for (int j = 0; j < levels; j++) r[c * levels + j] *= Math.Sqrt(df * Math.Exp(w[j]));
    }

    /// <summary>Draws df from its prior and scales r = sd L z (K × J) level by level: r ← √(df udf) r, udf ~ inv_chi_square(df) = 1 / (2 Gamma(df/2)).</summary>
    internal void DrawFromPrior(RandomStream rng, Span<double> outputs, int dfOutput, Span<double> r, int k, int levels)
    {
        double df = outputs[dfOutput] = Prior.Sample(rng);
        for (int j = 0; j < levels; j++)
        {
            double udf = 0.5 * Math.Exp(-rng.NextLogGamma(0.5 * df));
            double scale = Math.Sqrt(df * udf);
            for (int c = 0; c < k; c++) r[c * levels + j] *= scale;
        }
    }
}
