// The names of the routes of normal group-level effects as model files, fit.json and the command line spell them.
using BayesGlmm.Modeling;

namespace BayesGlmm.Fitting;

/// <summary>joint, integrated and quadrature (<see cref="EffectsRoute"/>) as written in model files, fit.json and <c>--effects</c>.</summary>
public static class EffectsRoutes
{
    /// <summary>The written name of <paramref name="route"/>.</summary>
    public static string Name(EffectsRoute route) => route switch
    {
        EffectsRoute.Integrated => "integrated",
        EffectsRoute.Quadrature => "quadrature",
        EffectsRoute.Auto => "auto",
        _ => "joint",
    };

    /// <summary>The route named <paramref name="name"/>; an <see cref="InputException"/> naming <paramref name="where"/> otherwise.</summary>
    public static EffectsRoute Parse(string name, string where) => name switch
    {
        "auto" => EffectsRoute.Auto,
        "joint" => EffectsRoute.Joint,
        "integrated" => EffectsRoute.Integrated,
        "quadrature" => EffectsRoute.Quadrature,
        _ => throw new InputException($"{where} is '{name}'; write \"auto\" (integrated where exact, else joint), \"joint\" (sample normal group-level effects), \"integrated\" (integrate them out exactly, gaussian identity models) or \"quadrature\" (adaptive Gauss-Hermite, one random intercept)."),
    };
}
