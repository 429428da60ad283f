// X b and Xᵀ g over a block of rows of a column-major design, up to eight columns per sweep held in registers.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace BayesGlmm.Numerics.Kernels;

/// <summary>
/// The two products a GLMM gradient takes with its fixed-effects design X (column-major, <c>rows</c> rows, element
/// (r, c) at <c>values[c · rows + r]</c>) on one block of consecutive rows: η += X b and ∂b += Xᵀ g.
/// </summary>
/// <remarks>
/// Column at a time, X b reads and writes the block's η once per column and Xᵀ g reads g once per column: with p
/// columns, 3p and 2p memory operations per row, the vector units busy with η rather than with X. Here the columns
/// are taken eight (then four, then one) at a time per sweep down the rows, a single column left over riding along in
/// the last block's sweep instead of a sweep of its own: for each vector of rows η is loaded and
/// stored once while eight columns' elements are multiplied into it, and g is loaded once while eight running sums,
/// one per column, stay in registers (register blocking, as in the level-2 BLAS kernels of Goto &amp; van de Geijn
/// 2008, §5); so X b costs p + 2·⌈p/8⌉ and Xᵀ g costs p + ⌈p/8⌉ memory operations per vector of rows. The block is
/// meant to be short (a chunk of a few hundred rows whose η and g stay in the first-level cache), and the sums of
/// Xᵀ g are added to <c>gradient</c>, so that a caller accumulates the chunks. Products are multiply-adds that the
/// hardware may fuse (<c>Vector.MultiplyAddEstimate</c>), and the sums
/// are taken in vector lanes, so results agree with a scalar loop to rounding, not bit for bit.
/// <para>X b is where X first comes in from memory (Xᵀ g finds the block in the second-level cache). Each column of a
/// 512-row block is one 4 KiB stretch, and the hardware stream prefetchers stop at page boundaries and track a limited
/// number of streams, so with eight or more columns the sweep would stall on every page of every column. It therefore
/// asks for each column's line <see cref="PrefetchDistance"/> elements ahead, once per cache line (software prefetching
/// keeps the bytes in flight that the latency–bandwidth product needs, Little's law as used by the roofline model of
/// Williams, Waterman &amp; Patterson 2009, §3; Mowry, Lam &amp; Gupta 1992 for the scheduling of prefetches in loops).
/// Prefetches never change a result.</para>
/// </remarks>
public static class RowBlockedProduct
{
    /// <summary>
    /// How many elements ahead X b prefetches each column: 1 KiB per column, so with eight columns 8 KiB in flight, above
    /// the latency–bandwidth product of one core (about 100 ns × 40 GB/s = 4 KB) and well inside the first-level cache.
    /// </summary>
    public const int PrefetchDistance = 128;

    /// <summary>Doubles per 64-byte cache line: the sweeps issue one prefetch per column every this many rows.</summary>
    private const int LineLength = 8;

    /// <summary>
    /// η[i] += Σ_k b[columns[k]] · X[start + i, columns[k]] for every i &lt; η.Length: the columns listed in
    /// <paramref name="columns"/>, with their coefficients at the same indices of <paramref name="coefficients"/>.
    /// </summary>
    public static void MultiplyAdd(ReadOnlySpan<double> values, int rows, ReadOnlySpan<int> columns, ReadOnlySpan<double> coefficients,
        int start, Span<double> eta)
    {
        Check(values, rows, columns, start, eta.Length);
        int k = 0, p = columns.Length;
        while (k + 8 <= p)
        {
            int take = k + 9 == p ? 9 : 8;
            MultiplyAdd8(values, rows, columns.Slice(k, take), coefficients, start, eta);
            k += take;
        }
        while (k + 4 <= p)
        {
            int take = k + 5 == p ? 5 : 4;
            MultiplyAdd4(values, rows, columns.Slice(k, take), coefficients, start, eta);
            k += take;
        }
        for (; k < p; k++) MultiplyAdd1(values.Slice(columns[k] * rows + start, eta.Length), coefficients[columns[k]], eta);
    }

    /// <summary>
    /// gradient[columns[k]] += Σ_i g[i] · X[start + i, columns[k]] for every listed column, over the rows
    /// start … start + g.Length − 1.
    /// </summary>
    /// <returns>Σ_i g[i], taken in the first sweep's registers (what a column of ones would add), so that a caller with
    /// constant columns needs no pass of its own over g.</returns>
    public static double TransposeMultiplyAdd(ReadOnlySpan<double> values, int rows, ReadOnlySpan<int> columns, int start,
        ReadOnlySpan<double> g, Span<double> gradient)
    {
        Check(values, rows, columns, start, g.Length);
        int k = 0, p = columns.Length;
        double sum = 0;
        bool summed = false;
        while (k + 8 <= p)
        {
            int take = k + 9 == p ? 9 : 8;
            double s8 = Transpose8(values, rows, columns.Slice(k, take), start, g, gradient);
            if (!summed) { sum = s8; summed = true; }
            k += take;
        }
        while (k + 4 <= p)
        {
            int take = k + 5 == p ? 5 : 4;
            double s4 = Transpose4(values, rows, columns.Slice(k, take), start, g, gradient);
            if (!summed) { sum = s4; summed = true; }
            k += take;
        }
        for (; k < p; k++) gradient[columns[k]] += Dot(values.Slice(columns[k] * rows + start, g.Length), g);
        if (!summed) foreach (double gi in g) sum += gi;
        return sum;
    }

    private static void Check(ReadOnlySpan<double> values, int rows, ReadOnlySpan<int> columns, int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (start + length > rows) throw new ArgumentOutOfRangeException(nameof(start), $"Rows {start}..{start + length} exceed the design's {rows}.");
        foreach (int c in columns)
            if (c < 0 || (long)(c + 1) * rows > values.Length) throw new ArgumentOutOfRangeException(nameof(columns), $"Column {c} is outside the design.");
    }

    private static unsafe void MultiplyAdd8(ReadOnlySpan<double> values, int rows, ReadOnlySpan<int> columns, ReadOnlySpan<double> coefficients, int start, Span<double> eta)
    {
        int n = eta.Length, w = Vector<double>.Count;
        ref double x = ref MemoryMarshal.GetReference(values);
        nint o0 = columns[0] * (nint)rows + start, o1 = columns[1] * (nint)rows + start, o2 = columns[2] * (nint)rows + start, o3 = columns[3] * (nint)rows + start;
        nint o4 = columns[4] * (nint)rows + start, o5 = columns[5] * (nint)rows + start, o6 = columns[6] * (nint)rows + start, o7 = columns[7] * (nint)rows + start;
        double b0 = coefficients[columns[0]], b1 = coefficients[columns[1]], b2 = coefficients[columns[2]], b3 = coefficients[columns[3]];
        double b4 = coefficients[columns[4]], b5 = coefficients[columns[5]], b6 = coefficients[columns[6]], b7 = coefficients[columns[7]];
        ref double e = ref MemoryMarshal.GetReference(eta);
        // A last single column rides along in the same sweep (added after the block's, as a separate pass would add it).
        bool extra = columns.Length > 8;
        nint o8 = extra ? columns[8] * (nint)rows + start : o0;
        double b8 = extra ? coefficients[columns[8]] : 0.0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> v8 = new(b8);
            Vector<double> v0 = new(b0), v1 = new(b1), v2 = new(b2), v3 = new(b3), v4 = new(b4), v5 = new(b5), v6 = new(b6), v7 = new(b7);
            fixed (double* p = values)
            {
                bool prefetch = Sse.IsSupported;
                for (; i <= n - w; i += w)
                {
                    if (prefetch && (i & (LineLength - 1)) == 0)
                    {
                        nint a = i + PrefetchDistance;
                        Sse.Prefetch0(p + o0 + a); Sse.Prefetch0(p + o1 + a); Sse.Prefetch0(p + o2 + a); Sse.Prefetch0(p + o3 + a);
                        Sse.Prefetch0(p + o4 + a); Sse.Prefetch0(p + o5 + a); Sse.Prefetch0(p + o6 + a); Sse.Prefetch0(p + o7 + a);
                        if (extra) Sse.Prefetch0(p + o8 + a);
                    }
                    var acc = Vector.LoadUnsafe(ref e, (nuint)i);
                    acc = Vector.MultiplyAddEstimate(Load(ref x, o0 + i), v0, acc);
                    acc = Vector.MultiplyAddEstimate(Load(ref x, o1 + i), v1, acc);
                    acc = Vector.MultiplyAddEstimate(Load(ref x, o2 + i), v2, acc);
                    acc = Vector.MultiplyAddEstimate(Load(ref x, o3 + i), v3, acc);
                    acc = Vector.MultiplyAddEstimate(Load(ref x, o4 + i), v4, acc);
                    acc = Vector.MultiplyAddEstimate(Load(ref x, o5 + i), v5, acc);
                    acc = Vector.MultiplyAddEstimate(Load(ref x, o6 + i), v6, acc);
                    acc = Vector.MultiplyAddEstimate(Load(ref x, o7 + i), v7, acc);
                    if (extra) acc = Vector.MultiplyAddEstimate(Load(ref x, o8 + i), v8, acc);
                    acc.StoreUnsafe(ref e, (nuint)i);
                }
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref e, i) += Unsafe.Add(ref x, o0 + i) * b0 + Unsafe.Add(ref x, o1 + i) * b1 + Unsafe.Add(ref x, o2 + i) * b2 + Unsafe.Add(ref x, o3 + i) * b3
                                  + Unsafe.Add(ref x, o4 + i) * b4 + Unsafe.Add(ref x, o5 + i) * b5 + Unsafe.Add(ref x, o6 + i) * b6 + Unsafe.Add(ref x, o7 + i) * b7;
            if (extra) Unsafe.Add(ref e, i) += Unsafe.Add(ref x, o8 + i) * b8;
        }
    }

    private static unsafe void MultiplyAdd4(ReadOnlySpan<double> values, int rows, ReadOnlySpan<int> columns, ReadOnlySpan<double> coefficients, int start, Span<double> eta)
    {
        int n = eta.Length, w = Vector<double>.Count;
        ref double x = ref MemoryMarshal.GetReference(values);
        nint o0 = columns[0] * (nint)rows + start, o1 = columns[1] * (nint)rows + start, o2 = columns[2] * (nint)rows + start, o3 = columns[3] * (nint)rows + start;
        double b0 = coefficients[columns[0]], b1 = coefficients[columns[1]], b2 = coefficients[columns[2]], b3 = coefficients[columns[3]];
        ref double e = ref MemoryMarshal.GetReference(eta);
        // A last single column rides along in the same sweep (added after the block's, as a separate pass would add it).
        bool extra = columns.Length > 4;
        nint o4 = extra ? columns[4] * (nint)rows + start : o0;
        double b4 = extra ? coefficients[columns[4]] : 0.0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> v4 = new(b4);
            Vector<double> v0 = new(b0), v1 = new(b1), v2 = new(b2), v3 = new(b3);
            fixed (double* p = values)
            {
                bool prefetch = Sse.IsSupported;
                for (; i <= n - w; i += w)
                {
                    if (prefetch && (i & (LineLength - 1)) == 0)
                    {
                        nint a = i + PrefetchDistance;
                        Sse.Prefetch0(p + o0 + a); Sse.Prefetch0(p + o1 + a); Sse.Prefetch0(p + o2 + a); Sse.Prefetch0(p + o3 + a);
                        if (extra) Sse.Prefetch0(p + o4 + a);
                    }
                    var acc = Vector.LoadUnsafe(ref e, (nuint)i);
                    acc = Vector.MultiplyAddEstimate(Load(ref x, o0 + i), v0, acc);
                    acc = Vector.MultiplyAddEstimate(Load(ref x, o1 + i), v1, acc);
                    acc = Vector.MultiplyAddEstimate(Load(ref x, o2 + i), v2, acc);
                    acc = Vector.MultiplyAddEstimate(Load(ref x, o3 + i), v3, acc);
                    if (extra) acc = Vector.MultiplyAddEstimate(Load(ref x, o4 + i), v4, acc);
                    acc.StoreUnsafe(ref e, (nuint)i);
                }
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref e, i) += Unsafe.Add(ref x, o0 + i) * b0 + Unsafe.Add(ref x, o1 + i) * b1 + Unsafe.Add(ref x, o2 + i) * b2 + Unsafe.Add(ref x, o3 + i) * b3;
            if (extra) Unsafe.Add(ref e, i) += Unsafe.Add(ref x, o4 + i) * b4;
        }
    }

    private static unsafe void MultiplyAdd1(ReadOnlySpan<double> column, double b, Span<double> eta)
    {
        int n = eta.Length, w = Vector<double>.Count, i = 0;
        if (column.Length < n) throw new ArgumentOutOfRangeException(nameof(column));
        ref double c = ref MemoryMarshal.GetReference(column);
        ref double e = ref MemoryMarshal.GetReference(eta);
        if (Vector.IsHardwareAccelerated)
        {
            var v = new Vector<double>(b);
            fixed (double* p = column)
            {
                bool prefetch = Sse.IsSupported;
                for (; i <= n - w; i += w)
                {
                    if (prefetch && (i & (LineLength - 1)) == 0) Sse.Prefetch0(p + i + PrefetchDistance);
                    Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref c, (nuint)i), v, Vector.LoadUnsafe(ref e, (nuint)i)).StoreUnsafe(ref e, (nuint)i);
                }
            }
        }
        for (; i < n; i++) Unsafe.Add(ref e, i) += Unsafe.Add(ref c, i) * b;
    }

    private static double Transpose8(ReadOnlySpan<double> values, int rows, ReadOnlySpan<int> columns, int start, ReadOnlySpan<double> g, Span<double> gradient)
    {
        int n = g.Length, w = Vector<double>.Count;
        ref double x = ref MemoryMarshal.GetReference(values);
        ref double gr = ref MemoryMarshal.GetReference(g);
        nint o0 = columns[0] * (nint)rows + start, o1 = columns[1] * (nint)rows + start, o2 = columns[2] * (nint)rows + start, o3 = columns[3] * (nint)rows + start;
        nint o4 = columns[4] * (nint)rows + start, o5 = columns[5] * (nint)rows + start, o6 = columns[6] * (nint)rows + start, o7 = columns[7] * (nint)rows + start;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        // A last single column rides along in the same sweep (its own running sum, as a separate dot product would keep).
        bool extra = columns.Length > 8;
        nint o8 = extra ? columns[8] * (nint)rows + start : o0;
        double s8 = 0, sg = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            Vector<double> a8 = default, ag = default;
            for (; i <= n - w; i += w)
            {
                var gv = Vector.LoadUnsafe(ref gr, (nuint)i);
                ag += gv;
                a0 = Vector.MultiplyAddEstimate(Load(ref x, o0 + i), gv, a0);
                a1 = Vector.MultiplyAddEstimate(Load(ref x, o1 + i), gv, a1);
                a2 = Vector.MultiplyAddEstimate(Load(ref x, o2 + i), gv, a2);
                a3 = Vector.MultiplyAddEstimate(Load(ref x, o3 + i), gv, a3);
                a4 = Vector.MultiplyAddEstimate(Load(ref x, o4 + i), gv, a4);
                a5 = Vector.MultiplyAddEstimate(Load(ref x, o5 + i), gv, a5);
                a6 = Vector.MultiplyAddEstimate(Load(ref x, o6 + i), gv, a6);
                a7 = Vector.MultiplyAddEstimate(Load(ref x, o7 + i), gv, a7);
                if (extra) a8 = Vector.MultiplyAddEstimate(Load(ref x, o8 + i), gv, a8);
            }
            s0 = Vector.Sum(a0); s1 = Vector.Sum(a1); s2 = Vector.Sum(a2); s3 = Vector.Sum(a3);
            s4 = Vector.Sum(a4); s5 = Vector.Sum(a5); s6 = Vector.Sum(a6); s7 = Vector.Sum(a7); s8 = Vector.Sum(a8);
            sg = Vector.Sum(ag);
        }
        for (; i < n; i++)
        {
            double gi = Unsafe.Add(ref gr, i);
            sg += gi;
            s0 += Unsafe.Add(ref x, o0 + i) * gi; s1 += Unsafe.Add(ref x, o1 + i) * gi; s2 += Unsafe.Add(ref x, o2 + i) * gi; s3 += Unsafe.Add(ref x, o3 + i) * gi;
            s4 += Unsafe.Add(ref x, o4 + i) * gi; s5 += Unsafe.Add(ref x, o5 + i) * gi; s6 += Unsafe.Add(ref x, o6 + i) * gi; s7 += Unsafe.Add(ref x, o7 + i) * gi;
            if (extra) s8 += Unsafe.Add(ref x, o8 + i) * gi;
        }
        gradient[columns[0]] += s0; gradient[columns[1]] += s1; gradient[columns[2]] += s2; gradient[columns[3]] += s3;
        gradient[columns[4]] += s4; gradient[columns[5]] += s5; gradient[columns[6]] += s6; gradient[columns[7]] += s7;
        if (extra) gradient[columns[8]] += s8;
        return sg;
    }

    private static double Transpose4(ReadOnlySpan<double> values, int rows, ReadOnlySpan<int> columns, int start, ReadOnlySpan<double> g, Span<double> gradient)
    {
        int n = g.Length, w = Vector<double>.Count;
        ref double x = ref MemoryMarshal.GetReference(values);
        ref double gr = ref MemoryMarshal.GetReference(g);
        nint o0 = columns[0] * (nint)rows + start, o1 = columns[1] * (nint)rows + start, o2 = columns[2] * (nint)rows + start, o3 = columns[3] * (nint)rows + start;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        // A last single column rides along in the same sweep (its own running sum, as a separate dot product would keep).
        bool extra = columns.Length > 4;
        nint o4 = extra ? columns[4] * (nint)rows + start : o0;
        double s4 = 0, sg = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector<double> a4 = default, ag = default;
            for (; i <= n - w; i += w)
            {
                var gv = Vector.LoadUnsafe(ref gr, (nuint)i);
                ag += gv;
                a0 = Vector.MultiplyAddEstimate(Load(ref x, o0 + i), gv, a0);
                a1 = Vector.MultiplyAddEstimate(Load(ref x, o1 + i), gv, a1);
                a2 = Vector.MultiplyAddEstimate(Load(ref x, o2 + i), gv, a2);
                a3 = Vector.MultiplyAddEstimate(Load(ref x, o3 + i), gv, a3);
                if (extra) a4 = Vector.MultiplyAddEstimate(Load(ref x, o4 + i), gv, a4);
            }
            s0 = Vector.Sum(a0); s1 = Vector.Sum(a1); s2 = Vector.Sum(a2); s3 = Vector.Sum(a3); s4 = Vector.Sum(a4);
            sg = Vector.Sum(ag);
        }
        for (; i < n; i++)
        {
            double gi = Unsafe.Add(ref gr, i);
            sg += gi;
            s0 += Unsafe.Add(ref x, o0 + i) * gi; s1 += Unsafe.Add(ref x, o1 + i) * gi; s2 += Unsafe.Add(ref x, o2 + i) * gi; s3 += Unsafe.Add(ref x, o3 + i) * gi;
            if (extra) s4 += Unsafe.Add(ref x, o4 + i) * gi;
        }
        gradient[columns[0]] += s0; gradient[columns[1]] += s1; gradient[columns[2]] += s2; gradient[columns[3]] += s3;
        if (extra) gradient[columns[4]] += s4;
        return sg;
    }

    private static double Dot(ReadOnlySpan<double> column, ReadOnlySpan<double> g)
    {
        int n = g.Length, w = Vector<double>.Count, i = 0;
        if (column.Length < n) throw new ArgumentOutOfRangeException(nameof(column));
        ref double c = ref MemoryMarshal.GetReference(column);
        ref double gr = ref MemoryMarshal.GetReference(g);
        double sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> acc = default;
            for (; i <= n - w; i += w) acc = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref c, (nuint)i), Vector.LoadUnsafe(ref gr, (nuint)i), acc);
            sum = Vector.Sum(acc);
        }
        for (; i < n; i++) sum += Unsafe.Add(ref c, i) * Unsafe.Add(ref gr, i);
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Load(ref double x, nint offset) => Vector.LoadUnsafe(ref x, (nuint)offset);
}
