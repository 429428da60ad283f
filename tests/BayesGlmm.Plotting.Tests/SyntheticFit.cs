using BayesGlmm.Diagnostics;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Plotting.Tests;

/// <summary>Draws that look like a random-intercept fit with 85 groups, for rendering tests.</summary>
internal static class SyntheticFit
{
    public static Draws Create(int chains = 4, int iterations = 400, int levels = 85)
    {
        var names = new List<string> { "b_Intercept", "b_floor", "sd_county__Intercept", "sigma" };
        for (int l = 0; l < levels; l++) names.Add($"r_county[c{l + 1},Intercept]");
        names.Add("lp__");
        names.Add("divergent__");
        var draws = new Draws(names, chains, iterations);
        var rng = new RandomStream(5);
        var centres = Enumerable.Range(0, levels).Select(_ => rng.NextNormal(0, 0.3)).ToArray();
        for (int c = 0; c < chains; c++)
        {
            double ar = 0;
            for (int i = 0; i < iterations; i++)
            {
                ar = 0.6 * ar + rng.NextStandardNormal() * 0.8;
                draws.Chain(0, c)[i] = 1.5 + 0.05 * ar;
                draws.Chain(1, c)[i] = rng.NextNormal(-0.65, 0.08);
                double sd = Math.Exp(rng.NextNormal(Math.Log(0.3), 0.2));
                draws.Chain(2, c)[i] = sd;
                draws.Chain(3, c)[i] = rng.NextNormal(0.76, 0.02);
                for (int l = 0; l < levels; l++) draws.Chain(4 + l, c)[i] = centres[l] + sd * rng.NextNormal(0, 0.5);
                draws.Chain(4 + levels, c)[i] = rng.NextNormal(-1000, 5);
                draws.Chain(5 + levels, c)[i] = rng.NextDouble() < 0.01 ? 1 : 0;
            }
        }
        return draws;
    }
}
