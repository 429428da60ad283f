// Synthetic responses for the kernel benchmarks: valid data for each family, a linear-predictor range and theta.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Benchmarks.Kernels;

internal static class KernelData
{
    public static (ResponseData Response, double EtaLow, double EtaHigh, double[] Theta) Create(string family, int n, RandomStream rng)
    {
        var y = new double[n];
        double[]? trials = null, se = null;
        double low = -2, high = 2;
        double[] theta = [];
        string name = family.Split('(', '+')[0];
        for (int i = 0; i < n; i++)
        {
            y[i] = name switch
            {
                "gaussian" => rng.NextNormal(2, 1),
                "bernoulli" => rng.Next(2),
                "binomial" => rng.Next(11),
                "poisson" => rng.NextPoisson(3),
                "negbinomial" => rng.NextPoisson(rng.NextGamma(2) * 1.5),
                "gamma" or "lognormal" => rng.NextGamma(2),
                "beta" => rng.NextBeta(2, 3),
                "student" => rng.NextNormal(0, 2),
                _ => throw new ArgumentException($"No benchmark data for {family}."),
            };
        }
        switch (name)
        {
            case "gaussian" when family.EndsWith("+se"):
                se = new double[n];
                for (int i = 0; i < n; i++) se[i] = rng.NextUniform(0.5, 2);
                break;
            case "gaussian" or "lognormal":
                theta = [1.2];
                break;
            case "binomial":
                trials = new double[n];
                Array.Fill(trials, 10.0);
                break;
            case "negbinomial" or "gamma":
                theta = [2.5];
                if (family == "gamma") (low, high) = (0.2, 2);
                break;
            case "beta":
                theta = [8];
                break;
            case "student":
                theta = [1.5, 6];
                break;
        }
        return (new ResponseData { Name = "y", Values = y, Trials = trials, KnownStandardErrors = se }, low, high, theta);
    }
}
