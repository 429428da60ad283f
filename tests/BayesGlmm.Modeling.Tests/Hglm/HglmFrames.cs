// Random model frames for the conjugate HGLM tests: a design, one conjugate random intercept and a response simulated from the pair.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Hglm;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Hglm;

internal static class HglmFrames
{
    public static readonly ConjugatePair[] Pairs = [ConjugatePair.PoissonGamma, ConjugatePair.GammaInverseGamma, ConjugatePair.BinomialBeta];

    public static IFamily Family(ConjugatePair pair, bool bernoulli = false) => pair switch
    {
        ConjugatePair.PoissonGamma => FamilySpec.Parse("poisson"),
        ConjugatePair.GammaInverseGamma => FamilySpec.Parse("gamma(log)"),
        ConjugatePair.GammaInverseGammaReciprocal => FamilySpec.Parse("gamma"),
        _ => FamilySpec.Parse(bernoulli ? "bernoulli" : "binomial"),
    };

    public static RandomEffectDistribution Distribution(ConjugatePair pair) => pair switch
    {
        ConjugatePair.PoissonGamma => RandomEffectDistribution.Gamma,
        ConjugatePair.GammaInverseGamma or ConjugatePair.GammaInverseGammaReciprocal => RandomEffectDistribution.InverseGamma,
        _ => RandomEffectDistribution.Beta,
    };

    /// <summary>
    /// N observations in <paramref name="levels"/> clusters (each level used at least once), P fixed columns (intercept
    /// first when asked), an optional offset, the response drawn at coefficients <paramref name="b"/> (or random ones),
    /// λ = <paramref name="lambda"/> and shape 3 (gamma family). With the reciprocal link the columns, random
    /// coefficients and offset are positive, so that every predictor 1/μ is.
    /// </summary>
    public static ModelFrame Random(RandomStream rng, ConjugatePair pair, int n, int levels, int fixedColumns, bool intercept, bool offset,
        double lambda = 0.5, double[]? b = null, bool bernoulli = false, int maxTrials = 8)
    {
        bool reciprocal = pair == ConjugatePair.GammaInverseGammaReciprocal;
        var x = new ColumnMajorMatrix(n, fixedColumns);
        var names = new List<string>();
        for (int j = 0; j < fixedColumns; j++)
        {
            bool isIntercept = intercept && j == 0;
            names.Add(isIntercept ? "Intercept" : $"x{j}");
            double mean = rng.NextUniform(-1, 2);
            for (int i = 0; i < n; i++) x[i, j] = isIntercept ? 1.0 : mean + 0.5 * rng.NextStandardNormal();
            if (reciprocal && !isIntercept) for (int i = 0; i < n; i++) x[i, j] = Math.Abs(x[i, j]);
        }
        b ??= Enumerable.Range(0, fixedColumns).Select(_ => reciprocal ? rng.NextUniform(0.1, 0.6) : rng.NextUniform(-0.5, 0.5)).ToArray();
        var level = new int[n];
        for (int i = 0; i < n; i++) level[i] = i < levels ? i : rng.Next(levels);
        var law = new ConjugateEffectLaw(pair, Math.Log(lambda));
        var v = Enumerable.Range(0, levels).Select(_ => ConjugateEffectLaw.ToLinkScale(pair, law.Draw(rng))).ToArray();
        double[]? off = offset ? Enumerable.Range(0, n).Select(_ => reciprocal ? rng.NextUniform(0, 0.5) : rng.NextUniform(-0.5, 0.5)).ToArray() : null;
        double[]? trials = pair == ConjugatePair.BinomialBeta && !bernoulli ? Enumerable.Range(0, n).Select(_ => (double)(1 + rng.Next(maxTrials))).ToArray() : null;
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double eta = (off?[i] ?? 0) + v[level[i]];
            for (int j = 0; j < fixedColumns; j++) eta += x[i, j] * b[j];
            y[i] = pair switch
            {
                ConjugatePair.PoissonGamma => rng.NextPoisson(Math.Exp(eta)),
                ConjugatePair.GammaInverseGamma => rng.NextGamma(3.0) / 3.0 * Math.Exp(eta),
                ConjugatePair.GammaInverseGammaReciprocal => rng.NextGamma(3.0) / 3.0 / eta,
                _ => rng.NextBinomial(1 / (1 + Math.Exp(-eta)), (int)(trials?[i] ?? 1)),
            };
        }
        var z = new ColumnMajorMatrix(n, 1, Enumerable.Repeat(1.0, n).ToArray());
        string dist = ConjugatePairs.DistributionName(pair);
        return new ModelFrame
        {
            ObservationCount = n,
            Response = new ResponseData { Name = "y", Values = y, Trials = trials },
            Fixed = new FixedEffectsDesign { X = x, CoefficientNames = names, InterceptColumn = intercept && fixedColumns > 0 ? 0 : -1 },
            Offset = off,
            Groups =
            [
                new GroupTerm
                {
                    Group = "g",
                    Levels = Enumerable.Range(1, levels).Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                    LevelOfObservation = level,
                    CoefficientNames = ["Intercept"],
                    Z = z,
                    Distribution = Distribution(pair),
                    Text = $"(1 | gr(g, dist = \"{dist}\"))",
                },
            ],
            SourceRows = Enumerable.Range(0, n).ToArray(),
        };
    }

    /// <summary>A random position: b, log θ and ρ uniform in (−range, range) (ρ shifted by <paramref name="rhoShift"/>), z standard normal.</summary>
    public static double[] RandomPosition(GlmmModel model, RandomStream rng, double range = 1.0, double rhoShift = 0.0)
    {
        var block = model.Conjugate();
        var x = new double[model.Dimension];
        int latent = block.Layout.LatentOffset;
        for (int i = 0; i < latent; i++) x[i] = rng.NextUniform(-range, range);
        x[block.RhoOffset] += rhoShift;
        for (int i = latent; i < x.Length; i++) x[i] = rng.NextStandardNormal();
        return x;
    }

    /// <summary>The model's conjugate random intercept.</summary>
    public static ConjugateEffects Conjugate(this GlmmModel model) => model.Structure.Blocks.OfType<ConjugateEffects>().Single();

    /// <summary>ℓ_i per level at one draw of the outputs (the model's cluster likelihood; throws where it has none).</summary>
    public static void ClusterLogLikelihood(this GlmmModel model, ReadOnlySpan<double> outputs, Span<double> logLikelihood) =>
        (model.ClusterLikelihood ?? throw new InvalidOperationException("no closed-form cluster likelihood")).Compute(outputs, logLikelihood);
}
