// Vector<double> twins of the stable scalar log/exp compositions in Special.LogExp, built on Vector.Exp/Log.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BayesGlmm.Numerics.Kernels;

/// <summary>
/// Lane-wise versions of <see cref="Special.LogExp"/>: the same formulas, with branches turned into
/// selects, over <see cref="Vector{T}"/> (AVX2 or AVX-512 where the machine has it). Exp and log are the
/// runtime's vectorised <see cref="Vector.Exp(Vector{double})"/> and <see cref="Vector.Log(Vector{double})"/>, except in
/// <see cref="Exp(Vector{double})"/> and <see cref="Log1pExp(Vector{double}, out Vector{double})"/> (the Poisson and logistic
/// kernels), which inline <see cref="VectorExpLog"/>'s exp and log where <see cref="Vector{T}"/> has four lanes.
/// </summary>
public static class VectorMath
{
    private static readonly Vector<double> One = Vector<double>.One;
    private static readonly Vector<double> MinusLog2 = new(-0.6931471805599453);

    /// <summary>Whether <see cref="Vector{T}"/> is <see cref="Vector256{T}"/>, so that <see cref="VectorExpLog"/> serves it.</summary>
    private static bool FourLanes => Vector<double>.Count == Vector256<double>.Count && Vector256.IsHardwareAccelerated;

    /// <summary>exp, lane-wise (<see cref="VectorExpLog.Exp"/> where <see cref="Vector{T}"/> has four lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Exp(Vector<double> x) => FourLanes ? VectorExpLog.Exp(x.AsVector256()).AsVector() : Vector.Exp(x);

    /// <summary>exp over <see cref="Vector512{T}"/>: <see cref="VectorExpLog.Exp"/> on each half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x) => Vector256.IsHardwareAccelerated
        ? Vector512.Create(VectorExpLog.Exp(x.GetLower()), VectorExpLog.Exp(x.GetUpper()))
        : Vector512.Exp(x);

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
    /// log(1 + exp(x)) and the logistic function 1/(1 + exp(−x)) from one exponential, exp(−|x|), one logarithm and
    /// one division: the value and the derivative of the softplus in one pass.
    /// </summary>
    /// <remarks>
    /// With e = exp(−|x|) ∈ [0, 1], u = fl(1 + e) and r = 1/u (the logistic of |x|),
    /// log1p(e) = log u + log(1 + (1 + e − u)/u) = log u + (e − (u − 1)) r + O(((e − (u − 1))/u)²): u − 1 is exact
    /// (Sterbenz), so the correction recovers the rounding of 1 + e to first order, and the neglected term is below
    /// 2⁻¹⁰⁶. This shares r with the logistic instead of dividing a second time as <see cref="Log1p"/> does.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Log1pExp(Vector<double> x, out Vector<double> logistic)
    {
        if (FourLanes && Vector256.LessThanOrEqualAll(Vector256.Abs(x.AsVector256()), Vector256.Create(VectorExpLog.InlinedExpLimit)))
        {
            var value = Log1pExpInRange(x.AsVector256(), out var logistic4);
            logistic = logistic4.AsVector();
            return value.AsVector();
        }
        var e = Vector.Exp(-Vector.Abs(x));
        var u = One + e;
        var r = One / u;
        logistic = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<double>.Zero), r, e * r);
        // max(x, 0) written as a select so that NaN propagates as in Math.Max.
        var positive = Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<double>.Zero), x, Vector<double>.Zero);
        return positive + (Vector.Log(u) + (e - (u - One)) * r);
    }

    /// <summary><see cref="Log1pExp(Vector{double}, out Vector{double})"/> over <see cref="Vector512{T}"/>: the same formula, eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log1pExp(Vector512<double> x, out Vector512<double> logistic)
    {
        if (Vector256.IsHardwareAccelerated && Vector512.LessThanOrEqualAll(Vector512.Abs(x), Vector512.Create(VectorExpLog.InlinedExpLimit)))
        {
            var lower = Log1pExpInRange(x.GetLower(), out var lowerLogistic);
            var upper = Log1pExpInRange(x.GetUpper(), out var upperLogistic);
            logistic = Vector512.Create(lowerLogistic, upperLogistic);
            return Vector512.Create(lower, upper);
        }
        var one = Vector512<double>.One;
        var e = Vector512.Exp(-Vector512.Abs(x));
        var u = one + e;
        var r = one / u;
        logistic = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<double>.Zero), r, e * r);
        var positive = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<double>.Zero), x, Vector512<double>.Zero);
        return positive + (Vector512.Log(u) + (e - (u - one)) * r);
    }

    /// <summary>
    /// <see cref="Log1pExp(Vector{double}, out Vector{double})"/>'s formula over four lanes with |x| ≤
    /// <see cref="VectorExpLog.InlinedExpLimit"/>, exp and log inlined: e = exp(−|x|) lies in [e⁻⁷⁰⁸, 1], so u = 1 + e lies in
    /// [1, 2] (<see cref="VectorExpLog.LogOneToTwo"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Log1pExpInRange(Vector256<double> x, out Vector256<double> logistic)
    {
        var one = Vector256<double>.One;
        var e = VectorExpLog.ExpInRange(-Vector256.Abs(x));
        var u = one + e;
        var r = one / u;
        logistic = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<double>.Zero), r, e * r);
        var positive = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<double>.Zero), x, Vector256<double>.Zero);
        return positive + (VectorExpLog.LogOneToTwo(u) + (e - (u - one)) * r);
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

    /// <summary>
    /// log Γ(x) and ψ(x) for x &gt; 0, lane-wise twin of <see cref="Special.GammaFunctions.LogGammaDigamma"/>:
    /// lanes below 10 take the ten-step recurrence (selected, so every lane runs the same instructions).
    /// </summary>
    public static Vector<double> LogGammaDigamma(Vector<double> x, out Vector<double> digamma)
    {
        var ten = new Vector<double>(Special.GammaFunctions.AsymptoticFrom);
        var small = Vector.LessThan(x, ten);
        var product = One;
        var harmonic = Vector<double>.Zero;
        var t = x;
        for (int i = 0; i < 10; i++)
        {
            product *= t;
            harmonic += One / t;
            t += One;
        }
        var z = Vector.ConditionalSelect(small, x + ten, x);
        var logProduct = Vector.ConditionalSelect(small, Vector.Log(product), Vector<double>.Zero);
        harmonic = Vector.ConditionalSelect(small, harmonic, Vector<double>.Zero);
        var logZ = Vector.Log(z);
        var w = One / z;
        var w2 = w * w;
        var lgammaSeries = new Vector<double>(1.0 / 12) - w2 * (new Vector<double>(1.0 / 360) - w2 * (new Vector<double>(1.0 / 1260)
            - w2 * (new Vector<double>(1.0 / 1680) - w2 * (new Vector<double>(1.0 / 1188) - w2 * (new Vector<double>(691.0 / 360360) - w2 / new Vector<double>(156))))));
        var digammaSeries = w2 * (new Vector<double>(1.0 / 12) - w2 * (new Vector<double>(1.0 / 120) - w2 * (new Vector<double>(1.0 / 252)
            - w2 * (new Vector<double>(1.0 / 240) - w2 * (new Vector<double>(1.0 / 132) - w2 * (new Vector<double>(691.0 / 32760) - w2 / new Vector<double>(12)))))));
        var half = new Vector<double>(0.5);
        var psi = logZ - half * w - digammaSeries - harmonic;
        var lgamma = (z - half) * logZ - z + new Vector<double>(Special.GammaFunctions.HalfLogTwoPi) + w * lgammaSeries - logProduct;
        // Edge lanes as in the scalar form: x = +inf gives +inf for both, x = 0 gives (+inf, NaN), x < 0 or NaN gives NaN.
        var infinity = new Vector<double>(double.PositiveInfinity);
        var nan = new Vector<double>(double.NaN);
        var isInfinite = Vector.Equals(x, infinity);
        lgamma = Vector.ConditionalSelect(isInfinite, infinity, lgamma);
        psi = Vector.ConditionalSelect(isInfinite, infinity, psi);
        var positive = Vector.GreaterThan(x, Vector<double>.Zero);
        lgamma = Vector.ConditionalSelect(positive, lgamma, Vector.ConditionalSelect(Vector.Equals(x, Vector<double>.Zero), infinity, nan));
        digamma = Vector.ConditionalSelect(positive, psi, nan);
        return lgamma;
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
