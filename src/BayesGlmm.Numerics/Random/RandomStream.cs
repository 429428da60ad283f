// A reproducible pseudo-random stream, one per (seed, stream key): xoshiro256** seeded through SplitMix64.
namespace BayesGlmm.Numerics.Random;

/// <summary>
/// A deterministic pseudo-random stream (xoshiro256**, Blackman &amp; Vigna 2018) whose state is derived
/// from a seed and any number of stream keys (chain, simulation, purpose) through SplitMix64, so that
/// chain c of seed s always sees the same numbers whatever else runs in parallel.
/// It derives from <see cref="System.Random"/> so that MathNet.Numerics samplers accept it.
/// </summary>
public sealed class RandomStream : System.Random
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpareNormal;

    /// <summary>Creates the stream for <paramref name="seed"/> and the given keys (for example the chain number).</summary>
    public RandomStream(ulong seed, params ReadOnlySpan<ulong> keys)
    {
        ulong h = SplitMix(seed ^ 0x6A09E667F3BCC908UL);
        foreach (ulong k in keys)
        {
            h = SplitMix(h ^ SplitMix(k + 0x9E3779B97F4A7C15UL));
        }
        ulong x = h;
        _s0 = SplitMixNext(ref x);
        _s1 = SplitMixNext(ref x);
        _s2 = SplitMixNext(ref x);
        _s3 = SplitMixNext(ref x);
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1;
    }

    /// <summary>The stream of chain <paramref name="chain"/> (0-based) for <paramref name="seed"/>.</summary>
    public static RandomStream ForChain(ulong seed, int chain) => new(seed, (ulong)chain);

    private static ulong SplitMix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong SplitMixNext(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return SplitMix(x);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>A uniform double in (0, 1): never exactly 0, safe for logarithms.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 12) + 0.5) * (1.0 / 4503599627370496.0);

    /// <inheritdoc />
    protected override double Sample() => NextDouble();

    /// <inheritdoc />
    public override int Next() => (int)(NextUInt64() >> 33);

    /// <inheritdoc />
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)NextBounded((ulong)maxValue);
    }

    /// <inheritdoc />
    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)(minValue + (long)NextBounded((ulong)((long)maxValue - minValue)));
    }

    /// <inheritdoc />
    public override long NextInt64() => (long)(NextUInt64() >> 1);

    /// <inheritdoc />
    public override void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)(NextUInt64() >> 56);
    }

    /// <inheritdoc />
    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    /// <summary>A uniform integer in [0, bound), unbiased (Lemire 2019).</summary>
    public ulong NextBounded(ulong bound)
    {
        if (bound == 0) return 0;
        ulong x = NextUInt64();
        UInt128 m = (UInt128)x * bound;
        ulong l = (ulong)m;
        if (l < bound)
        {
            ulong t = (0 - bound) % bound;
            while (l < t)
            {
                x = NextUInt64();
                m = (UInt128)x * bound;
                l = (ulong)m;
            }
        }
        return (ulong)(m >> 64);
    }

    /// <summary>A uniform double in [a, b).</summary>
    public double NextUniform(double a, double b) => a + (b - a) * NextDouble();

    /// <summary>A standard normal variate (Marsaglia polar method; pairs are cached).</summary>
    public double NextStandardNormal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareNormal = v * f;
        _hasSpareNormal = true;
        return u * f;
    }

    /// <summary>A normal variate with the given mean and standard deviation.</summary>
    public double NextNormal(double mean, double sd) => mean + sd * NextStandardNormal();

    /// <summary>An exponential variate with rate 1.</summary>
    public double NextStandardExponential() => -Math.Log(NextOpenDouble());

    /// <summary>
    /// A gamma variate with the given shape and rate 1 (Marsaglia &amp; Tsang 2000; for shape &lt; 1 the
    /// boost G(a) = G(a+1) U^(1/a)).
    /// </summary>
    public double NextGamma(double shape)
    {
        if (!(shape > 0)) return double.NaN;
        if (shape < 1.0)
        {
            return Math.Exp(NextLogGamma(shape));
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextStandardNormal();
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = NextOpenDouble();
            if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
            if (Math.Log(u) < 0.5 * x * x + d * (1.0 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>
    /// The logarithm of a gamma variate with the given shape and rate 1, computed in logs for small
    /// shapes so that tiny values do not underflow (log G(a) = log G(a+1) + log U / a).
    /// </summary>
    public double NextLogGamma(double shape)
    {
        if (!(shape > 0)) return double.NaN;
        if (shape >= 1.0) return Math.Log(NextGamma(shape));
        return Math.Log(NextGamma(shape + 1.0)) + Math.Log(NextOpenDouble()) / shape;
    }

    /// <summary>A beta variate from two gamma variates.</summary>
    public double NextBeta(double a, double b)
    {
        double la = NextLogGamma(a), lb = NextLogGamma(b);
        double m = Math.Max(la, lb);
        return Math.Exp(la - m) / (Math.Exp(la - m) + Math.Exp(lb - m));
    }

    /// <summary>A Poisson variate with the given mean (MathNet's sampler driven by this stream).</summary>
    public int NextPoisson(double mean)
    {
        if (mean <= 0) return 0;
        return MathNet.Numerics.Distributions.Poisson.Sample(this, mean);
    }

    /// <summary>A binomial variate with success probability p and n trials.</summary>
    public int NextBinomial(double p, int n)
    {
        if (n <= 0) return 0;
        if (p <= 0) return 0;
        if (p >= 1) return n;
        return MathNet.Numerics.Distributions.Binomial.Sample(this, p, n);
    }
}
