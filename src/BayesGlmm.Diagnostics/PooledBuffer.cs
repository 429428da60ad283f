// A scratch array of doubles rented from the shared pool and returned on dispose.
using System.Buffers;

namespace BayesGlmm.Diagnostics;

/// <summary>
/// Scratch space for one diagnostic call: rented from <see cref="ArrayPool{T}.Shared"/>, so a
/// summary over thousands of variables allocates almost nothing. Use with <c>using</c>.
/// </summary>
internal readonly struct PooledBuffer : IDisposable
{
    private readonly double[] _array;

    /// <summary>Rents at least <paramref name="length"/> doubles (contents unspecified).</summary>
    public PooledBuffer(int length)
    {
        Length = length;
        _array = length == 0 ? [] : ArrayPool<double>.Shared.Rent(length);
    }

    /// <summary>The usable length.</summary>
    public int Length { get; }

    /// <summary>The usable part of the rented array.</summary>
    public Span<double> Span => _array.AsSpan(0, Length);

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        if (_array.Length > 0) ArrayPool<double>.Shared.Return(_array);
    }
}
