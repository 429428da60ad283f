// Builds model frames by hand (random data or fixed designs) for the GLMM tests, without the formula parser.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.Model;

/// <summary>How to make one group-level term of a random frame.</summary>
/// <param name="Group">Group name.</param>
/// <param name="Levels">Number of levels.</param>
/// <param name="Coefficients">Number of coefficients (the first is an intercept).</param>
/// <param name="Correlated">`|` rather than `||`.</param>
/// <param name="NestedIn">Index of an earlier term this one is nested in (levels = parent level × sub-level), or -1 for crossed.</param>
/// <param name="Student">Student-t effects (gr(g, dist = "student")).</param>
internal sealed record TermSpec(string Group, int Levels, int Coefficients, bool Correlated = true, int NestedIn = -1, bool Student = false);

internal static class ModelBuilder
{
    /// <summary>A random frame: N observations, P fixed columns (intercept first when asked), the given terms.</summary>
    public static ModelFrame Random(RandomStream rng, int n, int fixedColumns, bool intercept, IReadOnlyList<TermSpec> terms,
        TestFamily family, bool offset = false)
    {
        var x = new ColumnMajorMatrix(n, fixedColumns);
        var names = new List<string>();
        for (int j = 0; j < fixedColumns; j++)
        {
            bool isIntercept = intercept && j == 0;
            names.Add(isIntercept ? "Intercept" : $"x{j}");
            double mean = rng.NextUniform(-2, 3);
            for (int i = 0; i < n; i++)
                x[i, j] = isIntercept ? 1.0 : (j % 3 == 2 ? (rng.NextDouble() < 0.4 ? 1 : 0) : mean + 0.5 * rng.NextStandardNormal());
        }
        var groups = new List<GroupTerm>();
        var levelArrays = new List<int[]>();
        foreach (var spec in terms)
        {
            var level = new int[n];
            string[] levelNames;
            if (spec.NestedIn >= 0)
            {
                var parent = levelArrays[spec.NestedIn];
                int parentLevels = terms[spec.NestedIn].Levels;
                for (int i = 0; i < n; i++) level[i] = parent[i] * spec.Levels + rng.Next(spec.Levels);
                levelNames = Enumerable.Range(0, parentLevels * spec.Levels).Select(l => $"{l / spec.Levels}_{l % spec.Levels}").ToArray();
            }
            else
            {
                for (int i = 0; i < n; i++) level[i] = i < spec.Levels ? i : rng.Next(spec.Levels);
                levelNames = Enumerable.Range(0, spec.Levels).Select(l => $"L{l + 1}").ToArray();
            }
            levelArrays.Add(level);
            var z = new ColumnMajorMatrix(n, spec.Coefficients);
            var coefs = new List<string>();
            for (int k = 0; k < spec.Coefficients; k++)
            {
                coefs.Add(k == 0 ? "Intercept" : $"w{k}");
                for (int i = 0; i < n; i++) z[i, k] = k == 0 ? 1.0 : rng.NextNormal(0.3, 1.0);
            }
            groups.Add(new GroupTerm
            {
                Group = spec.Group,
                Levels = levelNames,
                LevelOfObservation = level,
                CoefficientNames = coefs,
                Z = z,
                Correlated = spec.Correlated && spec.Coefficients > 1,
                Distribution = spec.Student ? RandomEffectDistribution.Student : RandomEffectDistribution.Normal,
                Text = $"(... | {spec.Group})",
            });
        }
        double[]? off = offset ? Enumerable.Range(0, n).Select(_ => rng.NextUniform(-0.5, 0.5)).ToArray() : null;
        double[]? trials = family is BinomialLogit ? Enumerable.Range(0, n).Select(_ => (double)(1 + rng.Next(12))).ToArray() : null;
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double eta = rng.NextNormal(0.2, 0.8);
            y[i] = family switch
            {
                PoissonLog => rng.NextPoisson(Math.Exp(eta)),
                BinomialLogit => rng.NextBinomial(1 / (1 + Math.Exp(-eta)), (int)trials![i]),
                _ => 3 + 2 * eta,
            };
        }
        return new ModelFrame
        {
            ObservationCount = n,
            Response = new ResponseData { Name = "y", Values = y, Trials = trials },
            Fixed = new FixedEffectsDesign { X = x, CoefficientNames = names, InterceptColumn = intercept ? 0 : -1 },
            Offset = off,
            Groups = groups,
            SourceRows = Enumerable.Range(0, n).ToArray(),
        };
    }

    /// <summary>A random unconstrained position: z standard normal, everything else uniform in (−range, range).</summary>
    public static double[] RandomPosition(GlmmModel model, RandomStream rng, double range = 1.0)
    {
        var s = model.Structure;
        var position = new double[model.Dimension];
        for (int i = 0; i < position.Length; i++) position[i] = rng.NextUniform(-range, range);
        foreach (var block in s.Blocks)
            for (int i = 0; i < block.LatentCount; i++)
                position[block.Layout.LatentOffset + i] = rng.NextStandardNormal();
        return position;
    }
}
