// Reads the lme4 reference estimates and the models they belong to (Reference/lme4, made by lme4_reference.R).
using System.Globalization;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling.Estimation;

namespace BayesGlmm.Tests.Estimation;

/// <summary>One model of lme4_models.csv.</summary>
internal sealed record Lme4Model(string Name, string Data, string Formula, string Family, string[] Factors, string[] Methods);

internal static class Lme4Reference
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Reference", "lme4");

    /// <summary>The repository's models/ folder, found by walking up from the test binaries.</summary>
    public static string ModelsDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "models", "radon.json"))) dir = dir.Parent;
            return dir is null ? throw new DirectoryNotFoundException("models/ not found above the test binaries") : Path.Combine(dir.FullName, "models");
        }
    }

    public static IReadOnlyList<Lme4Model> Models() =>
        ReadCsv(Path.Combine(Folder, "lme4_models.csv")).Select(r => new Lme4Model(r["model"], r["data"], r["formula"], r["family"],
            r["factors"].Split(';', StringSplitOptions.RemoveEmptyEntries), r["methods"].Split(';'))).ToArray();

    /// <summary>variable → (estimate, se) for one model and method.</summary>
    public static IReadOnlyDictionary<string, (double Estimate, double Se)> Estimates(string model, string method) =>
        ReadCsv(Path.Combine(Folder, "lme4_estimates.csv")).Where(r => r["model"] == model && r["method"] == method)
            .ToDictionary(r => r["variable"], r => (Parse(r["estimate"]), Parse(r["se"])));

    /// <summary>
    /// This program's name of an lme4 variable. R's read.csv reads quoted numbers as numbers, this program's reader reads a
    /// quoted column as text (a factor): InstEval's <c>service</c>, written "0" and "1", is lme4's numeric <c>b_service</c> and
    /// this program's <c>b_service1</c>, the indicator of level 1 — the same column of X, so the same estimate.
    /// </summary>
    public static string OurName(string model, string variable) => (model, variable) == ("insteval", "b_service") ? "b_service1" : variable;

    public static ModelSpec Spec(Lme4Model model) =>
        new(model.Name, Path.Combine(ModelsDirectory, model.Data), model.Formula, model.Family, [], model.Factors);

    public static EstimateOptions Options(string method) => method switch
    {
        "reml" => new EstimateOptions(EstimationMethod.Reml),
        "ml" => new EstimateOptions(EstimationMethod.Ml),
        "laplace" => new EstimateOptions(EstimationMethod.Laplace),
        _ => new EstimateOptions(EstimationMethod.Agq, int.Parse(method[3..], CultureInfo.InvariantCulture)),
    };

    private static double Parse(string text) => text is "NA" or "" ? double.NaN : double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>A small CSV reader: a header row, fields optionally in double quotes.</summary>
    private static IEnumerable<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = Split(lines[0]);
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var fields = Split(line);
            yield return header.Select((h, i) => (h, fields[i])).ToDictionary(p => p.h, p => p.Item2);
        }
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
