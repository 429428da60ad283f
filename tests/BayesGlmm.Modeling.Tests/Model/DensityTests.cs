// The log density equals a direct computation: the centred joint density plus the log Jacobian of the parameter map.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.Tests.Model;

public sealed class DensityTests
{
    private const double LogTwoPi = 1.8378770664093454836;

    private static double NormalLogPdf(double x, double m, double s) => -0.5 * ((x - m) / s) * ((x - m) / s) - Math.Log(s) - 0.5 * LogTwoPi;

    private static double StudentLogPdf(double x, double df, double m, double s)
    {
        double t = (x - m) / s;
        return SpecialFunctions.GammaLn((df + 1) / 2) - SpecialFunctions.GammaLn(df / 2) - 0.5 * Math.Log(df * Math.PI) - Math.Log(s)
               - (df + 1) / 2 * Math.Log(1 + t * t / df);
    }

    /// <summary>LKJ(η) on a K×K correlation matrix, Lewandowski et al. (2009) eq. 16 normalising constant written out.</summary>
    private static double LkjLogPdf(double[,] omega, double eta)
    {
        int k = omega.GetLength(0);
        double logDet = LogDetCholesky(omega, out _);
        double logC = 0;
        for (int i = 1; i <= k - 1; i++)
        {
            double beta = eta + (k - 1 - i) / 2.0;
            logC += (k - i) * ((2 * eta - 2 + k - i) * Math.Log(2) + SpecialFunctions.BetaLn(beta, beta));
        }
        return (eta - 1) * logDet - logC;
    }

    private static double LogDetCholesky(double[,] a, out double[,] l)
    {
        int k = a.GetLength(0);
        l = new double[k, k];
        double logDet = 0;
        for (int i = 0; i < k; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i, j];
                for (int m = 0; m < j; m++) s -= l[i, m] * l[j, m];
                if (i == j) { l[i, i] = Math.Sqrt(s); logDet += 2 * Math.Log(l[i, i]); }
                else l[i, j] = s / l[j, j];
            }
        return logDet;
    }

    private static double MultivariateNormalLogPdf(double[] x, double[,] sigma)
    {
        int k = x.Length;
        double logDet = LogDetCholesky(sigma, out var l);
        var w = new double[k];
        for (int i = 0; i < k; i++)
        {
            double s = x[i];
            for (int m = 0; m < i; m++) s -= l[i, m] * w[m];
            w[i] = s / l[i, i];
        }
        return -0.5 * k * LogTwoPi - 0.5 * logDet - 0.5 * w.Sum(v => v * v);
    }

    /// <summary>
    /// The priors used by the direct computation (Intercept normal(−0.5, 2), b normal(0.5, 3), sd half-normal(0, 2), cor lkj(eta),
    /// sigma half-t(3, 0, 2), nu gamma(2, 0.1) above 1).
    /// </summary>
    private static List<PriorSpec> Priors(double eta) =>
    [
        PriorSpec.Parse("Intercept ~ normal(-0.5, 2)"),
        PriorSpec.Parse("b ~ normal(0.5, 3)"),
        PriorSpec.Parse("sd ~ normal(0, 2)"),
        PriorSpec.Parse($"cor ~ lkj({eta.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})"),
        PriorSpec.Parse("sigma ~ student_t(3, 0, 2)"),
        PriorSpec.Parse("nu ~ gamma(2, 0.1)"),
    ];

    /// <summary>
    /// Hyperprior, group-level density and likelihood of one draw of the outputs, computed directly from the frame. With
    /// <paramref name="center"/> the intercept's prior applies to b_Intercept + Σ_j mean(x_j) b_j (brms's centred intercept).
    /// </summary>
    private static (double Prior, double Effects, double[] Pointwise) Direct(GlmmModel model, TestFamily family, double[] o, double eta, bool center)
    {
        var frame = model.Frame;
        var names = model.OutputNames;
        int Index(string name) => names.ToList().IndexOf(name);
        double prior = 0;
        var x = frame.Fixed.X;
        foreach (string c in frame.Fixed.CoefficientNames)
        {
            if (c != "Intercept") { prior += NormalLogPdf(o[Index("b_" + c)], 0.5, 3); continue; }
            double intercept = o[Index("b_Intercept")];
            if (center)
                for (int j = 0; j < x.Columns; j++)
                    if (j != frame.Fixed.InterceptColumn) intercept += x.Column(j).ToArray().Average() * o[Index("b_" + frame.Fixed.CoefficientNames[j])];
            prior += NormalLogPdf(intercept, -0.5, 2);
        }
        double effects = 0;
        foreach (var term in frame.Groups)
        {
            int k = term.CoefficientCount;
            var sd = term.CoefficientNames.Select(c => o[Index($"sd_{term.Group}__{c}")]).ToArray();
            foreach (double s in sd) prior += Math.Log(2) + NormalLogPdf(s, 0, 2);
            var omega = new double[k, k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                    omega[i, j] = i == j ? 1 : term.Correlated
                        ? o[Index($"cor_{term.Group}__{term.CoefficientNames[Math.Min(i, j)]}__{term.CoefficientNames[Math.Max(i, j)]}")]
                        : 0;
            if (term.Correlated) prior += LkjLogPdf(omega, eta);
            var sigma = new double[k, k];
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++) sigma[i, j] = sd[i] * omega[i, j] * sd[j];
            for (int level = 0; level < term.LevelCount; level++)
            {
                var r = term.CoefficientNames.Select(c => o[Index($"r_{term.Group}[{term.Levels[level]},{c}]")]).ToArray();
                effects += MultivariateNormalLogPdf(r, sigma);
            }
        }
        var theta = family.ParameterList.Select(p => o[Index(p.Name)]).ToArray();
        if (family.ParameterList.Length > 0) prior += Math.Log(2) + StudentLogPdf(theta[0], 3, 0, 2);
        if (family.ParameterList.Length > 1)
            prior += Math.Log(0.01) + Math.Log(theta[1]) - 0.1 * theta[1] - Math.Log(SpecialFunctions.GammaUpperRegularized(2, 0.1));
        var pointwise = new double[frame.ObservationCount];
        for (int n = 0; n < frame.ObservationCount; n++)
        {
            double e = frame.Offset?[n] ?? 0;
            for (int j = 0; j < frame.Fixed.X.Columns; j++) e += frame.Fixed.X[n, j] * o[Index("b_" + frame.Fixed.CoefficientNames[j])];
            foreach (var term in frame.Groups)
                for (int c = 0; c < term.CoefficientCount; c++)
                    e += term.Z[n, c] * o[Index($"r_{term.Group}[{term.Levels[term.LevelOfObservation[n]]},{term.CoefficientNames[c]}]")];
            pointwise[n] = family.Point(frame.Response.Values[n], frame.Response.Trials?[n] ?? 1, e, theta, out _, new double[theta.Length]);
        }
        return (prior, effects, pointwise);
    }

    private static IReadOnlyList<TermSpec> RandomTerms(RandomStream rng) => rng.Next(4) switch
    {
        0 => [new TermSpec("g", 2 + rng.Next(5), 1)],
        1 => [new TermSpec("g", 2 + rng.Next(5), 2 + rng.Next(2))],
        2 => [new TermSpec("g", 2 + rng.Next(4), 2 + rng.Next(2), Correlated: false), new TermSpec("a", 3, 1)],
        _ => [new TermSpec("h", 2 + rng.Next(3), 3), new TermSpec("a", 2 + rng.Next(3), 2)],
    };

    [Fact]
    public void LogDensityEqualsCentredJointPlusLogJacobian()
    {
        TestFamily[] families = [new GaussianIdentity(), new PoissonLog(), new BinomialLogit(), new StudentIdentity()];
        NumericalCheck.ForSeeds(25, seed =>
        {
            var rng = new RandomStream((ulong)seed, 11);
            var family = families[rng.Next(families.Length)];
            double eta = 0.5 + 3 * rng.NextDouble();
            var terms = RandomTerms(rng);
            var frame = ModelBuilder.Random(rng, 8 + rng.Next(30), 1 + rng.Next(3), true, terms, family, offset: rng.Next(2) == 0);
            var priors = Priors(eta).Where(p => (p.Class != "cor" || frame.Groups.Any(g => g.Correlated))
                && (p.Class != "b" || frame.Fixed.X.Columns > 1)
                && (p.Class is not ("sigma" or "nu") || family.ParameterList.Any(f => f.Name == p.Class))).ToList();
            bool center = rng.Next(3) > 0;
            var model = GlmmModel.Create(frame, family, priors, new GlmmOptions { MinimumSegmentLength = 2, Center = center, CenterPredictors = rng.Next(3) > 0 });
            var x = ModelBuilder.RandomPosition(model, rng);
            var o = new double[model.OutputNames.Count];
            var rs = new RandomStream(1);
            model.WriteOutputs(x, o, rs);
            var (prior, effects, pointwise) = Direct(model, family, o, eta, center);
            double logJacobian = NumericalCheck.LogAbsDetJacobian((p, outputs) => model.WriteOutputs(p, outputs, rs), x);
            double expected = prior + effects + pointwise.Sum() + logJacobian;
            double actual = model.Evaluate(x, new double[model.Dimension]);
            Assert.Equal(expected, actual, 1e-6 * (1 + Math.Abs(expected)));

            var parts = model.EvaluateParts(x);
            Assert.Equal(prior, parts.LogPrior, 1e-9 * (1 + Math.Abs(prior)));
            Assert.Equal(pointwise.Sum(), parts.LogLikelihood, 1e-9 * (1 + Math.Abs(parts.LogLikelihood)));
            Assert.Equal(prior, model.LogPrior(o), 1e-9 * (1 + Math.Abs(prior)));
            // Evaluate − prior − likelihood is the Jacobian plus the group-level density.
            Assert.Equal(effects + logJacobian, actual - parts.LogPrior - parts.LogLikelihood, 1e-6 * (1 + Math.Abs(expected)));

            var ll = new double[model.ObservationCount];
            model.PointwiseLogLikelihood(o, ll);
            for (int n = 0; n < ll.Length; n++) Assert.Equal(pointwise[n], ll[n], 1e-10 * (1 + Math.Abs(ll[n])));

            var back = new double[model.Dimension];
            Assert.True(model.TryWritePosition(o, back));
            for (int i = 0; i < x.Length; i++) Assert.Equal(x[i], back[i], 1e-9 * (1 + Math.Abs(x[i])));
        });
    }

    [Fact]
    public void ReparameterisationsGiveTheSameDensity()
    {
        NumericalCheck.ForSeeds(20, seed =>
        {
            var rng = new RandomStream((ulong)seed, 12);
            var family = new GaussianIdentity();
            var frame = ModelBuilder.Random(rng, 40, 3, true, [new TermSpec("g", 4, 2), new TermSpec("a", 3, 1)], family, offset: true);
            // Shuffle observations so that sorting is not the identity.
            var perm = Enumerable.Range(0, frame.ObservationCount).OrderBy(_ => rng.Next()).ToArray();
            frame = Shuffle(frame, perm);
            var a = GlmmModel.Create(frame, family, [], new GlmmOptions { MinimumSegmentLength = 2 });
            var b = GlmmModel.Create(frame, family, [], new GlmmOptions { CenterPredictors = false, SortObservations = false });
            var x = ModelBuilder.RandomPosition(a, rng);
            var o = new double[a.OutputNames.Count];
            a.WriteOutputs(x, o, new RandomStream(1));
            var y = new double[b.Dimension];
            Assert.True(b.TryWritePosition(o, y));
            double va = a.Evaluate(x, new double[a.Dimension]), vb = b.Evaluate(y, new double[b.Dimension]);
            Assert.Equal(va, vb, 1e-9 * (1 + Math.Abs(va)));
            Assert.NotEqual(a.Structure.Order, Enumerable.Range(0, frame.ObservationCount).ToArray());
        });
    }

    internal static ModelFrame Shuffle(ModelFrame frame, int[] perm)
    {
        double[] P(double[] v) => perm.Select(i => v[i]).ToArray();
        return frame with
        {
            Response = frame.Response with { Values = P(frame.Response.Values), Trials = frame.Response.Trials is { } t ? P(t) : null },
            Fixed = frame.Fixed with { X = frame.Fixed.X.SelectRows(perm) },
            Offset = frame.Offset is { } o ? P(o) : null,
            Groups = frame.Groups.Select(g => g with { LevelOfObservation = perm.Select(i => g.LevelOfObservation[i]).ToArray(), Z = g.Z.SelectRows(perm) }).ToArray(),
            SourceRows = perm,
        };
    }

    [Fact]
    public void TinyModelMatchesAHandComputation()
    {
        // y = b0 + b1 x + sd z[g] + e, e ~ N(0, sigma); priors b ~ normal(0, 10), sd ~ exponential(1), sigma ~ exponential(2).
        double[] y = [1.5, -0.3, 2.2, 0.9];
        double[] xs = [0, 1, 2, 3];
        int[] g = [0, 0, 1, 1];
        var frame = new ModelFrame
        {
            ObservationCount = 4,
            Response = new ResponseData { Name = "y", Values = y },
            Fixed = new FixedEffectsDesign
            {
                X = new ColumnMajorMatrix(4, 2, [1, 1, 1, 1, .. xs]),
                CoefficientNames = ["Intercept", "x"],
                InterceptColumn = 0,
            },
            Groups = [new GroupTerm { Group = "g", Levels = ["a", "b"], LevelOfObservation = g, CoefficientNames = ["Intercept"], Z = new ColumnMajorMatrix(4, 1, [1, 1, 1, 1]) }],
            SourceRows = [0, 1, 2, 3],
        };
        // brms's center = FALSE: the class-b prior covers the uncentred intercept.
        var model = GlmmModel.Create(frame, new GaussianIdentity(),
            [PriorSpec.Parse("b ~ normal(0, 10)"), PriorSpec.Parse("sd ~ exponential(1)"), PriorSpec.Parse("sigma ~ exponential(2)")],
            new GlmmOptions { Center = false, CenterPredictors = false });
        // Layout: b0, b1, log sigma, log sd, z_a, z_b.
        double[] position = [0.7, 0.2, -0.4, 0.3, 0.8, -1.1];
        double b0 = 0.7, b1 = 0.2, sigma = Math.Exp(-0.4), sd = Math.Exp(0.3);
        double[] r = [sd * 0.8, sd * -1.1];
        double expected = 0;
        expected += -0.5 * Math.Pow(b0 / 10, 2) - Math.Log(10) - 0.5 * Math.Log(2 * Math.PI);
        expected += -0.5 * Math.Pow(b1 / 10, 2) - Math.Log(10) - 0.5 * Math.Log(2 * Math.PI);
        expected += Math.Log(2) - 2 * sigma + Math.Log(sigma);  // exponential(2) and the Jacobian of log sigma
        expected += -sd + 0.3;                                    // exponential(1) and the Jacobian of log sd
        expected += -0.5 * (0.8 * 0.8 + 1.1 * 1.1) - Math.Log(2 * Math.PI);
        for (int i = 0; i < 4; i++)
        {
            double mu = b0 + b1 * xs[i] + r[g[i]];
            expected += -0.5 * Math.Pow((y[i] - mu) / sigma, 2) - Math.Log(sigma) - 0.5 * Math.Log(2 * Math.PI);
        }
        Assert.Equal(expected, model.Evaluate(position, new double[6]), 1e-12);
        Assert.Equal(["b_Intercept", "b_x", "sd_g__Intercept", "sigma", "r_g[a,Intercept]", "r_g[b,Intercept]"], model.OutputNames);
    }

    [Fact]
    public void EvaluationDoesNotAllocate()
    {
        var rng = new RandomStream(5);
        var frame = ModelBuilder.Random(rng, 200, 3, true, [new TermSpec("g", 10, 3), new TermSpec("h", 40, 1)], new GaussianIdentity(), offset: true);
        var model = GlmmModel.Create(frame, new GaussianIdentity(), []);
        var density = model.Create();
        var x = ModelBuilder.RandomPosition(model, rng);
        var gradient = new double[density.Dimension];
        for (int i = 0; i < 5; i++) density.Evaluate(x, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) density.Evaluate(x, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
