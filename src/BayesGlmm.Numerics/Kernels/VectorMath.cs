// Vector<double> twins of the stable scalar log/exp compositions in Special.LogExp, built on Vector.Exp/Log.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace BayesGlmm.Numerics.Kernels;

/// <summary>
/// Lane-wise versions of <see cref="Special.LogExp"/>: the same formulas, with branches turned into
/// selects, over <see cref="Vector{T}"/> (AVX2 or AVX-512 where the machine has it). Exp and log are the
/// runtime's vectorised <see cref="Vector.Exp(Vector{double})"/> and <see cref="Vector.Log(Vector{double})"/>.
/// </summary>
public static class VectorMath
{
    private static readonly Vector<double> One = Vector<double>.One;
    private static readonly Vector<double> MinusLog2 = new(-0.6931471805599453);

    /// <summary>exp, lane-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Exp(Vector<double> x) => Vector.Exp(x);

    /// <summary>log, lane-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Log(Vector<double> x) => Vector.Log(x);

    /// <summary>log(1 + x) (Goldberg's trick, as <see cref="Special.LogExp.Log1p"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Log1p(Vector<double> x)
    {
        var u = One + x;
        var d = u - One;
        var r = Vector.Log(u) * (x / d);
        r = Vector.ConditionalSelect(Vector.Equals(u, new Vector<double>(double.PositiveInfinity)), u, r);
        return Vector.ConditionalSelect(Vector.Equals(d, Vector<double>.Zero), x, r);
    }

    /// <summary>exp(x) − 1 (Kahan's trick, as <see cref="Special.LogExp.Expm1"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Expm1(Vector<double> x)
    {
        var u = Vector.Exp(x);
        var um1 = u - One;
        var r = um1 * x / Vector.Log(u);
        r = Vector.ConditionalSelect(Vector.Equals(u, new Vector<double>(double.PositiveInfinity)), u, r);
        r = Vector.ConditionalSelect(Vector.Equals(um1, -One), -One, r);
        return Vector.ConditionalSelect(Vector.Equals(u, One), x, r);
    }

    /// <summary>log(1 + exp(x)) = max(x, 0) + log1p(exp(−|x|)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Log1pExp(Vector<double> x) => Log1pExp(x, out _);

    /// <summary>
    /// log(1 + exp(x)) and the logistic function 1/(1 + exp(−x)) from one exponential, exp(−|x|):
    /// the value and the derivative of the softplus in one pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Log1pExp(Vector<double> x, out Vector<double> logistic)
    {
        var e = Vector.Exp(-Vector.Abs(x));
        var r = One / (One + e);
        logistic = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<double>.Zero), r, e * r);
        // max(x, 0) written as a select so that NaN propagates as in Math.Max.
        var positive = Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<double>.Zero), x, Vector<double>.Zero);
        return positive + Log1p(e);
    }

    /// <summary>The logistic function 1/(1 + exp(−x)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Logistic(Vector<double> x)
    {
        var e = Vector.Exp(-Vector.Abs(x));
        var r = One / (One + e);
        var result = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<double>.Zero), r, e * r);
        // NaN compares false, so the select above took e * r = NaN already; nothing else to do.
        return result;
    }

    /// <summary>log(1 − exp(a)) for a ≤ 0 (Mächler 2012, eq. 7; NaN for a &gt; 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Log1mExp(Vector<double> a)
    {
        var near = Vector.Log(-Expm1(a));
        var far = Log1p(-Vector.Exp(a));
        var r = Vector.ConditionalSelect(Vector.GreaterThan(a, MinusLog2), near, far);
        return Vector.ConditionalSelect(Vector.GreaterThan(a, Vector<double>.Zero), new Vector<double>(double.NaN), r);
    }

    /// <summary>Applies <typeparamref name="TOperator"/> to every element: vector body, scalar tail.</summary>
    public static void Map<TOperator>(ReadOnlySpan<double> x, Span<double> destination)
        where TOperator : struct, IUnaryKernel
    {
        if (destination.Length < x.Length) throw new ArgumentException("Destination is too short.", nameof(destination));
        int n = x.Length, width = Vector<double>.Count, i = 0;
        for (; i <= n - width; i += width)
        {
            TOperator.Invoke(new Vector<double>(x[i..])).CopyTo(destination[i..]);
        }
        for (; i < n; i++) destination[i] = TOperator.Invoke(x[i]);
    }

    /// <summary>Applies <typeparamref name="TOperator"/>'s scalar form to every element (the reference twin of <see cref="Map{TOperator}"/>).</summary>
    public static void MapScalar<TOperator>(ReadOnlySpan<double> x, Span<double> destination)
        where TOperator : struct, IUnaryKernel
    {
        if (destination.Length < x.Length) throw new ArgumentException("Destination is too short.", nameof(destination));
        for (int i = 0; i < x.Length; i++) destination[i] = TOperator.Invoke(x[i]);
    }
}
