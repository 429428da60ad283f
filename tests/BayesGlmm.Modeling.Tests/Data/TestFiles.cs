// Locates the copied data sets and writes temporary CSV files for the reader tests.
namespace BayesGlmm.Modeling.Tests.Data;

internal static class TestFiles
{
    /// <summary>The path of a copied data set, e.g. "cbpp.csv".</summary>
    public static string DataSet(string name) => Path.Combine(AppContext.BaseDirectory, "Reference", "data", name);

    /// <summary>Writes <paramref name="text"/> to a fresh temporary .csv file and returns its path.</summary>
    public static string WriteTemp(string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "bayesglmm-frame-tests");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, text);
        return path;
    }
}
