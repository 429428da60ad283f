// study.json: the settings a study's ranks depend on, checked on resume and on merge.
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// What a study directory was made with. Resuming requires the same manifest, apart from a larger number of
/// simulations (which extends the study); merging requires the same manifest apart from the shard. <see cref="Settings"/> holds everything the ranks depend on
/// (sampler settings, thinning, the model's description) as text.
/// </summary>
public sealed record SbcManifest
{
    /// <summary>The file name inside a study directory.</summary>
    public const string FileName = "study.json";

    /// <summary>The study seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>The number of simulations of the whole study (all shards).</summary>
    public required int Simulations { get; init; }

    /// <summary>The shard this directory holds, "i/n".</summary>
    public required string Shard { get; init; }

    /// <summary>The ranked quantities, in order.</summary>
    public required IReadOnlyList<string> Variables { get; init; }

    /// <summary>Everything else the ranks depend on, by name.</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    /// <summary>The manifest's serialisation contract, generated at compile time (no reflection at run time).</summary>
    private static JsonTypeInfo<SbcManifest> Json => SbcManifestJson.Default.SbcManifest;

    /// <summary>Whether two manifests describe the same study (the shard may differ).</summary>
    public bool SameStudyAs(SbcManifest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return SameDesignAs(other) && Simulations == other.Simulations;
    }

    /// <summary>
    /// Whether two manifests describe the same study but perhaps for its number of simulations (and the shard):
    /// simulation k depends only on (seed, k) and the design, so such a study can be extended.
    /// </summary>
    public bool SameDesignAs(SbcManifest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Seed == other.Seed
            && Variables.SequenceEqual(other.Variables, StringComparer.Ordinal)
            && Settings.Count == other.Settings.Count
            && Settings.All(kv => other.Settings.TryGetValue(kv.Key, out string? v) && v == kv.Value);
    }

    /// <summary>The first difference between two manifests of different studies, for an error message.</summary>
    public string DescribeDifference(SbcManifest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Seed != other.Seed) return $"seed {Seed} vs {other.Seed}";
        if (Simulations != other.Simulations) return $"simulations {Simulations} vs {other.Simulations}";
        if (!Variables.SequenceEqual(other.Variables, StringComparer.Ordinal)) return "the ranked quantities differ";
        foreach (var (key, value) in Settings)
        {
            if (!other.Settings.TryGetValue(key, out string? v)) return $"{key} is missing in one of them";
            if (v != value) return $"{key} {value} vs {v}";
        }
        foreach (string key in other.Settings.Keys)
            if (!Settings.ContainsKey(key)) return $"{key} is missing in one of them";
        return "nothing";
    }

    /// <summary>Reads a manifest.</summary>
    public static SbcManifest Read(string path) =>
        JsonSerializer.Deserialize<SbcManifest>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path} holds no study manifest.");

    /// <summary>Writes the manifest atomically.</summary>
    public void Write(string path)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>The compile-time JSON contract of <see cref="SbcManifest"/> (indented, property names as declared).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(SbcManifest))]
internal sealed partial class SbcManifestJson : JsonSerializerContext;
