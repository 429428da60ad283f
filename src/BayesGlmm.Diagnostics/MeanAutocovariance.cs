// The chain-averaged autocovariance of centred chains, lag by lag, switching to an FFT for long sequences.
namespace BayesGlmm.Diagnostics;

/// <summary>
/// acov_m(t) = (1/N)·Σ_{i=1}^{N−t} c_i c_{i+t}, c = x − mean(x), the "biased" estimator Geyer (1992)
/// recommends and Vehtari et al. (2021, §3.2, eq. 10) use, averaged over the M chains. Lags are
/// computed on demand: by direct sums for the first few (Geyer's truncation usually stops there),
/// and for all N lags by zero-padded FFT (padding ≥ 2N, so no wrap-around) as soon as a later lag is
/// asked for. Both routes agree to rounding (~1e-13). Two real chains share one complex FFT.
/// </summary>
internal sealed class MeanAutocovariance : IDisposable
{
    private readonly PooledBuffer _centred;
    private readonly PooledBuffer _mean;
    private readonly PooledBuffer _chainMeans;
    private readonly int _chains;
    private readonly int _length;
    private readonly int _directLimit;
    private int _computed;

    /// <summary>Centres each of the <paramref name="chainCount"/> contiguous chains of <paramref name="draws"/>.</summary>
    public MeanAutocovariance(ReadOnlySpan<double> draws, int chainCount)
    {
        _chains = chainCount;
        _length = draws.Length / chainCount;
        _centred = new PooledBuffer(draws.Length);
        _mean = new PooledBuffer(_length);
        _chainMeans = new PooledBuffer(chainCount);
        Span<double> centred = _centred.Span;
        for (int c = 0; c < chainCount; c++)
        {
            ReadOnlySpan<double> chain = draws.Slice(c * _length, _length);
            double mean = Moments.Mean(chain);
            _chainMeans.Span[c] = mean;
            Span<double> target = centred.Slice(c * _length, _length);
            for (int i = 0; i < _length; i++) target[i] = chain[i] - mean;
        }
        // Direct lags cost M·N each, the FFT route about M·5·L·log2(L)/2 in all: switch well before parity.
        int fftSize = FastFourierTransform.PowerOfTwoAtLeast(2 * _length);
        _directLimit = Math.Min(_length, 4 * System.Numerics.BitOperations.Log2((uint)fftSize));
        _mean.Span.Clear();
    }

    /// <summary>The mean of each chain (R's mean).</summary>
    public ReadOnlySpan<double> ChainMeans => _chainMeans.Span;

    /// <summary>The mean over chains of acov_m(<paramref name="lag"/>), 0 ≤ lag &lt; N.</summary>
    public double At(int lag)
    {
        if (lag < _computed) return _mean.Span[lag];
        if (lag < _directLimit)
        {
            for (int t = _computed; t <= lag; t++) _mean.Span[t] = Direct(t);
            _computed = lag + 1;
        }
        else
        {
            AllByFft();
        }
        return _mean.Span[lag];
    }

    private double Direct(int lag)
    {
        ReadOnlySpan<double> centred = _centred.Span;
        double total = 0;
        for (int c = 0; c < _chains; c++)
        {
            ReadOnlySpan<double> chain = centred.Slice(c * _length, _length);
            double sum = 0;
            for (int i = 0; i + lag < _length; i++) sum += chain[i] * chain[i + lag];
            total += sum / _length;
        }
        return total / _chains;
    }

    private void AllByFft()
    {
        int size = FastFourierTransform.PowerOfTwoAtLeast(2 * _length);
        using var reBuffer = new PooledBuffer(size);
        using var imBuffer = new PooledBuffer(size);
        Span<double> re = reBuffer.Span, im = imBuffer.Span;
        Span<double> mean = _mean.Span;
        double lag0 = _computed > 0 ? mean[0] : Direct(0);
        mean.Clear();
        ReadOnlySpan<double> centred = _centred.Span;
        double scale = 1.0 / ((double)size * _length * _chains);
        for (int c = 0; c < _chains; c += 2)
        {
            bool pair = c + 1 < _chains;
            re.Clear();
            im.Clear();
            centred.Slice(c * _length, _length).CopyTo(re);
            if (pair) centred.Slice((c + 1) * _length, _length).CopyTo(im);
            FastFourierTransform.Transform(re, im, inverse: false);
            // Z = X + iY with X, Y the transforms of the two real chains:
            // |X_k|² = |Z_k + conj Z_{L−k}|²/4 and |Y_k|² = |Z_k − conj Z_{L−k}|²/4, both even in k.
            for (int k = 0; k <= size / 2; k++)
            {
                int j = (size - k) & (size - 1);
                double zr = re[k], zi = im[k], wr = re[j], wi = im[j];
                double xr = zr + wr, xi = zi - wi, yr = zr - wr, yi = zi + wi;
                double powerX = 0.25 * (xr * xr + xi * xi);
                double powerY = 0.25 * (yr * yr + yi * yi);
                re[k] = powerX; im[k] = powerY;
                re[j] = powerX; im[j] = powerY;
            }
            FastFourierTransform.Transform(re, im, inverse: true);
            for (int t = 0; t < _length; t++) mean[t] += (pair ? re[t] + im[t] : re[t]) * scale;
        }
        mean[0] = lag0;
        _computed = _length;
    }

    /// <summary>Returns the buffers to the pool.</summary>
    public void Dispose()
    {
        _centred.Dispose();
        _mean.Dispose();
        _chainMeans.Dispose();
    }
}
