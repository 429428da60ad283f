// Which simulations one shard of a study runs: k mod n = i.
using System.Globalization;

namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> runs the simulations k with k mod n = i, so that n
/// processes (a Slurm job array, a Kubernetes Indexed Job) split a study without talking to each other.
/// </summary>
public sealed record ShardSpec
{
    /// <summary>The shard that runs everything.</summary>
    public static readonly ShardSpec All = new(0, 1);

    /// <summary>Creates shard i of n (0 ≤ i &lt; n).</summary>
    public ShardSpec(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (index < 0 || index >= count)
            throw new ArgumentOutOfRangeException(nameof(index), $"Shard index {index} is not in 0..{count - 1}.");
        Index = index;
        Count = count;
    }

    /// <summary>i.</summary>
    public int Index { get; }

    /// <summary>n.</summary>
    public int Count { get; }

    /// <summary>Whether simulation k belongs to this shard.</summary>
    public bool Includes(int simulation) => simulation % Count == Index;

    /// <summary>Parses "i/n".</summary>
    public static ShardSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            || n < 1 || i >= n)
            throw new FormatException($"A shard is written i/n with 0 <= i < n (for example 0/4), not '{text}'.");
        return new ShardSpec(i, n);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
