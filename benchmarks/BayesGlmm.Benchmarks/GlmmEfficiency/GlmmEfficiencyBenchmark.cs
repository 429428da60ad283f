// Measures NUTS's gradient cost on eight schools: the GLMM density beside a hand-coded brms/Stan density of the same model.
using System.Globalization;
using BayesGlmm.Diagnostics;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Benchmarks.GlmmEfficiency;

/// <summary>
/// <c>glmm-efficiency [--seeds 1,2,3] [--models radon,sleepstudy]</c>: runs <see cref="NutsSampler"/> with the same options and seeds on
/// eight schools written by hand as brms writes it (b ~ normal(0, 5); log sd with sd ~ half-Cauchy(0, 5) and its
/// Jacobian; z ~ N(0, 1); y_j ~ N(b + sd z_j, se_j)) and on the <see cref="GlmmModel"/> built from
/// models/eight_schools.json, and prints gradients (Σ n_leapfrog__ of warmup and sampling), final step sizes,
/// mean tree depth and the min bulk ESS over b, sd and r. Also checks that the two densities differ by a
/// constant at random points and that their gradients agree after mapping the parameters. <c>--models</c> then runs
/// the named model files the same way (GLMM only), with warmup and sampling leapfrogs apart.
/// </summary>
internal static class GlmmEfficiencyBenchmark
{
    public static int Run(string[] args)
    {
        ulong[] seeds = [1, 2, 3];
        string[] others = [];
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seeds" && i + 1 < args.Length)
                seeds = args[++i].Split(',').Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            else if (args[i] == "--models" && i + 1 < args.Length)
                others = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            else
            {
                Console.Error.WriteLine($"glmm-efficiency: unknown option '{args[i]}'. Options: --seeds 1,2,3 --models radon,sleepstudy");
                return 2;
            }
        }
        string root = EndToEnd.EndToEndBenchmark.RepositoryRootForSuites();
        var modelFile = ModelFile.Load(Path.Combine(root, "models", "eight_schools.json"));
        var model = (GlmmModel)ModelComposition.Prepare(modelFile.Model).Model;
        var s = model.Structure;
        var (y, se) = EightSchools.Read(Path.Combine(root, "models", "eight_schools.csv"));
        var hand = new EightSchools(y, se);

        // Map: hand position [b, log sd, z_1..z_J] → GLMM position.
        int J = y.Length;
        if (s.Dimension != J + 2) throw new InvalidOperationException($"GLMM dimension {s.Dimension}, expected {J + 2}.");
        int[] map = new int[J + 2];
        map[0] = 0;
        map[1] = ((NormalEffects)s.Blocks[0]).LogSdOffset;
        for (int j = 0; j < J; j++) map[2 + j] = ((NormalEffects)s.Blocks[0]).ZOffset + j;
        Console.WriteLine($"GLMM layout: dimension {s.Dimension}, log sd at {map[1]}, z at {map[2]}; outputs {string.Join(", ", model.OutputNames)}");

        CompareDensities(hand, model, map);

        Console.WriteLine();
        Console.WriteLine("| density | seed | min bulk ESS | warmup leapfrogs | sampling leapfrogs | gradients | ESS/gradient | ESS/sampling gradient | final step sizes | mean tree depth | mean accept | divergences |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|");
        foreach (ulong seed in seeds)
        {
            var options = modelFile.Settings with { Seed = seed };
            Print("hand-coded", seed, RunHand(hand, options));
            Print("GlmmModel", seed, RunGlmm(model, options));
        }
        foreach (string name in others)
        {
            var file = ModelFile.Load(Path.Combine(root, "models", name + ".json"));
            var other = (GlmmModel)ModelComposition.Prepare(file.Model).Model;
            foreach (ulong seed in seeds)
                Print(name, seed, RunGlmm(other, file.Settings with { Seed = seed }));
        }
        Console.WriteLine();
        Console.WriteLine("Stan 2.21 (brms anchor, shared/reference/README.md): min bulk ESS 2489, 33,390 gradients counted over the sampling");
        Console.WriteLine("iterations only (brms_anchor.R sums nuts_params(fit), whose inc_warmup defaults to FALSE): compare with 'sampling leapfrogs'.");
        return 0;
    }

    private static void Print(string name, ulong seed, (double Ess, SamplingResult R) run)
    {
        var r = run.R;
        long w = r.Chains.Sum(c => c.WarmupLeapfrogSteps), d = r.Chains.Sum(c => c.SamplingLeapfrogSteps);
        string steps = string.Join(" ", r.Chains.Select(c => c.StepSize.ToString("G3", CultureInfo.InvariantCulture)));
        Console.WriteLine($"| {name} | {seed} | {run.Ess:F0} | {w} | {d} | {w + d} | {run.Ess / (w + d):F4} | {run.Ess / d:F4} | {steps} | {r.Chains.Average(c => c.Statistics.Average(x => x.TreeDepth)):F2} | {r.Chains.Average(c => c.Statistics.Average(x => x.AcceptStat)):F3} | {r.Chains.Sum(c => c.Statistics.Count(x => x.Divergent))} |");
    }

    private static (double, SamplingResult) RunHand(EightSchools hand, SamplerOptions options)
    {
        var result = NutsSampler.Run(LogDensityFactory.Shared(hand), options);
        int d = result.Dimension, J = d - 2;
        var q = new double[J + 2][][];
        for (int v = 0; v < q.Length; v++) q[v] = result.Chains.Select(c => new double[c.CompletedDraws]).ToArray();
        foreach (var c in result.Chains)
            for (int k = 0; k < c.CompletedDraws; k++)
            {
                var x = c.Draws.AsSpan(k * d, d);
                double sd = Math.Exp(x[1]);
                q[0][c.Chain][k] = x[0];
                q[1][c.Chain][k] = sd;
                for (int j = 0; j < J; j++) q[2 + j][c.Chain][k] = sd * x[2 + j];
            }
        return (q.Min(Ess.Bulk), result);
    }

    private static (double, SamplingResult) RunGlmm(GlmmModel model, SamplerOptions options)
    {
        var result = NutsSampler.Run(model, options);
        int d = result.Dimension, k = model.OutputNames.Count;
        var q = new double[k][][];
        for (int v = 0; v < k; v++) q[v] = result.Chains.Select(c => new double[c.CompletedDraws]).ToArray();
        var outputs = new double[k];
        foreach (var c in result.Chains)
        {
            var stream = new RandomStream(options.Seed, (ulong)c.Chain, 1UL);
            for (int i = 0; i < c.CompletedDraws; i++)
            {
                model.WriteOutputs(c.Draws.AsSpan(i * d, d), outputs, stream);
                for (int v = 0; v < k; v++) q[v][c.Chain][i] = outputs[v];
            }
        }
        // b, sd and r (skip generated quantities that are not parameters, e.g. lprior).
        var names = model.OutputNames;
        var keep = Enumerable.Range(0, k).Where(v => names[v] is not ("lprior" or "lp__")).ToList();
        return (keep.Min(v => Ess.Bulk(q[v])), result);
    }

    private static void CompareDensities(EightSchools hand, GlmmModel model, int[] map)
    {
        int d = hand.Dimension;
        var rng = new Random(12345);
        var x = new double[d];
        var g = new double[d];
        var gGlmm = new double[d];
        var hGrad = new double[d];
        var evaluator = model.Create();
        double minDiff = double.PositiveInfinity, maxDiff = double.NegativeInfinity, maxGradErr = 0, maxFdErr = 0;
        for (int trial = 0; trial < 500; trial++)
        {
            x[0] = -20 + 40 * rng.NextDouble();
            x[1] = -5 + 8 * rng.NextDouble();
            for (int j = 2; j < d; j++) x[j] = -3 + 6 * rng.NextDouble();
            double lpHand = hand.Evaluate(x, hGrad);
            for (int i = 0; i < d; i++) g[map[i]] = x[i];
            double lpGlmm = evaluator.Evaluate(g, gGlmm);
            double diff = lpGlmm - lpHand;
            minDiff = Math.Min(minDiff, diff);
            maxDiff = Math.Max(maxDiff, diff);
            for (int i = 0; i < d; i++)
                maxGradErr = Math.Max(maxGradErr, Math.Abs(gGlmm[map[i]] - hGrad[i]) / (1 + Math.Abs(hGrad[i])));
            // Central finite differences of the GLMM evaluator.
            var probe = (double[])g.Clone();
            var scratch = new double[d];
            for (int i = 0; i < d; i++)
            {
                double h = 1e-5 * Math.Max(1, Math.Abs(g[i]));
                probe[i] = g[i] + h;
                double up = evaluator.Evaluate(probe, scratch);
                probe[i] = g[i] - h;
                double down = evaluator.Evaluate(probe, scratch);
                probe[i] = g[i];
                double fd = (up - down) / (2 * h);
                lpGlmm = evaluator.Evaluate(g, gGlmm);
                maxFdErr = Math.Max(maxFdErr, Math.Abs(fd - gGlmm[i]) / (1 + Math.Abs(fd)));
            }
        }
        Console.WriteLine($"log p(GLMM) − log p(hand) over 500 random points: min {minDiff:G10}, max {maxDiff:G10} (spread {maxDiff - minDiff:G3})");
        Console.WriteLine($"max relative gradient difference GLMM vs hand: {maxGradErr:G3}; max relative error GLMM gradient vs central differences: {maxFdErr:G3}");
    }

    /// <summary>Eight schools as brms 2.18 writes it for Stan, non-centred, on [b, log sd, z_1..z_J].</summary>
    internal sealed class EightSchools(double[] y, double[] se) : ILogDensity
    {
        public int Dimension => y.Length + 2;

        public static (double[] Y, double[] Se) Read(string path)
        {
            var lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
            return (lines.Select(c => double.Parse(c[1], CultureInfo.InvariantCulture)).ToArray(),
                    lines.Select(c => double.Parse(c[2], CultureInfo.InvariantCulture)).ToArray());
        }

        public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            double b = x[0], logSd = x[1], sd = Math.Exp(logSd);
            // b ~ normal(0, 5)
            double lp = -0.5 * (b / 5) * (b / 5);
            g[0] = -b / 25;
            // sd ~ half-Cauchy(0, 5): log p(sd) = −log(1 + (sd/5)²) (+ const); Jacobian log sd.
            lp += -Math.Log(1 + (sd / 5) * (sd / 5)) + logSd;
            g[1] = -2 * sd * sd / 25 / (1 + (sd / 5) * (sd / 5)) + 1;
            for (int j = 0; j < y.Length; j++)
            {
                double z = x[2 + j];
                lp += -0.5 * z * z;
                double resid = (y[j] - b - sd * z) / se[j];
                lp += -0.5 * resid * resid;
                double dmu = resid / se[j];
                g[0] += dmu;
                g[1] += dmu * sd * z;
                g[2 + j] = -z + dmu * sd;
            }
            return lp;
        }
    }
}
