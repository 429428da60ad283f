// FsCheck generators of chains with finite and non-finite draws, and a fixed-seed configuration.
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace BayesGlmm.Diagnostics.Tests;

internal static class DrawGenerators
{
    /// <summary>Checks with a fixed seed, 200 cases, throwing on failure.</summary>
    public static Config Seeded(ulong seed) =>
        Config.QuickThrowOnFailure
            .WithMaxTest(200)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));

    /// <summary>Finite values of varied magnitude, some repeated (ties).</summary>
    public static Gen<double> Finite { get; } = Gen.Frequency(
        (6, Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1000.0)),
        (2, Gen.Elements(0.0, 1.0, -1.0, 2.5)),
        (1, Gen.Elements(1e-300, -1e300, 1e300, double.Epsilon, 5e-324)));

    /// <summary>Finite values mixed with NaN and ±∞.</summary>
    public static Gen<double> Any { get; } = Gen.Frequency(
        (20, Finite),
        (1, Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity)));

    /// <summary>1 to 5 chains of a common length 0 to 40 drawn from <paramref name="values"/>.</summary>
    public static Gen<double[][]> Chains(Gen<double> values) =>
        from m in Gen.Choose(1, 5)
        from n in Gen.Choose(0, 40)
        from chains in values.ArrayOf(n).ArrayOf(m)
        select chains;
}
