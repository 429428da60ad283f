// Non-Gaussian test targets: Neal's funnel (non-centred), a constrained parameter, a partly undefined density, failures.
using BayesGlmm.Sampling;

namespace BayesGlmm.Sampling.Tests.Targets;

/// <summary>Stan's funnel_nc10: v ~ N(0, 3²), z ~ N(0, I₉); the funnel x = exp(v/2)·z is derived.</summary>
internal sealed class NonCentredFunnel : ILogDensity
{
    public int Dimension => 10;

    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
    {
        double v = position[0];
        double lp = -0.5 * v * v / 9.0;
        gradient[0] = -v / 9.0;
        for (int i = 1; i < 10; i++)
        {
            lp -= 0.5 * position[i] * position[i];
            gradient[i] = -position[i];
        }
        return lp;
    }
}

/// <summary>
/// A positive parameter y ~ lognormal(μ, σ) sampled through θ = log y: log p(θ) = log f_Y(e^θ) + θ
/// (the log Jacobian of y = e^θ).
/// </summary>
internal sealed class LogNormalThroughExp(double mu, double sigma) : ILogDensity
{
    public int Dimension => 1;

    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
    {
        double theta = position[0];
        double y = Math.Exp(theta);
        double z = (Math.Log(y) - mu) / sigma;
        double logDensityY = -Math.Log(y) - Math.Log(sigma) - 0.5 * Math.Log(2 * Math.PI) - 0.5 * z * z;
        // d/dθ [log f_Y(e^θ) + θ] = (−1/y − z/(σ y))·y + 1 = −z/σ
        gradient[0] = -z / sigma;
        return logDensityY + theta;
    }
}

/// <summary>A standard normal in d dimensions whose density is NaN where x₀ &gt; <paramref name="cut"/>.</summary>
internal sealed class NaNBeyond(int d, double cut) : ILogDensity
{
    public int Dimension => d;

    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
    {
        if (position[0] > cut)
        {
            gradient.Fill(double.NaN);
            return double.NaN;
        }
        double lp = 0;
        for (int i = 0; i < d; i++)
        {
            lp -= 0.5 * position[i] * position[i];
            gradient[i] = -position[i];
        }
        return lp;
    }
}

/// <summary>A density that is −∞ everywhere.</summary>
internal sealed class NowhereFinite(int d) : ILogDensity
{
    public int Dimension => d;

    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient) => double.NegativeInfinity;
}

/// <summary>A standard normal that throws on its n-th evaluation.</summary>
internal sealed class ThrowsOnEvaluation(int d, int n) : ILogDensity
{
    private int _count;

    public int Dimension => d;

    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
    {
        if (++_count == n) throw new InvalidOperationException("boom");
        double lp = 0;
        for (int i = 0; i < d; i++)
        {
            lp -= 0.5 * position[i] * position[i];
            gradient[i] = -position[i];
        }
        return lp;
    }
}

/// <summary>
/// Neal's funnel in its centred form: v ~ N(0, σ_v²), x_i | v ~ N(0, e^v) for i = 1..k; the neck at small v is where
/// leapfrog steps of a size fit for the mouth diverge.
/// </summary>
internal sealed class CentredFunnel(double sigmaV, int k) : ILogDensity
{
    public int Dimension => k + 1;

    public double SigmaV => sigmaV;

    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
    {
        double v = position[0];
        double lp = -0.5 * v * v / (sigmaV * sigmaV);
        gradient[0] = -v / (sigmaV * sigmaV);
        double precision = Math.Exp(-v);
        for (int i = 1; i <= k; i++)
        {
            double x = position[i];
            lp += -0.5 * x * x * precision - 0.5 * v;
            gradient[0] += 0.5 * x * x * precision - 0.5;
            gradient[i] = -x * precision;
        }
        return lp;
    }
}
