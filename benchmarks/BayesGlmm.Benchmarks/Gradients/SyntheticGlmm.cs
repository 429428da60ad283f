// Synthetic GLMMs for the gradient benchmarks: N observations, 10 fixed effects, 1 or 3 intercept-only group terms, any family.
using BayesGlmm.Benchmarks.Kernels;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Benchmarks.Gradients;

/// <summary>
/// A <see cref="GlmmModel"/> over synthetic data and a position inside the family's valid range.
/// X: an intercept and 9 continuous columns (N(0.5, 1)). Group terms, intercept-only: g1 with N/20 levels
/// (the model sorts the observations by it, so its effects are contiguous segments), and with three terms
/// also g2 (100 levels) and g3 (1,000 levels), crossed with g1 (gathered and scattered by level index).
/// The response comes from <see cref="KernelData"/> (valid for each family); the position has the intercept in
/// the middle of the family's linear-predictor range, small slopes (±0.02), sd 0.05 and standard normal z.
/// </summary>
internal sealed record SyntheticGlmm(GlmmModel Model, double[] Position)
{
    /// <summary>Fixed-effect columns, the intercept included.</summary>
    public const int FixedEffects = 10;

    /// <summary>Levels of the crossed terms g2 and g3.</summary>
    public static readonly int[] CrossedLevels = [100, 1_000];

    /// <summary>
    /// Builds the model for <paramref name="family"/> (a kernel-benchmark family name, e.g. "bernoulli(probit)", "gaussian+se"),
    /// with the model's default options unless <paramref name="options"/> are given.
    /// </summary>
    public static SyntheticGlmm Create(string family, int n, int terms, ulong seed = 2026, GlmmOptions? options = null)
    {
        if (terms is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(terms), "1 or 3 group terms");
        var rng = new RandomStream(seed, 7);
        var (response, etaLow, etaHigh, theta) = KernelData.Create(family, n, rng);
        var x = new ColumnMajorMatrix(n, FixedEffects);
        var names = new List<string> { "Intercept" };
        for (int i = 0; i < n; i++) x[i, 0] = 1.0;
        for (int j = 1; j < FixedEffects; j++)
        {
            names.Add($"x{j}");
            for (int i = 0; i < n; i++) x[i, j] = rng.NextNormal(0.5, 1.0);
        }
        var groups = new List<GroupTerm> { Term("g1", Math.Max(2, n / 20), n, rng) };
        if (terms == 3)
        {
            groups.Add(Term("g2", CrossedLevels[0], n, rng));
            groups.Add(Term("g3", CrossedLevels[1], n, rng));
        }
        var frame = new ModelFrame
        {
            ObservationCount = n,
            Response = response,
            Fixed = new FixedEffectsDesign { X = x, CoefficientNames = names, InterceptColumn = 0 },
            Groups = groups,
            SourceRows = Enumerable.Range(0, n).ToArray(),
        };
        var model = GlmmModel.Create(frame, FamilySpec.Parse(family.Replace("+se", "")), [], options);
        return new SyntheticGlmm(model, StartingPosition(model, 0.5 * (etaLow + etaHigh), theta, rng));
    }

    private static GroupTerm Term(string name, int levels, int n, RandomStream rng)
    {
        var level = new int[n];
        for (int i = 0; i < n; i++) level[i] = i < levels ? i : rng.Next(levels);
        var z = new ColumnMajorMatrix(n, 1);
        Array.Fill(z.Values, 1.0);
        return new GroupTerm
        {
            Group = name,
            Levels = Enumerable.Range(1, levels).Select(l => $"L{l}").ToArray(),
            LevelOfObservation = level,
            CoefficientNames = ["Intercept"],
            Z = z,
            Text = $"(1 | {name})",
        };
    }

    private static double[] StartingPosition(GlmmModel model, double intercept, double[] theta, RandomStream rng)
    {
        var s = model.Structure;
        var position = new double[model.Dimension];
        for (int j = 0; j < s.FixedCount; j++) position[j] = j == s.InterceptColumn ? intercept : rng.NextUniform(-0.02, 0.02);
        for (int i = 0; i < s.FamilyParameters.Count; i++)
            position[s.FamilyOffset + i] = Math.Log(theta[i] - s.FamilyParameters[i].LowerBound);
        foreach (var block in s.Blocks.OfType<NormalEffects>())
        {
            position[block.LogSdOffset] = Math.Log(0.05);
            for (int l = 0; l < block.LevelCount; l++) position[block.ZOffset + l] = rng.NextStandardNormal();
        }
        var gradient = new double[model.Dimension];
        double value = model.Create().Evaluate(position, gradient);
        if (!double.IsFinite(value))
            throw new InvalidOperationException($"The synthetic {model.Family.Name}({model.Family.LinkName}) model has no finite log density at its benchmark position.");
        return position;
    }
}
