// In-place iterative radix-2 complex FFT (Cooley & Tukey 1965) on split real/imaginary arrays.
namespace BayesGlmm.Diagnostics;

/// <summary>
/// A small radix-2 decimation-in-time FFT over separate real and imaginary spans whose length is a
/// power of two. Twiddle factors are computed once per size and shared between threads.
/// </summary>
internal static class FastFourierTransform
{
    private static readonly double[]?[] s_cos = new double[31][];
    private static readonly double[]?[] s_sin = new double[31][];

    /// <summary>The smallest power of two that is at least <paramref name="n"/> (and at least 2).</summary>
    public static int PowerOfTwoAtLeast(int n)
    {
        int size = 2;
        while (size < n) size = checked(size * 2);
        return size;
    }

    /// <summary>
    /// Transforms (re, im) in place: X_k = Σ_j x_j·exp(∓2πi·jk/L), the minus sign forward. The inverse is
    /// unnormalised (no 1/L), as R's <c>fft(inverse = TRUE)</c>.
    /// </summary>
    public static void Transform(Span<double> re, Span<double> im, bool inverse)
    {
        int size = re.Length;
        if (size != im.Length || size < 2 || (size & (size - 1)) != 0)
            throw new ArgumentException("FFT length must be a power of two of at least 2, equal for both parts.");
        int log2 = System.Numerics.BitOperations.Log2((uint)size);
        (double[] cos, double[] sin) = Twiddles(log2);

        for (int i = 1, j = 0; i < size; i++)
        {
            int bit = size >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        double sign = inverse ? 1.0 : -1.0;
        for (int length = 2; length <= size; length <<= 1)
        {
            int half = length >> 1;
            int stride = size / length;
            for (int start = 0; start < size; start += length)
            {
                for (int k = 0; k < half; k++)
                {
                    double wr = cos[k * stride], wi = sign * sin[k * stride];
                    int a = start + k, b = a + half;
                    double tr = wr * re[b] - wi * im[b];
                    double ti = wr * im[b] + wi * re[b];
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    /// <summary>cos(2πk/L) and sin(2πk/L) for k &lt; L/2.</summary>
    private static (double[] Cos, double[] Sin) Twiddles(int log2)
    {
        double[]? cos = Volatile.Read(ref s_cos[log2]);
        double[]? sin = Volatile.Read(ref s_sin[log2]);
        if (cos is not null && sin is not null) return (cos, sin);
        int size = 1 << log2;
        cos = new double[size / 2];
        sin = new double[size / 2];
        for (int k = 0; k < size / 2; k++)
        {
            double angle = 2.0 * Math.PI * k / size;
            cos[k] = Math.Cos(angle);
            sin[k] = Math.Sin(angle);
        }
        Volatile.Write(ref s_sin[log2], sin);
        Volatile.Write(ref s_cos[log2], cos);
        return (cos, sin);
    }
}
