// The prior distributions a user can name: normal, student_t, cauchy, exponential, gamma, inv_gamma, lognormal, beta, uniform, lkj.
using System.Globalization;
using BayesGlmm.Numerics.Random;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.Priors;

/// <summary>A prior distribution as written in a prior statement (<c>normal(0, 5)</c>, <c>lkj(2)</c>), with Stan's parameterisations.</summary>
public abstract record PriorDistribution
{
    /// <summary>The Stan/brms name: <c>normal</c>, <c>student_t</c>, <c>cauchy</c>, ...</summary>
    public abstract string Name { get; }

    /// <summary>The arguments in the order they are written.</summary>
    public abstract IReadOnlyList<double> Arguments { get; }

    /// <summary>The distribution as written in a prior statement, with the shortest round-trip numbers.</summary>
    public sealed override string ToString() =>
        Name + "(" + string.Join(", ", Arguments.Select(a => a.ToString("R", CultureInfo.InvariantCulture))) + ")";

    /// <summary>
    /// Builds the distribution called <paramref name="name"/> with <paramref name="arguments"/>; throws
    /// <see cref="ArgumentException"/> with a user-facing reason when the name or the arguments are invalid.
    /// </summary>
    public static PriorDistribution Create(string name, IReadOnlyList<double> arguments)
    {
        static void Count(string name, IReadOnlyList<double> a, int n, string signature)
        {
            if (a.Count != n) throw new ArgumentException($"{name} takes {n} argument{(n == 1 ? "" : "s")}: {signature}");
        }
        static void Positive(double v, string what)
        {
            if (!(v > 0) || double.IsInfinity(v)) throw new ArgumentException($"{what} must be positive and finite");
        }
        static void Finite(double v, string what)
        {
            if (!double.IsFinite(v)) throw new ArgumentException($"{what} must be finite");
        }
        switch (name)
        {
            case "normal":
                Count(name, arguments, 2, "normal(mean, sd)");
                Finite(arguments[0], "the mean"); Positive(arguments[1], "the sd");
                return new NormalPrior(arguments[0], arguments[1]);
            case "student_t":
                Count(name, arguments, 3, "student_t(df, location, scale)");
                Positive(arguments[0], "df"); Finite(arguments[1], "the location"); Positive(arguments[2], "the scale");
                return new StudentTPrior(arguments[0], arguments[1], arguments[2]);
            case "cauchy":
                Count(name, arguments, 2, "cauchy(location, scale)");
                Finite(arguments[0], "the location"); Positive(arguments[1], "the scale");
                return new CauchyPrior(arguments[0], arguments[1]);
            case "exponential":
                Count(name, arguments, 1, "exponential(rate)");
                Positive(arguments[0], "the rate");
                return new ExponentialPrior(arguments[0]);
            case "gamma":
                Count(name, arguments, 2, "gamma(shape, rate)");
                Positive(arguments[0], "the shape"); Positive(arguments[1], "the rate");
                return new GammaPrior(arguments[0], arguments[1]);
            case "inv_gamma":
                Count(name, arguments, 2, "inv_gamma(shape, scale)");
                Positive(arguments[0], "the shape"); Positive(arguments[1], "the scale");
                return new InverseGammaPrior(arguments[0], arguments[1]);
            case "lognormal":
                Count(name, arguments, 2, "lognormal(meanlog, sdlog)");
                Finite(arguments[0], "meanlog"); Positive(arguments[1], "sdlog");
                return new LogNormalPrior(arguments[0], arguments[1]);
            case "uniform":
                Count(name, arguments, 2, "uniform(lower, upper)");
                Finite(arguments[0], "the lower limit"); Finite(arguments[1], "the upper limit");
                if (!(arguments[1] > arguments[0])) throw new ArgumentException("uniform needs lower < upper");
                return new UniformPrior(arguments[0], arguments[1]);
            case "beta":
                Count(name, arguments, 2, "beta(alpha, beta)");
                Positive(arguments[0], "alpha"); Positive(arguments[1], "beta");
                return new BetaPrior(arguments[0], arguments[1]);
            case "lkj":
                Count(name, arguments, 1, "lkj(eta)");
                Positive(arguments[0], "eta");
                return new LkjPrior(arguments[0]);
            default:
                throw new ArgumentException(
                    $"unknown distribution '{name}'; use normal, student_t, cauchy, exponential, gamma, inv_gamma, lognormal, beta, uniform or lkj");
        }
    }
}

/// <summary>The LKJ(eta) distribution on correlation matrices (Lewandowski, Kurowicka &amp; Joe 2009), density ∝ det(Ω)^(eta−1).</summary>
/// <param name="Eta">The shape eta &gt; 0 (1 is uniform over correlation matrices).</param>
public sealed record LkjPrior(double Eta) : PriorDistribution
{
    public override string Name => "lkj";
    public override IReadOnlyList<double> Arguments => [Eta];
}

/// <summary>
/// A distribution of one real parameter: log density with its derivative (all normalising constants
/// kept), distribution function for truncation, and a sampler.
/// </summary>
public abstract record ScalarPrior : PriorDistribution
{
    /// <summary>The lower end of the support (−∞ or 0 or the uniform's lower limit).</summary>
    public virtual double SupportLower => double.NegativeInfinity;

    /// <summary>The upper end of the support.</summary>
    public virtual double SupportUpper => double.PositiveInfinity;

    /// <summary>Returns log p(x) and sets <paramref name="derivative"/> to d log p / dx (−∞ and 0 outside the support).</summary>
    public double LogDensity(double x, out double derivative) => LogKernel(x, out derivative) + LogConstant;

    /// <summary>The part of log p(x) that depends on x (log p = kernel + <see cref="LogConstant"/>), with its derivative.</summary>
    public abstract double LogKernel(double x, out double derivative);

    /// <summary>The normalising constant of the log density (computed on each call; cache it in hot paths).</summary>
    public abstract double LogConstant { get; }

    /// <summary>P(X ≤ x).</summary>
    public abstract double Cdf(double x);

    /// <summary>One draw.</summary>
    public abstract double Sample(RandomStream rng);

    /// <summary>log Γ, shared by the densities.</summary>
    protected static double LogGamma(double x) => SpecialFunctions.GammaLn(x);

    /// <summary>½ log 2π.</summary>
    protected const double HalfLogTwoPi = 0.91893853320467274178;
}

/// <summary>normal(mean, sd).</summary>
public sealed record NormalPrior(double Mean, double Sd) : ScalarPrior
{
    public override string Name => "normal";
    public override IReadOnlyList<double> Arguments => [Mean, Sd];
    public override double LogKernel(double x, out double derivative)
    {
        double t = (x - Mean) / Sd;
        derivative = -t / Sd;
        return -0.5 * t * t;
    }
    public override double LogConstant => -Math.Log(Sd) - HalfLogTwoPi;
    public override double Cdf(double x) => 0.5 * SpecialFunctions.Erfc(-(x - Mean) / (Sd * Math.Sqrt(2.0)));
    public override double Sample(RandomStream rng) => rng.NextNormal(Mean, Sd);
}

/// <summary>student_t(df, location, scale).</summary>
public sealed record StudentTPrior(double Df, double Location, double Scale) : ScalarPrior
{
    public override string Name => "student_t";
    public override IReadOnlyList<double> Arguments => [Df, Location, Scale];
    public override double LogKernel(double x, out double derivative)
    {
        double t = (x - Location) / Scale;
        derivative = -(Df + 1.0) * t / (Scale * (Df + t * t));
        return -0.5 * (Df + 1.0) * Math.Log(1.0 + t * t / Df);
    }
    public override double LogConstant => LogGamma(0.5 * (Df + 1.0)) - LogGamma(0.5 * Df) - 0.5 * Math.Log(Df * Math.PI) - Math.Log(Scale);
    public override double Cdf(double x) => MathNet.Numerics.Distributions.StudentT.CDF(Location, Scale, Df, x);
    public override double Sample(RandomStream rng)
    {
        // t = Z / sqrt(V / df), V ~ chi²(df) = 2 Gamma(df / 2).
        double z = rng.NextStandardNormal();
        double v = 2.0 * rng.NextGamma(0.5 * Df);
        return Location + Scale * z / Math.Sqrt(v / Df);
    }
}

/// <summary>cauchy(location, scale).</summary>
public sealed record CauchyPrior(double Location, double Scale) : ScalarPrior
{
    public override string Name => "cauchy";
    public override IReadOnlyList<double> Arguments => [Location, Scale];
    public override double LogKernel(double x, out double derivative)
    {
        double t = (x - Location) / Scale;
        derivative = -2.0 * t / (Scale * (1.0 + t * t));
        return -Math.Log(1.0 + t * t);
    }
    public override double LogConstant => -Math.Log(Math.PI) - Math.Log(Scale);
    public override double Cdf(double x) => 0.5 + Math.Atan((x - Location) / Scale) / Math.PI;
    public override double Sample(RandomStream rng) => Location + Scale * Math.Tan(Math.PI * (rng.NextOpenDouble() - 0.5));
}

/// <summary>exponential(rate).</summary>
public sealed record ExponentialPrior(double Rate) : ScalarPrior
{
    public override string Name => "exponential";
    public override IReadOnlyList<double> Arguments => [Rate];
    public override double SupportLower => 0.0;
    public override double LogKernel(double x, out double derivative)
    {
        if (x < 0) { derivative = 0; return double.NegativeInfinity; }
        derivative = -Rate;
        return -Rate * x;
    }
    public override double LogConstant => Math.Log(Rate);
    public override double Cdf(double x) => x <= 0 ? 0.0 : -SpecialFunctions.Expm1(-Rate * x);
    public override double Sample(RandomStream rng) => rng.NextStandardExponential() / Rate;
}

/// <summary>gamma(shape, rate).</summary>
public sealed record GammaPrior(double Shape, double Rate) : ScalarPrior
{
    public override string Name => "gamma";
    public override IReadOnlyList<double> Arguments => [Shape, Rate];
    public override double SupportLower => 0.0;
    public override double LogKernel(double x, out double derivative)
    {
        if (!(x > 0)) { derivative = 0; return double.NegativeInfinity; }
        derivative = (Shape - 1.0) / x - Rate;
        return (Shape - 1.0) * Math.Log(x) - Rate * x;
    }
    public override double LogConstant => Shape * Math.Log(Rate) - LogGamma(Shape);
    public override double Cdf(double x) => x <= 0 ? 0.0 : SpecialFunctions.GammaLowerRegularized(Shape, Rate * x);
    public override double Sample(RandomStream rng) => Math.Exp(rng.NextLogGamma(Shape)) / Rate;
}

/// <summary>inv_gamma(shape, scale).</summary>
public sealed record InverseGammaPrior(double Shape, double Scale) : ScalarPrior
{
    public override string Name => "inv_gamma";
    public override IReadOnlyList<double> Arguments => [Shape, Scale];
    public override double SupportLower => 0.0;
    public override double LogKernel(double x, out double derivative)
    {
        if (!(x > 0)) { derivative = 0; return double.NegativeInfinity; }
        derivative = -(Shape + 1.0) / x + Scale / (x * x);
        return -(Shape + 1.0) * Math.Log(x) - Scale / x;
    }
    public override double LogConstant => Shape * Math.Log(Scale) - LogGamma(Shape);
    public override double Cdf(double x) => x <= 0 ? 0.0 : SpecialFunctions.GammaUpperRegularized(Shape, Scale / x);
    public override double Sample(RandomStream rng) => Scale * Math.Exp(-rng.NextLogGamma(Shape));
}

/// <summary>lognormal(meanlog, sdlog).</summary>
public sealed record LogNormalPrior(double MeanLog, double SdLog) : ScalarPrior
{
    public override string Name => "lognormal";
    public override IReadOnlyList<double> Arguments => [MeanLog, SdLog];
    public override double SupportLower => 0.0;
    public override double LogKernel(double x, out double derivative)
    {
        if (!(x > 0)) { derivative = 0; return double.NegativeInfinity; }
        double lx = Math.Log(x);
        double t = (lx - MeanLog) / SdLog;
        derivative = -(1.0 + t / SdLog) / x;
        return -lx - 0.5 * t * t;
    }
    public override double LogConstant => -Math.Log(SdLog) - HalfLogTwoPi;
    public override double Cdf(double x) => x <= 0 ? 0.0 : 0.5 * SpecialFunctions.Erfc(-(Math.Log(x) - MeanLog) / (SdLog * Math.Sqrt(2.0)));
    public override double Sample(RandomStream rng) => Math.Exp(rng.NextNormal(MeanLog, SdLog));
}

/// <summary>uniform(lower, upper).</summary>
public sealed record UniformPrior(double Lower, double Upper) : ScalarPrior
{
    public override string Name => "uniform";
    public override IReadOnlyList<double> Arguments => [Lower, Upper];
    public override double SupportLower => Lower;
    public override double SupportUpper => Upper;
    public override double LogKernel(double x, out double derivative)
    {
        derivative = 0;
        return x >= Lower && x <= Upper ? 0.0 : double.NegativeInfinity;
    }
    public override double LogConstant => -Math.Log(Upper - Lower);
    public override double Cdf(double x) => x <= Lower ? 0.0 : x >= Upper ? 1.0 : (x - Lower) / (Upper - Lower);
    public override double Sample(RandomStream rng) => rng.NextUniform(Lower, Upper);
}

/// <summary>beta(alpha, beta) on (0, 1), Stan's parameterisation: p(x) = x^(α−1) (1 − x)^(β−1) / B(α, β).</summary>
public sealed record BetaPrior(double Alpha, double Beta) : ScalarPrior
{
    public override string Name => "beta";
    public override IReadOnlyList<double> Arguments => [Alpha, Beta];
    public override double SupportLower => 0.0;
    public override double SupportUpper => 1.0;
    public override double LogKernel(double x, out double derivative)
    {
        if (!(x > 0 && x < 1)) { derivative = 0; return double.NegativeInfinity; }
        derivative = (Alpha - 1.0) / x - (Beta - 1.0) / (1.0 - x);
        return (Alpha - 1.0) * Math.Log(x) + (Beta - 1.0) * Numerics.Special.LogExp.Log1p(-x);
    }
    public override double LogConstant => LogGamma(Alpha + Beta) - LogGamma(Alpha) - LogGamma(Beta);
    public override double Cdf(double x) => x <= 0 ? 0.0 : x >= 1 ? 1.0 : SpecialFunctions.BetaRegularized(Alpha, Beta, x);
    public override double Sample(RandomStream rng) => rng.NextBeta(Alpha, Beta);
}
