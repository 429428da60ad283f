// Reads a model file: JSON with the model (name, data, formula, family, priors, factors) and sampler settings.
using System.Text.Json;
using BayesGlmm.Modeling;

namespace BayesGlmm.Fitting;

/// <summary>
/// A model file, for example <c>models/radon.json</c>:
/// <code>
/// { "name": "radon", "data": "radon_mn.csv", "formula": "log_radon ~ 0 + Intercept + floor + (1 + floor | county)",
///   "family": "gaussian", "priors": ["b ~ normal(0, 10)"], "factors": [],
///   "sampler": { "chains": 4, "warmup": 1000, "draws": 1000, "seed": 1, "adapt_delta": 0.8, "max_treedepth": 10, "metric": "diag" } }
/// </code>
/// The data path is relative to the file. Every field but <c>data</c>, <c>formula</c> and <c>family</c> is optional;
/// <c>"conjugate_effects": "joint"</c> samples gamma, beta and inverse_gamma group-level effects instead of integrating them out;
/// <c>"center": false</c> is brms's <c>center = FALSE</c> (the intercept prior on the uncentred intercept, <see cref="ModelSpec.Center"/>).
/// </summary>
public sealed record ModelFile(ModelSpec Model, FitSettings Settings)
{
    /// <summary>Reads and checks a model file; problems are <see cref="InputException"/>s naming the file and field.</summary>
    public static ModelFile Load(string path, FitSettings? defaults = null)
    {
        if (!File.Exists(path))
            throw new InputException($"{path}: model file not found; give the path of a model file such as models/radon.json.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}, line {(e.LineNumber ?? 0) + 1}: not valid JSON ({FirstSentence(e.Message)}).", e);
        }
        catch (IOException e)
        {
            throw new InputException($"{path}: cannot be read ({e.Message}).", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InputException($"{path}: a model file must be a JSON object.");
            string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            string name = OptionalString(path, root, "name") ?? Path.GetFileNameWithoutExtension(path);
            string data = RequiredString(path, root, "data");
            string formula = RequiredString(path, root, "formula");
            string family = OptionalString(path, root, "family") ?? "gaussian";
            var priors = StringArray(path, root, "priors");
            var factors = StringArray(path, root, "factors");
            var settings = defaults ?? new FitSettings();
            if (root.TryGetProperty("sampler", out var sampler))
            {
                if (sampler.ValueKind != JsonValueKind.Object) throw new InputException($"{path}: \"sampler\" must be an object.");
                settings = settings with
                {
                    Chains = Int(path, sampler, "chains") ?? settings.Chains,
                    Warmup = Int(path, sampler, "warmup") ?? settings.Warmup,
                    Draws = Int(path, sampler, "draws") ?? settings.Draws,
                    Seed = (ulong?)Long(path, sampler, "seed") ?? settings.Seed,
                    AdaptDelta = Double(path, sampler, "adapt_delta") ?? settings.AdaptDelta,
                    MaxTreeDepth = Int(path, sampler, "max_treedepth") ?? settings.MaxTreeDepth,
                    Metric = OptionalString(path, sampler, "metric") is string m ? Metric(path, m) : settings.Metric,
                };
            }
            bool joint = OptionalString(path, root, "conjugate_effects") switch
            {
                null or "marginal" => false,
                "joint" => true,
                string other => throw new InputException($"{path}: \"conjugate_effects\" is '{other}'; write \"marginal\" (integrate conjugate effects out where exact, the default) or \"joint\" (sample them)."),
            };
            bool center = true;
            if (root.TryGetProperty("center", out var centerField) && centerField.ValueKind != JsonValueKind.Null)
                center = centerField.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new InputException($"{path}: \"center\" must be true or false (brms's center: whether the intercept prior applies to the intercept of the centred predictors)."),
                };
            string dataPath = Path.GetFullPath(Path.Combine(directory, data));
            return new ModelFile(new ModelSpec(name, dataPath, formula, family, priors, factors) { JointConjugateEffects = joint, Center = center }, settings);
        }
    }

    private static Sampling.MetricKind Metric(string path, string text)
    {
        try
        {
            return FitSettings.ParseMetric(text);
        }
        catch (InputException e)
        {
            throw new InputException($"{path}: sampler {e.Message}", e);
        }
    }

    private static string FirstSentence(string message)
    {
        int dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message.TrimEnd('.');
    }

    private static string RequiredString(string path, JsonElement root, string name) =>
        OptionalString(path, root, name) ?? throw new InputException($"{path}: the field \"{name}\" is missing; a model file needs \"data\", \"formula\" and \"family\".");

    private static string? OptionalString(string path, JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.String) throw new InputException($"{path}: \"{name}\" must be a string.");
        return e.GetString();
    }

    private static IReadOnlyList<string> StringArray(string path, JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return [];
        if (e.ValueKind == JsonValueKind.String) return [e.GetString()!];
        if (e.ValueKind != JsonValueKind.Array || e.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            throw new InputException($"{path}: \"{name}\" must be an array of strings.");
        return e.EnumerateArray().Select(x => x.GetString()!).ToArray();
    }

    private static long? Long(string path, JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long v))
            throw new InputException($"{path}: \"sampler.{name}\" must be a whole number.");
        return v;
    }

    private static int? Int(string path, JsonElement root, string name)
    {
        long? v = Long(path, root, name);
        if (v is null) return null;
        if (v < int.MinValue || v > int.MaxValue) throw new InputException($"{path}: \"sampler.{name}\" is out of range.");
        return (int)v;
    }

    private static double? Double(string path, JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Number) throw new InputException($"{path}: \"sampler.{name}\" must be a number.");
        return e.GetDouble();
    }
}
