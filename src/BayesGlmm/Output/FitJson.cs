// Reads and writes fit.json with System.Text.Json: snake_case names, indented, NaN written as "NaN".
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BayesGlmm.Modeling;

namespace BayesGlmm.Output;

/// <summary>Serialises <see cref="FitRecord"/> as fit.json.</summary>
public static class FitJson
{
    /// <summary>
    /// The serializer options: snake_case, indented, named floating-point literals allowed, with the contract of
    /// <see cref="FitRecord"/> generated at compile time (<see cref="FitJsonContract"/>), so that neither the first
    /// write of a process nor an ahead-of-time compiled program reflects over the record.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = FitJsonContract.Default,
    };

    private static JsonTypeInfo<FitRecord> RecordInfo => (JsonTypeInfo<FitRecord>)Options.GetTypeInfo(typeof(FitRecord));

    /// <summary>The JSON text of a record.</summary>
    public static string Serialize(FitRecord record) => JsonSerializer.Serialize(record, RecordInfo);

    /// <summary>Writes a record to <paramref name="path"/>.</summary>
    public static void Write(string path, FitRecord record) => File.WriteAllText(path, Serialize(record) + "\n");

    /// <summary>Reads fit.json; a missing or malformed file is an <see cref="InputException"/>.</summary>
    public static FitRecord Read(string path)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: file not found.");
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), RecordInfo)
                   ?? throw new InputException($"{path}: empty fit record.");
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: not a fit.json file ({e.Message}).", e);
        }
    }

    /// <summary>The column → brms name map of a fit record.</summary>
    public static IReadOnlyDictionary<string, string> ColumnNames(FitRecord record) =>
        record.Columns.ToDictionary(c => c.Column, c => c.Variable, StringComparer.Ordinal);
}

/// <summary>The compile-time JSON contract of <see cref="FitRecord"/>; <see cref="FitJson.Options"/> sets the naming and formatting.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(FitRecord))]
internal sealed partial class FitJsonContract : JsonSerializerContext;
