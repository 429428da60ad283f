// Reads a model file: JSON with the model (name, data, formula, family, priors, factors) and sampler settings.
using System.Text.Json;
using BayesGlmm.Modeling;
using BayesGlmm.Sampling;

namespace BayesGlmm.Fitting;

/// <summary>
/// A model file, for example <c>models/radon.json</c>:
/// <code>
/// { "name": "radon", "data": "radon_mn.csv", "formula": "log_radon ~ 0 + Intercept + floor + (1 + floor | county)",
///   "family": "gaussian", "priors": ["b ~ normal(0, 10)"], "factors": [],
///   "sampler": { "chains": 4, "warmup": 1000, "draws": 1000, "seed": 1, "adapt_delta": 0.8, "max_treedepth": 10, "metric": "diag",
///                "adaptation": "stan", "integrator": "walnuts", "threads_per_chain": 2 } }
/// </code>
/// The data path is relative to the file. Every field but <c>data</c>, <c>formula</c> and <c>family</c> is optional;
/// <c>"conjugate_effects": "joint"</c> samples gamma, beta and inverse_gamma group-level effects instead of integrating them out;
/// <c>"sample_prior": "only"</c> samples the prior alone (brms's <c>sample_prior = "only"</c>);
/// <c>"init": "estimate"</c> starts each chain near the marginal point estimate (<see cref="ChainStart"/>; default <c>"random"</c>);
/// <c>"center": false</c> is brms's <c>center = FALSE</c> (the intercept prior on the uncentred intercept, <see cref="ModelSpec.Center"/>).
/// </summary>
public sealed record ModelFile(ModelSpec Model, SamplerOptions Settings)
{
    /// <summary>
    /// The key under <c>"sampler"</c> of each setting a model file may give, by <see cref="SamplerOptions"/> property.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SamplerKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(SamplerOptions.Chains)] = "chains",
        [nameof(SamplerOptions.Warmup)] = "warmup",
        [nameof(SamplerOptions.Draws)] = "draws",
        [nameof(SamplerOptions.Seed)] = "seed",
        [nameof(SamplerOptions.AdaptDelta)] = "adapt_delta",
        [nameof(SamplerOptions.MaxTreeDepth)] = "max_treedepth",
        [nameof(SamplerOptions.StepSizeJitter)] = "stepsize_jitter",
        [nameof(SamplerOptions.Metric)] = "metric",
        [nameof(SamplerOptions.Adaptation)] = "adaptation",
        [nameof(SamplerOptions.Integrator)] = "integrator",
        [nameof(SamplerOptions.ThreadsPerChain)] = "threads_per_chain",
    };

    /// <summary>Reads and checks a model file; problems are <see cref="InputException"/>s naming the file and field.</summary>
    public static ModelFile Load(string path, SamplerOptions? defaults = null)
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
            var settings = defaults ?? new SamplerOptions();
            if (root.TryGetProperty("sampler", out var sampler))
            {
                if (sampler.ValueKind != JsonValueKind.Object) throw new InputException($"{path}: \"sampler\" must be an object.");
                settings = settings with
                {
                    Chains = Int(path, sampler, nameof(SamplerOptions.Chains)) ?? settings.Chains,
                    Warmup = Int(path, sampler, nameof(SamplerOptions.Warmup)) ?? settings.Warmup,
                    Draws = Int(path, sampler, nameof(SamplerOptions.Draws)) ?? settings.Draws,
                    Seed = Seed(path, sampler) ?? settings.Seed,
                    AdaptDelta = Double(path, sampler, nameof(SamplerOptions.AdaptDelta)) ?? settings.AdaptDelta,
                    MaxTreeDepth = Int(path, sampler, nameof(SamplerOptions.MaxTreeDepth)) ?? settings.MaxTreeDepth,
                    StepSizeJitter = Double(path, sampler, nameof(SamplerOptions.StepSizeJitter)) ?? settings.StepSizeJitter,
                    Integrator = Named(path, sampler, nameof(SamplerOptions.Integrator), IntegratorNames.Parse) ?? settings.Integrator,
                    ThreadsPerChain = Int(path, sampler, nameof(SamplerOptions.ThreadsPerChain)) ?? settings.ThreadsPerChain,
                };
                settings = settings.WithAdaptation(Named(path, sampler, nameof(SamplerOptions.Adaptation), AdaptationNames.Parse),
                    Named(path, sampler, nameof(SamplerOptions.Metric), MetricNames.Parse));
                foreach (var field in sampler.EnumerateObject())
                    if (!SamplerKeys.Values.Contains(field.Name))
                        throw new InputException($"{path}: \"sampler.{field.Name}\" is not a sampler setting; the settings are {string.Join(", ", SamplerKeys.Values)}.");
                try
                {
                    settings.Validate();
                }
                catch (SettingOutOfRangeException e)
                {
                    throw new InputException($"{path}: \"sampler.{Key(e.ParamName!)}\" is {e.Value}; it must be {e.Range}.", e);
                }
            }
            bool joint = OptionalString(path, root, "conjugate_effects") switch
            {
                null or "marginal" => false,
                "joint" => true,
                string other => throw new InputException($"{path}: \"conjugate_effects\" is '{other}'; write \"marginal\" (integrate conjugate effects out where exact, the default) or \"joint\" (sample them)."),
            };
            var effects = OptionalString(path, root, "effects") is string route ? EffectsRoutes.Parse(route, $"{path}: \"effects\"") : Modeling.EffectsRoute.Auto;
            var centring = OptionalString(path, root, "centring") is string c ? Centrings.Parse(c, $"{path}: \"centring\"") : Modeling.HierarchicalCentring.Auto;
            int nodes = Int(path, root, "quadrature_nodes") ?? new Modeling.GlmmOptions().QuadratureNodes;
            if (nodes < 1) throw new InputException($"{path}: \"quadrature_nodes\" is {nodes}; write a positive number of nodes (1 is the Laplace approximation).");
            bool priorOnly = OptionalString(path, root, "sample_prior") switch
            {
                null or "no" => false,
                "only" => true,
                string other => throw new InputException($"{path}: \"sample_prior\" is '{other}'; write \"only\" (sample the prior alone, the likelihood switched off, as brms's sample_prior = \"only\") or \"no\" (the default)."),
            };
            bool center = true;
            if (root.TryGetProperty("center", out var centerField) && centerField.ValueKind != JsonValueKind.Null)
                center = centerField.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new InputException($"{path}: \"center\" must be true or false (brms's center: whether the intercept prior applies to the intercept of the centred predictors)."),
                };
            var init = OptionalString(path, root, "init") is string start ? ChainStarts.Parse(start, $"{path}: \"init\"") : ChainStart.Mode;
            string dataPath = Path.GetFullPath(Path.Combine(directory, data));
            return new ModelFile(new ModelSpec(name, dataPath, formula, family, priors, factors)
                { JointConjugateEffects = joint, PriorOnly = priorOnly, Center = center, Effects = effects, Centring = centring, QuadratureNodes = nodes, Init = init }, settings);
        }
    }

    private static string Key(string setting) => SamplerKeys.TryGetValue(setting, out string? key) ? key : setting;

    /// <summary>A setting given by name (<c>"metric": "dense"</c>), read with <paramref name="parse"/>; null when absent.</summary>
    private static T? Named<T>(string path, JsonElement root, string setting, Func<string, T?> parse)
        where T : struct
    {
        string key = Key(setting);
        return OptionalString(path, root, key) is string text
            ? parse(text) ?? throw new InputException($"{path}: \"sampler.{key}\" is '{text}'; it must be {SamplerOptions.RangeOf(setting)}.")
            : null;
    }

    private static ulong? Seed(string path, JsonElement root)
    {
        if (!root.TryGetProperty("seed", out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetUInt64(out ulong v))
            throw new InputException($"{path}: \"sampler.seed\" is {e.GetRawText()}; it must be {SamplerOptions.RangeOf(nameof(SamplerOptions.Seed))}.");
        return v;
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

    private static int? Int(string path, JsonElement root, string setting)
    {
        string key = Key(setting);
        if (!root.TryGetProperty(key, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int v))
            throw new InputException($"{path}: \"sampler.{key}\" is {e.GetRawText()}; it must be {SamplerOptions.RangeOf(setting)}.");
        return v;
    }

    private static double? Double(string path, JsonElement root, string setting)
    {
        string key = Key(setting);
        if (!root.TryGetProperty(key, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Number)
            throw new InputException($"{path}: \"sampler.{key}\" is {e.GetRawText()}; it must be {SamplerOptions.RangeOf(setting)}.");
        return e.GetDouble();
    }
}
