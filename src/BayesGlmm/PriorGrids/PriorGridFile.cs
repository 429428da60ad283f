// Reads a prior-grid file: a JSON object of named sets of prior statements, with line numbers for every error.
using System.Text;
using System.Text.Json;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Priors;

namespace BayesGlmm.PriorGrids;

/// <summary>
/// A prior grid for refit sensitivity (<c>bayesglmm fit MODEL.json --prior-grid FILE</c>): a JSON object whose
/// members are named sets of prior statements in the model file's syntax, e.g.
/// <code>
/// {
///   "wide":   ["b ~ normal(0, 100)", "sd ~ student_t(3, 0, 10)"],
///   "narrow": ["b ~ normal(0, 1)", "sd ~ exponential(5)"]
/// }
/// </code>
/// Each set overrides the model's priors as <see cref="PriorSet.Apply"/> says. Errors name the file and line and
/// say what to do (<see cref="InputException"/>).
/// </summary>
public static class PriorGridFile
{
    /// <summary>The name of the model's own priors in the grid's outputs; no set may use it.</summary>
    public const string ModelSetName = "model";

    /// <summary>Reads and checks the file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<PriorSet> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the prior-grid file ({e.Message}); give the path of a JSON file of named prior sets.");
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses the UTF-8 text <paramref name="json"/>; <paramref name="file"/> names it in messages.</summary>
    public static IReadOnlyList<PriorSet> Parse(byte[] json, string file)
    {
        var sets = new List<PriorSet>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        int Line(long index)
        {
            int line = 1;
            for (long i = 0; i < index && i < json.Length; i++) if (json[i] == (byte)'\n') line++;
            return line;
        }
        InputException Error(long index, string message) => new($"{file}, line {Line(index)}: {message}");
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw Error(reader.TokenStartIndex, "a prior grid is a JSON object of named prior sets, e.g. { \"wide\": [\"b ~ normal(0, 100)\"] }.");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                long nameAt = reader.TokenStartIndex;
                string name = reader.GetString()!;
                if (!IsValidName(name))
                    throw Error(nameAt, $"the prior set name '{name}' is not usable as a directory name; use letters, digits, '_', '-' or '.'.");
                if (name == ModelSetName)
                    throw Error(nameAt, $"'{ModelSetName}' names the model's own priors in the outputs; give the set another name.");
                if (sets.Any(s => s.Name == name))
                    throw Error(nameAt, $"a second prior set named '{name}'; give each set its own name.");
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                    throw Error(reader.TokenStartIndex, $"the prior set '{name}' must be an array of prior statements, e.g. [\"b ~ normal(0, 1)\"].");
                var priors = new List<string>();
                var targets = new Dictionary<string, string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    long at = reader.TokenStartIndex;
                    if (reader.TokenType != JsonTokenType.String)
                        throw Error(at, $"the prior set '{name}' holds something other than a prior statement; write each prior as a string such as \"b ~ normal(0, 1)\".");
                    string text = reader.GetString()!;
                    PriorSpec spec;
                    try { spec = PriorSpec.Parse(text); }
                    catch (InputException e) { throw new InputException($"{file}, line {Line(at)}, prior set '{name}': {e.Message}") { Details = e.Details }; }
                    if (!targets.TryAdd(spec.Target, text))
                        throw Error(at, $"the prior set '{name}' gives '{spec.Target}' two priors ('{targets[spec.Target]}' and '{text}'); keep one.");
                    priors.Add(text);
                }
                if (priors.Count == 0)
                    throw Error(nameAt, $"the prior set '{name}' lists no priors; add prior statements or remove the set.");
                sets.Add(new PriorSet(name, priors, Line(nameAt)));
            }
            if (reader.Read())
                throw Error(reader.TokenStartIndex, "unexpected text after the prior grid's closing '}'.");
        }
        catch (JsonException e)
        {
            throw new InputException($"{file}, line {(e.LineNumber ?? 0) + 1}: not valid JSON ({FirstSentence(e.Message)}); a prior grid is a JSON object of named arrays of prior statements.");
        }
        catch (InvalidOperationException e)
        {
            throw Error(reader.TokenStartIndex, $"unexpected JSON here ({e.Message}); a prior grid is a JSON object of named arrays of prior statements.");
        }
        if (sets.Count == 0) throw new InputException($"{file}: the prior grid has no prior sets; add at least one, e.g. {{ \"wide\": [\"b ~ normal(0, 100)\"] }}.");
        return sets;
    }

    /// <summary>Writes <paramref name="sets"/> as a prior-grid file that <see cref="Load"/> reads back.</summary>
    public static void Write(string path, IReadOnlyList<PriorSet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        foreach (var set in sets)
        {
            writer.WriteStartArray(set.Name);
            foreach (string prior in set.Priors) writer.WriteStringValue(prior);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static bool IsValidName(string name) =>
        name.Length > 0 && name != "." && name != ".." && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
