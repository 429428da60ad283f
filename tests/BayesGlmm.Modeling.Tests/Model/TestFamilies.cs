// Small reference likelihoods written directly from their densities, for testing the GLMM density on its own.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.Tests.Model;

/// <summary>A family of this test project: name, link and a per-observation log density with derivatives.</summary>
internal abstract class TestFamily : IFamily
{
    public abstract string Name { get; }
    public abstract string LinkName { get; }
    public abstract FamilyParameter[] ParameterList { get; }

    /// <summary>log p(y | eta, θ) of one observation with ∂/∂eta and ∂/∂θ (added into gTheta).</summary>
    public abstract double Point(double y, double trials, double eta, ReadOnlySpan<double> theta, out double gEta, Span<double> gTheta);

    public virtual double Draw(double eta, ReadOnlySpan<double> theta, double trials, RandomStream rng) => throw new NotSupportedException();

    public IFamilyLikelihood Bind(ResponseData response, IReadOnlyList<int>? sourceRows = null) => new Bound(this, response);

    private sealed class Bound(TestFamily family, ResponseData response) : IFamilyLikelihood
    {
        public int ObservationCount => response.Values.Length;
        public int LinearPredictorCount => 1;
        public IReadOnlyList<FamilyParameter> Parameters => family.ParameterList;

        public double Evaluate(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> gradientEta, Span<double> gradientTheta)
        {
            gradientTheta.Clear();
            double total = 0;
            for (int i = 0; i < eta.Length; i++)
                total += family.Point(response.Values[i], response.Trials?[i] ?? 1, eta[i], theta, out gradientEta[i], gradientTheta);
            return total;
        }

        public void Pointwise(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> logLikelihood)
        {
            Span<double> g = new double[theta.Length];
            for (int i = 0; i < eta.Length; i++)
                logLikelihood[i] = family.Point(response.Values[i], response.Trials?[i] ?? 1, eta[i], theta, out _, g);
        }

        public void Replicate(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, RandomStream rng, Span<double> replicate)
        {
            for (int i = 0; i < eta.Length; i++) replicate[i] = family.Draw(eta[i], theta, response.Trials?[i] ?? 1, rng);
        }

        public double Mean(double eta, ReadOnlySpan<double> theta, int observation) => throw new NotSupportedException();

        public IFamilyLikelihood WithResponse(double[] values) => new Bound(family, response with { Values = values });
    }
}

/// <summary>gaussian(identity) with sigma.</summary>
internal sealed class GaussianIdentity : TestFamily
{
    public override string Name => "gaussian";
    public override string LinkName => "identity";
    public override FamilyParameter[] ParameterList { get; } = [new("sigma", 0)];
    public override double Point(double y, double trials, double eta, ReadOnlySpan<double> theta, out double gEta, Span<double> gTheta)
    {
        double s = theta[0], r = y - eta;
        gEta = r / (s * s);
        gTheta[0] += -1 / s + r * r / (s * s * s);
        return -0.5 * r * r / (s * s) - Math.Log(s) - 0.5 * Math.Log(2 * Math.PI);
    }
    public override double Draw(double eta, ReadOnlySpan<double> theta, double trials, RandomStream rng) => rng.NextNormal(eta, theta[0]);
}

/// <summary>poisson(log).</summary>
internal sealed class PoissonLog : TestFamily
{
    public override string Name => "poisson";
    public override string LinkName => "log";
    public override FamilyParameter[] ParameterList { get; } = [];
    public override double Point(double y, double trials, double eta, ReadOnlySpan<double> theta, out double gEta, Span<double> gTheta)
    {
        double mu = Math.Exp(eta);
        gEta = y - mu;
        return y * eta - mu - SpecialFunctions.GammaLn(y + 1);
    }
    public override double Draw(double eta, ReadOnlySpan<double> theta, double trials, RandomStream rng) => rng.NextPoisson(Math.Exp(eta));
}

/// <summary>binomial(logit) with trials.</summary>
internal sealed class BinomialLogit : TestFamily
{
    public override string Name => "binomial";
    public override string LinkName => "logit";
    public override FamilyParameter[] ParameterList { get; } = [];
    public override double Point(double y, double n, double eta, ReadOnlySpan<double> theta, out double gEta, Span<double> gTheta)
    {
        double p = 1 / (1 + Math.Exp(-eta));
        gEta = y - n * p;
        double log1pExp = eta > 0 ? eta + Math.Log(1 + Math.Exp(-eta)) : Math.Log(1 + Math.Exp(eta));
        return y * eta - n * log1pExp + SpecialFunctions.BinomialLn((int)n, (int)y);
    }
}

/// <summary>student(identity) with sigma and nu &gt; 1.</summary>
internal sealed class StudentIdentity : TestFamily
{
    public override string Name => "student";
    public override string LinkName => "identity";
    public override FamilyParameter[] ParameterList { get; } = [new("sigma", 0), new("nu", 1)];
    public override double Point(double y, double trials, double eta, ReadOnlySpan<double> theta, out double gEta, Span<double> gTheta)
    {
        double s = theta[0], nu = theta[1], t = (y - eta) / s, q = 1 + t * t / nu;
        gEta = (nu + 1) * t / (s * nu * q);
        gTheta[0] += -1 / s + (nu + 1) * t * t / (s * nu * q);
        gTheta[1] += 0.5 * SpecialFunctions.DiGamma(0.5 * (nu + 1)) - 0.5 * SpecialFunctions.DiGamma(0.5 * nu) - 0.5 / nu
                     - 0.5 * Math.Log(q) + 0.5 * (nu + 1) * t * t / (nu * nu * q);
        return SpecialFunctions.GammaLn(0.5 * (nu + 1)) - SpecialFunctions.GammaLn(0.5 * nu) - 0.5 * Math.Log(nu * Math.PI) - Math.Log(s)
               - 0.5 * (nu + 1) * Math.Log(q);
    }
}
