// exp and log over Vector256<double> written out (range reduction and a polynomial), so that a kernel's loop inlines them.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BayesGlmm.Numerics.Kernels;

/// <summary>
/// exp(x) and log(u) for u in [1, 2] over four lanes, inlined into the caller: the runtime's <see cref="Vector256.Exp(Vector256{double})"/>
/// and <see cref="Vector256.Log(Vector256{double})"/> are calls, and in the family kernels (Poisson's exp, the logistic's exp and
/// log) the call, its spills and the generic edge handling cost more than the arithmetic.
/// </summary>
/// <remarks>
/// <para><b>exp</b> (Cody and Waite's reduction; J.-M. Muller, <i>Elementary Functions</i>, 3rd ed., 2016, §11.1 and §11.3):
/// x = n ln 2 + r with n = round(x / ln 2), r = (x − n ln2_hi) − n ln2_lo (fused, ln 2 split as in fdlibm's e_exp.c, so r
/// carries no error from the split), |r| ≤ ln 2 / 2; exp(r) by its Taylor polynomial of degree 13 (the truncation error
/// r¹⁴/14! ≤ 4·10⁻¹⁸ relative at |r| = ln 2 / 2, below the rounding of the last step), as 1 + (r + r² P(r)) with P by
/// Estrin's scheme (Muller, §5.3: a shallow tree of multiply-adds instead of a chain); 2ⁿ built in the
/// exponent field from the bits of n + 1.5·2⁵², the float that rounded x / ln 2 to an integer. Only for |x| ≤ 708, where 2ⁿ
/// and the result are normal numbers: a vector with any other lane (overflow, subnormal results, ±∞, NaN) goes to the
/// runtime's exp, a branch that data in the usual ranges never take.</para>
/// <para><b>log</b> on [1, 2] (fdlibm's e_log.c, Sun Microsystems 1993, whose coefficients Lg1–Lg7 are used here): u = 2ᵏ m
/// with m in [√2/2, √2] (k = 1 above √2, m = u/2 exactly), f = m − 1 exactly, s = f / (2 + f), log m = f − (f²/2 − s (f²/2 + R(s²)))
/// with R a minimax polynomial of degree 7 in s² (error below 2⁻⁵⁸·⁴⁵ by fdlibm's bound), plus k ln 2 in two parts.</para>
/// Both agree with <see cref="Math.Exp"/> and <see cref="Math.Log(double)"/> to about one unit in the last place (tests:
/// <c>VectorExpLogTests</c>); they are not bit-identical to them.
/// </remarks>
public static class VectorExpLog
{
    /// <summary>The largest |x| that <see cref="Exp"/> takes the inlined path for (2ⁿ stays a normal number).</summary>
    public const double InlinedExpLimit = 708.0;

    private const double Log2E = 1.4426950408889634;
    // ln 2 in two parts (fdlibm e_exp.c): Ln2Hi has its low 32 bits zero.
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double RoundingShift = 6755399441055744.0; // 1.5 · 2⁵²: x + this rounds x to an integer in the low bits
    private const double Sqrt2 = 1.4142135623730951;

    // 1/k!, k = 2 .. 13 (Taylor coefficients of exp).
    private const double C2 = 1.0 / 2, C3 = 1.0 / 6, C4 = 1.0 / 24, C5 = 1.0 / 120, C6 = 1.0 / 720, C7 = 1.0 / 5040, C8 = 1.0 / 40320;
    private const double C9 = 1.0 / 362880, C10 = 1.0 / 3628800, C11 = 1.0 / 39916800, C12 = 1.0 / 479001600, C13 = 1.0 / 6227020800;

    // fdlibm e_log.c: log(1 + f) = f − f²/2 + s (f²/2 + R), R = Lg1 s² + ... + Lg7 s¹⁴.
    private const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01;
    private const double Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01;
    private const double Lg7 = 1.479819860511658591e-01;

    /// <summary>exp(x), lane-wise (inlined for |x| ≤ <see cref="InlinedExpLimit"/>, the runtime's exp otherwise).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        // NaN fails the comparison too, so it goes to the runtime's exp with ±∞ and the far ranges.
        if (!Vector256.LessThanOrEqualAll(Vector256.Abs(x), Vector256.Create(InlinedExpLimit))) return Vector256.Exp(x);
        return ExpInRange(x);
    }

    /// <summary>exp(x) for lanes with |x| ≤ <see cref="InlinedExpLimit"/> (no check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ExpInRange(Vector256<double> x)
    {
        var shift = Vector256.Create(RoundingShift);
        var t = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), shift);
        var n = t - shift;
        var r = Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2Lo), r);
        // exp(r) = 1 + (r + r² P(r)), P(r) = Σ_{k=2}^{13} r^(k−2)/k! by Estrin's scheme (pairs, then powers r², r⁴, r⁸):
        // four multiply-adds deep instead of Horner's twelve, so that consecutive vectors overlap in the pipeline.
        var r2 = r * r;
        var r4 = r2 * r2;
        var r8 = r4 * r4;
        var q0 = Vector256.FusedMultiplyAdd(Vector256.Create(C3), r, Vector256.Create(C2));
        var q1 = Vector256.FusedMultiplyAdd(Vector256.Create(C5), r, Vector256.Create(C4));
        var q2 = Vector256.FusedMultiplyAdd(Vector256.Create(C7), r, Vector256.Create(C6));
        var q3 = Vector256.FusedMultiplyAdd(Vector256.Create(C9), r, Vector256.Create(C8));
        var q4 = Vector256.FusedMultiplyAdd(Vector256.Create(C11), r, Vector256.Create(C10));
        var q5 = Vector256.FusedMultiplyAdd(Vector256.Create(C13), r, Vector256.Create(C12));
        var s0 = Vector256.FusedMultiplyAdd(q1, r2, q0);
        var s1 = Vector256.FusedMultiplyAdd(q3, r2, q2);
        var s2 = Vector256.FusedMultiplyAdd(q5, r2, q4);
        var polynomial = Vector256.FusedMultiplyAdd(s2, r8, Vector256.FusedMultiplyAdd(s1, r4, s0));
        var p = Vector256.FusedMultiplyAdd(r2, polynomial, r) + Vector256<double>.One;
        // t's bits are those of 1.5 · 2⁵² + n: adding the exponent bias and shifting the low bits into the exponent field
        // gives 2ⁿ (the high bits of t shift out).
        var scale = Vector256.ShiftLeft(t.AsInt64() + Vector256.Create(1023L), 52).AsDouble();
        return p * scale;
    }

    /// <summary>log(u) for lanes with u in [1, 2] (no check; NaN gives NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LogOneToTwo(Vector256<double> u)
    {
        var one = Vector256<double>.One;
        var above = Vector256.GreaterThan(u, Vector256.Create(Sqrt2));
        var m = Vector256.ConditionalSelect(above, u * Vector256.Create(0.5), u);
        var k = above & one; // 1 where u was halved, else 0
        var f = m - one;
        var s = f / (Vector256.Create(2.0) + f);
        var z = s * s;
        var w = z * z;
        var t1 = w * Vector256.FusedMultiplyAdd(w, Vector256.FusedMultiplyAdd(w, Vector256.Create(Lg6), Vector256.Create(Lg4)), Vector256.Create(Lg2));
        var t2 = z * Vector256.FusedMultiplyAdd(w, Vector256.FusedMultiplyAdd(w, Vector256.FusedMultiplyAdd(w, Vector256.Create(Lg7), Vector256.Create(Lg5)),
            Vector256.Create(Lg3)), Vector256.Create(Lg1));
        var rr = t1 + t2;
        var hfsq = Vector256.Create(0.5) * f * f;
        // fdlibm: k ln2_hi − ((hfsq − (s (hfsq + R) + k ln2_lo)) − f).
        return k * Vector256.Create(Ln2Hi) - ((hfsq - (s * (hfsq + rr) + k * Vector256.Create(Ln2Lo))) - f);
    }
}
