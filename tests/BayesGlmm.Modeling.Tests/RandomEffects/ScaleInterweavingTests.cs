// The interweaving step of a non-centred scale: it leaves the centred form's joint law invariant, keeps the effects r = sd z
// and the likelihood, brings the log density and gradient to the moved point as an evaluation there would, and allocates nothing.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Glmm;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Modeling.Tests.Model;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.RandomEffects;

public sealed class ScaleInterweavingTests
{
    private static BoundedPrior SdPrior(string text) => new((ScalarPrior)PriorSpec.Parse("sd ~ " + text).Distribution, 0.0);

    [Theory]
    [InlineData("normal(0, 1)", 3)]
    [InlineData("student_t(3, 0, 2.5)", 12)]
    [InlineData("exponential(2)", 60)]
    public void OneUpdateFromTheJointLawKeepsIt(string prior, int levels)
    {
        // (sd, z) drawn exactly from the prior (sd ~ prior, z ~ N(0, I)), then one update: the moments of sd, of z₁² and of
        // sd² z₁² (= E sd², z independent of sd) must be the prior's, each within 4 Monte Carlo standard errors.
        var sdPrior = SdPrior(prior);
        var rng = new RandomStream(31, (ulong)levels);
        const int replicates = 20000;
        var z = new double[levels];
        var gradientZ = new double[levels];
        double gradientLogSd = 0, logDensity = 0;
        double[] sd = new double[replicates], before = new double[replicates], z1 = new double[replicates], r1 = new double[replicates];
        int moved = 0;
        for (int k = 0; k < replicates; k++)
        {
            double s = sdPrior.Sample(rng);
            before[k] = s;
            for (int j = 0; j < levels; j++) z[j] = rng.NextStandardNormal();
            double logSd = Math.Log(s);
            if (ScaleInterweaving.Update(sdPrior, ref logSd, z, ref gradientLogSd, gradientZ, ref logDensity, rng)) moved++;
            sd[k] = Math.Exp(logSd);
            z1[k] = z[0] * z[0];
            r1[k] = sd[k] * sd[k] * z1[k];
        }
        Assert.True(moved > replicates * 0.99, $"moved {moved} of {replicates}");
        AssertMean(sd, Mean(before), Sd(before));
        AssertMean(sd.Select(v => v * v).ToArray(), Mean(before.Select(v => v * v).ToArray()), Sd(before.Select(v => v * v).ToArray()));
        AssertMean(z1, 1.0, Math.Sqrt(2.0));
        // The update changes sd: its correlation with the value before is below 1.
        double corr = Correlation(before, sd);
        Assert.True(corr < 0.999, $"correlation {corr}");
    }

    private static void AssertMean(double[] values, double expected, double sd)
    {
        // Both sides are means of 20000 independent values: the standard error of their difference is sd √(2/n).
        double se = sd * Math.Sqrt(2.0 / values.Length);
        double z = (Mean(values) - expected) / se;
        Assert.True(Math.Abs(z) < 4, $"mean {Mean(values):G6} against {expected:G6}: z = {z:F2}");
    }

    private static double Mean(double[] v) => v.Average();

    private static double Sd(double[] v)
    {
        double m = Mean(v);
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
    }

    private static double Correlation(double[] a, double[] b)
    {
        double ma = Mean(a), mb = Mean(b), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }

    public static TheoryData<string> Forms => new() { "none", "nested", "partial" };

    [Theory]
    [MemberData(nameof(Forms))]
    public void TheModelsMoveKeepsTheEffectsAndTheLikelihood(string form)
    {
        // A nested pair (or chain), an uncorrelated two-coefficient term and a Student-t term (which does not move).
        var rng = new RandomStream(32, (ulong)form.Length);
        // (The partially centred chain takes models of normal effects only: no Student-t term there.)
        TermSpec[] terms =
        [
            new("a", 9, 1),
            new("a:b", 3, 1, NestedIn: 0),
            new("c", 7, 2, Correlated: false),
            .. form == "partial" ? Array.Empty<TermSpec>() : [new TermSpec("d", 5, 1, Student: true)],
        ];
        var frame = ModelBuilder.Random(rng, 400, 2, intercept: true, terms, new PoissonLog());
        var model = GlmmModel.Create(frame, FamilySpec.Parse("poisson"), [],
            new GlmmOptions
            {
                HierarchicalCentring = form switch { "none" => HierarchicalCentring.None, "nested" => HierarchicalCentring.Nested, _ => HierarchicalCentring.Partial },
            });
        using var density = (GlmmEvaluator)model.Create(1);
        var x = ModelBuilder.RandomPosition(model, rng, 0.5);
        var moved = (double[])x.Clone();
        var gradient = new double[x.Length];
        double logDensity = density.Evaluate(moved, gradient);
        int evaluations = density.Interweave(moved, gradient, ref logDensity, rng);
        // The nested pair's sweeps and the partial chain evaluate the density again; the rest update it in closed form.
        Assert.Equal(form == "none" ? 0 : 1, evaluations);
        // The log density and gradient brought to the moved point are those of a fresh evaluation there.
        var fresh = new double[x.Length];
        double freshLogDensity = density.Evaluate(moved, fresh);
        Assert.Equal(freshLogDensity, logDensity, 1e-9 * Math.Abs(freshLogDensity));
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(fresh[i] - gradient[i]) <= 1e-9 * Math.Max(1, Math.Abs(fresh[i])), $"coordinate {i}: {gradient[i]:R}, evaluated {fresh[i]:R}");
        var outputs = new double[model.OutputNames.Count];
        var outputsMoved = new double[model.OutputNames.Count];
        model.WriteOutputs(x, outputs, new RandomStream(1));
        model.WriteOutputs(moved, outputsMoved, new RandomStream(1));
        int changedSds = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            string name = model.OutputNames[i];
            if (name.StartsWith("sd_", StringComparison.Ordinal))
            {
                if (outputs[i] != outputsMoved[i]) changedSds++;
                continue;
            }
            // The nested pair's sweeps draw the outer effects again, and the intercept is translated against the inner
            // totals (TotalsShift): η stays, the effects and the intercept move.
            if (form == "nested" && (name.StartsWith("r_a[", StringComparison.Ordinal) || name.StartsWith("r_a:b[", StringComparison.Ordinal) || name == "b_Intercept")) continue;
            Assert.True(Math.Abs(outputs[i] - outputsMoved[i]) <= 1e-12 * Math.Max(1, Math.Abs(outputs[i])), $"{name}: {outputs[i]:R} then {outputsMoved[i]:R}");
        }
        // a, a:b and c's two sds move; d (Student-t) never.
        Assert.Equal(4, changedSds);
        var (_, logLikelihood) = density.EvaluateParts(x);
        var (_, logLikelihoodMoved) = density.EvaluateParts(moved);
        Assert.Equal(logLikelihood, logLikelihoodMoved, 9);
    }

    [Fact]
    public void TheNestedPairsGibbsSweepsSampleTheSdsGivenTheTotals()
    {
        // The sweeps see the data only through the inner totals v, so repeated moves with v fixed are a Markov chain for
        // (sd_a, sd_a:b) given v, whose law is p(sd_a) p(sd_a:b) Π_b N(v_b | 0, sd_a:b² I + sd_a² 11ᵀ) (the outer effects
        // integrated out). Its means of log sd, by quadrature on a grid, against 4000 moves: within 4 Monte Carlo standard
        // errors (batch means).
        var rng = new RandomStream(34);
        // No intercept and a covariate that varies within the inner levels: no coefficient is translated against the totals.
        var frame = ModelBuilder.Random(rng, 300, 1, intercept: false, [new TermSpec("a", 6, 1), new TermSpec("a:b", 4, 1, NestedIn: 0)], new PoissonLog());
        PriorSpec[] priors = [PriorSpec.Parse("b ~ normal(0, 1)"), PriorSpec.Parse("sd ~ normal(0, 1)")];
        var model = GlmmModel.Create(frame, FamilySpec.Parse("poisson"), priors, new GlmmOptions { HierarchicalCentring = HierarchicalCentring.Nested });
        Assert.True(model.CentredPairs.Count == 1, $"pairs: [{string.Join(";", model.CentredPairs)}], inner levels observed: {frame.Groups[1].LevelOfObservation.Distinct().Count()} of {frame.Groups[1].LevelCount}, groups {string.Join(",", frame.Groups.Select(g => g.Group))}");
        Assert.Empty(TotalsShift.For(model.Structure));
        var names = model.OutputNames.ToList();
        // v: outer effects from N(0, 0.8²), inner deviations from N(0, 0.5²); written as r_a = 0 and r_a:b = v.
        var outputs = new double[names.Count];
        outputs[names.IndexOf("sd_a__Intercept")] = 1;
        outputs[names.IndexOf("sd_a:b__Intercept")] = 1;
        var outer = Enumerable.Range(0, 6).Select(_ => 0.8 * rng.NextStandardNormal()).ToArray();
        var inner = names.Select((n, i) => (n, i)).Where(p => p.n.StartsWith("r_a:b[", StringComparison.Ordinal)).ToArray();
        var groups = new List<double>[6];
        for (int g = 0; g < 6; g++) groups[g] = [];
        foreach (var (name, index) in inner)
        {
            int parent = int.Parse(name["r_a:b[".Length..name.IndexOf('_', "r_a:b[".Length)]);
            double v = outer[parent] + 0.5 * rng.NextStandardNormal();
            outputs[index] = v;
            groups[parent].Add(v);
        }
        Assert.Equal(24, groups.Sum(g => g.Count));
        var position = new double[model.Dimension];
        Assert.True(model.TryWritePosition(outputs, position));
        using var density = (GlmmEvaluator)model.Create(1);
        var gradient = new double[model.Dimension];
        double logDensity = density.Evaluate(position, gradient);
        const int moves = 4000, batches = 40;
        var logSdOuter = new double[moves];
        var logSdInner = new double[moves];
        for (int k = 0; k < moves; k++)
        {
            Assert.Equal(1, density.Interweave(position, gradient, ref logDensity, rng));
            model.WriteOutputs(position, outputs, rng);
            logSdOuter[k] = Math.Log(outputs[names.IndexOf("sd_a__Intercept")]);
            logSdInner[k] = Math.Log(outputs[names.IndexOf("sd_a:b__Intercept")]);
        }
        // The totals stay: r_a:b + r_a[parent] is v.
        foreach (var (name, index) in inner)
        {
            int parent = int.Parse(name["r_a:b[".Length..name.IndexOf('_', "r_a:b[".Length)]);
            double v = outputs[index] + outputs[names.FindIndex(n => n.StartsWith($"r_a[L{parent + 1},", StringComparison.Ordinal))];
            Assert.Contains(groups[parent], x => Math.Abs(x - v) < 1e-9);
        }
        // Quadrature over (s_a, s_a:b) on [−6, 2.5]², half-normal priors with the Jacobians e^s.
        double meanOuter = 0, meanInner = 0, mass = 0, maxLog = double.NegativeInfinity;
        const int grid = 340;
        double Step(int i) => -6 + 8.5 * i / (grid - 1);
        var logs = new double[grid, grid];
        for (int i = 0; i < grid; i++)
        for (int j = 0; j < grid; j++)
        {
            double sOuter = Step(i), sInner = Step(j);
            double tau2 = Math.Exp(2 * sOuter), sigma2 = Math.Exp(2 * sInner);
            double lp = -0.5 * tau2 + sOuter - 0.5 * sigma2 + sInner;
            foreach (var g in groups)
            {
                int n = g.Count;
                double sum = g.Sum(), sumSquares = g.Sum(x => x * x);
                double logDet = (n - 1) * Math.Log(sigma2) + Math.Log(sigma2 + n * tau2);
                double quadratic = (sumSquares - tau2 * sum * sum / (sigma2 + n * tau2)) / sigma2;
                lp += -0.5 * (logDet + quadratic);
            }
            logs[i, j] = lp;
            maxLog = Math.Max(maxLog, lp);
        }
        for (int i = 0; i < grid; i++)
        for (int j = 0; j < grid; j++)
        {
            double w = Math.Exp(logs[i, j] - maxLog);
            mass += w;
            meanOuter += w * Step(i);
            meanInner += w * Step(j);
        }
        meanOuter /= mass;
        meanInner /= mass;
        foreach (var (draws, expected, label) in new[] { (logSdOuter, meanOuter, "log sd_a"), (logSdInner, meanInner, "log sd_a:b") })
        {
            var means = Enumerable.Range(0, batches).Select(b => draws.Skip(b * (moves / batches)).Take(moves / batches).Average()).ToArray();
            double se = Math.Sqrt(Variance(means) / batches);
            double z = (draws.Average() - expected) / se;
            Assert.True(Math.Abs(z) < 4, $"{label}: {draws.Average():G5} from the moves, {expected:G5} by quadrature (z = {z:F2}, se {se:G3})");
        }
    }

    private static double Variance(double[] v)
    {
        double m = v.Average();
        return v.Sum(x => (x - m) * (x - m)) / (v.Length - 1);
    }

    [Fact]
    public void TheMoveAllocatesNothing()
    {
        var rng = new RandomStream(33);
        var frame = ModelBuilder.Random(rng, 300, 2, intercept: true, [new TermSpec("a", 20, 1), new TermSpec("c", 7, 2, Correlated: false)], new PoissonLog());
        var model = GlmmModel.Create(frame, FamilySpec.Parse("poisson"), []);
        using var density = (GlmmEvaluator)model.Create(1);
        var x = ModelBuilder.RandomPosition(model, rng, 0.5);
        var gradient = new double[x.Length];
        double logDensity = density.Evaluate(x, gradient);
        for (int i = 0; i < 50; i++) density.Interweave(x, gradient, ref logDensity, rng);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++) density.Interweave(x, gradient, ref logDensity, rng);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
