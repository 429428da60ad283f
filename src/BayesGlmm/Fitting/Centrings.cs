// The names of the parameterisations of nested random intercepts as model files, fit.json and the command line spell them.
using BayesGlmm.Modeling;

namespace BayesGlmm.Fitting;

/// <summary>auto, none, nested, intercept and partial (<see cref="HierarchicalCentring"/>) as written in model files, fit.json and <c>--centring</c>.</summary>
public static class Centrings
{
    /// <summary>The written name of <paramref name="centring"/>.</summary>
    public static string Name(HierarchicalCentring centring) => centring switch
    {
        HierarchicalCentring.Auto => "auto",
        HierarchicalCentring.Nested => "nested",
        HierarchicalCentring.OnIntercept => "intercept",
        HierarchicalCentring.Partial => "partial",
        _ => "none",
    };

    /// <summary>The parameterisation named <paramref name="name"/>; an <see cref="InputException"/> naming <paramref name="where"/> otherwise.</summary>
    public static HierarchicalCentring Parse(string name, string where) => name switch
    {
        "auto" => HierarchicalCentring.Auto,
        "none" => HierarchicalCentring.None,
        "nested" => HierarchicalCentring.Nested,
        "intercept" => HierarchicalCentring.OnIntercept,
        "partial" => HierarchicalCentring.Partial,
        _ => throw new InputException($"{where} is '{name}'; write \"auto\" (the default), \"none\" (every group-level term non-centred), \"nested\" (a nested random intercept as totals around its parent's effect), \"intercept\" (and the outer term as level means around the intercept) or \"partial\" (a chain of nested intercepts partially non-centred level by level)."),
    };
}
