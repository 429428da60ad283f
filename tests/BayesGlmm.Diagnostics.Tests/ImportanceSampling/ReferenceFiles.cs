// Reads the reference files copied beside the test binaries.
using System.Globalization;

namespace BayesGlmm.Diagnostics.Tests.ImportanceSampling;

internal static class ReferenceFiles
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Reference", "loo", name);

    /// <summary>The numeric columns of a CSV file with one header row (quoted names allowed).</summary>
    public static double[][] ReadColumns(string name)
    {
        var lines = File.ReadAllLines(PathOf(name)).Where(l => l.Length > 0).ToArray();
        int columns = lines[0].Split(',').Length;
        var result = new double[columns][];
        for (int c = 0; c < columns; c++) result[c] = new double[lines.Length - 1];
        for (int r = 1; r < lines.Length; r++)
        {
            var cells = lines[r].Split(',');
            for (int c = 0; c < columns; c++) result[c][r - 1] = double.Parse(cells[c], CultureInfo.InvariantCulture);
        }
        return result;
    }
}
