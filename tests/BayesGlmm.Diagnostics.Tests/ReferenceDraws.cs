// Reads the reference draws and posterior's expected diagnostics copied into Reference/diagnostics.
using System.Globalization;

namespace BayesGlmm.Diagnostics.Tests;

/// <summary>The reference fixture: draws per variable (chains) and the expected diagnostic columns.</summary>
internal static class ReferenceDraws
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Reference", "diagnostics");

    private static readonly Lazy<Dictionary<string, double[][]>> s_draws = new(ReadDraws);
    private static readonly Lazy<Dictionary<string, Dictionary<string, double>>> s_expected = new(ReadExpected);

    public static IReadOnlyDictionary<string, double[][]> Draws => s_draws.Value;

    public static IReadOnlyDictionary<string, Dictionary<string, double>> Expected => s_expected.Value;

    public static IEnumerable<string> Variables => Expected.Keys;

    private static string Unquote(string s) => s.Trim().Trim('"');

    private static double Number(string s) =>
        Unquote(s) == "NA" ? double.NaN : double.Parse(Unquote(s), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static Dictionary<string, double[][]> ReadDraws()
    {
        var values = new Dictionary<string, SortedDictionary<int, List<(int Draw, double Value)>>>();
        foreach (string line in File.ReadLines(Path.Combine(Folder, "draws.csv")).Skip(1))
        {
            string[] f = line.Split(',');
            string variable = Unquote(f[0]);
            int chain = int.Parse(f[1], CultureInfo.InvariantCulture);
            if (!values.TryGetValue(variable, out var chains)) values[variable] = chains = new();
            if (!chains.TryGetValue(chain, out var list)) chains[chain] = list = new();
            list.Add((int.Parse(f[2], CultureInfo.InvariantCulture), Number(f[3])));
        }
        return values.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.Values.Select(l => l.OrderBy(d => d.Draw).Select(d => d.Value).ToArray()).ToArray());
    }

    private static Dictionary<string, Dictionary<string, double>> ReadExpected()
    {
        string[] lines = File.ReadAllLines(Path.Combine(Folder, "diagnostics_expected.csv"));
        string[] header = lines[0].Split(',').Select(Unquote).ToArray();
        var result = new Dictionary<string, Dictionary<string, double>>();
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split(',');
            var row = new Dictionary<string, double>();
            for (int i = 1; i < header.Length; i++) row[header[i]] = Number(f[i]);
            result[Unquote(f[0])] = row;
        }
        return result;
    }
}
