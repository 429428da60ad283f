// The functions a formula may call, and where each may appear.
namespace BayesGlmm.Modeling.Formulas;

/// <summary>The transforms allowed inside terms (<c>log</c>, <c>exp</c>, <c>sqrt</c>, <c>I</c>, ...) and their definitions.</summary>
public static class FormulaFunctions
{
    /// <summary>The one-argument transforms, by name.</summary>
    public static IReadOnlyDictionary<string, Func<double, double>> Transforms { get; } = new Dictionary<string, Func<double, double>>(StringComparer.Ordinal)
    {
        ["I"] = x => x,
        ["log"] = Math.Log,
        ["log2"] = Math.Log2,
        ["log10"] = Math.Log10,
        ["log1p"] = x => x > -1e-5 && x < 1e-5 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x),
        ["exp"] = Math.Exp,
        ["expm1"] = x => Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1,
        ["sqrt"] = Math.Sqrt,
        ["abs"] = Math.Abs,
    };

    /// <summary>The list of transforms for messages.</summary>
    public static string TransformList => string.Join(", ", Transforms.Keys.Select(k => k + "()"));

    /// <summary>The distributions <c>gr(g, dist = ...)</c> accepts.</summary>
    public static IReadOnlyDictionary<string, Frames.RandomEffectDistribution> Distributions { get; } =
        new Dictionary<string, Frames.RandomEffectDistribution>(StringComparer.Ordinal)
        {
            ["gaussian"] = Frames.RandomEffectDistribution.Normal,
            ["normal"] = Frames.RandomEffectDistribution.Normal,
            ["student"] = Frames.RandomEffectDistribution.Student,
            ["gamma"] = Frames.RandomEffectDistribution.Gamma,
            ["beta"] = Frames.RandomEffectDistribution.Beta,
            ["inverse_gamma"] = Frames.RandomEffectDistribution.InverseGamma,
        };
}
