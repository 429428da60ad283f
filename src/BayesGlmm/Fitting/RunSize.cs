// How much memory and disk a fit's draws need, checked before any sampling so a run too large is refused up front.
using System.Globalization;
using BayesGlmm.Modeling;
using BayesGlmm.Sampling;

namespace BayesGlmm.Fitting;

/// <summary>
/// The size of a run's draws. In memory every draw is held twice: each chain keeps its positions and sampler
/// statistics (d + 6 values per draw) and the fit keeps the reported quantities with the seven sampler columns (k + 7 values), 8 bytes
/// each. On disk the chain files and draws.csv each write every value as round-trip text, at most
/// <see cref="BytesPerValueOnDisk"/> bytes with its separator. A run whose draws exceed the memory the process may
/// use, the free space of the output's disk, or the largest array .NET allows, is refused with the size it needs.
/// </summary>
/// <param name="Chains">Chains.</param>
/// <param name="Draws">Draws per chain.</param>
/// <param name="Dimension">Unconstrained parameters d.</param>
/// <param name="Outputs">Reported quantities k.</param>
public sealed record RunSize(long Chains, long Draws, long Dimension, long Outputs)
{
    /// <summary>The longest text of one value in the output files with its comma: 17 significant digits, sign, point and exponent.</summary>
    public const int BytesPerValueOnDisk = 25;

    private const int SamplerColumns = 7;

    /// <summary>The size of sampling <paramref name="model"/> with <paramref name="options"/>.</summary>
    public static RunSize Of(IStatisticalModel model, SamplerOptions options) =>
        new(options.Chains, options.Draws, ((ILogDensityFactory)model).Dimension, model.OutputNames.Count);

    /// <summary>Bytes of memory the draws take.</summary>
    public double MemoryBytes => 8.0 * Chains * Draws * (Dimension + 6 + Outputs + SamplerColumns);

    /// <summary>Bytes the chain files and draws.csv take at most.</summary>
    public double DiskBytes => (double)BytesPerValueOnDisk * Chains * Draws * (2 * Outputs + SamplerColumns + 4);

    /// <summary>Throws <see cref="InputException"/> when the draws cannot be held in memory.</summary>
    public void CheckMemory()
    {
        double available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (MemoryBytes > available)
            throw new InputException($"The draws would need about {Bytes(MemoryBytes)} of memory ({Shape()}), but only {Bytes(available)} is available; ask for fewer draws or chains.");
        double largestArray = (double)Array.MaxLength;
        double stored = (double)Chains * Draws * (Outputs + SamplerColumns);
        if (stored > largestArray || (double)Draws * Dimension > largestArray)
            throw new InputException($"The draws would hold {Count(stored)} values ({Shape()}, {Bytes(MemoryBytes)}), more than one array can hold ({Count(largestArray)}); ask for fewer draws or chains.");
    }

    /// <summary>Throws <see cref="InputException"/> when the output files would not fit on the disk of <paramref name="outputDirectory"/>.</summary>
    public void CheckDisk(string outputDirectory)
    {
        long? free = FreeSpace(outputDirectory);
        if (free is long f && DiskBytes > f)
            throw new InputException($"{outputDirectory}: the draws would take up to {Bytes(DiskBytes)} on disk (chain files and draws.csv, {Shape()}), but only {Bytes(f)} is free there; ask for fewer draws or chains, or write elsewhere.");
    }

    private string Shape() => string.Create(CultureInfo.InvariantCulture,
        $"{Chains:N0} chains × {Draws:N0} draws × {Outputs + SamplerColumns:N0} quantities");

    private static long? FreeSpace(string directory)
    {
        try
        {
            string? existing = Path.GetFullPath(directory);
            while (existing is not null && !Directory.Exists(existing)) existing = Path.GetDirectoryName(existing);
            return existing is null ? null : new DriveInfo(existing).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A size in bytes as people write it: <c>3.2 GB</c>, <c>640 MB</c>.</summary>
    public static string Bytes(double bytes)
    {
        string[] units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"];
        int u = 0;
        while (bytes >= 1000 && u < units.Length - 1)
        {
            bytes /= 1000;
            u++;
        }
        return bytes.ToString(u == 0 || bytes >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture) + " " + units[u];
    }

    private static string Count(double n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
