// A fit's model rebuilt for plot, loo and predict must centre the same nested pairs as the draws were made in.
using System.Globalization;
using System.Text;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Output;

namespace BayesGlmm.Tests.Fitting;

public sealed class CentredPairsRebuildTests
{
    /// <summary>
    /// A nested Poisson design whose subgroups the data inform (auto centres the pair): the rebuilt model centres the pairs
    /// fit.json records; a record naming other pairs (data changed, or another version chose otherwise) is refused with a
    /// clear error instead of pairing the draws with outputs in another order; a record of an earlier version (no pairs
    /// recorded) is rebuilt as before.
    /// </summary>
    [Fact]
    public void TheRebuiltModelMustCentreThePairsTheFitRecorded()
    {
        using var dir = new TempDirectory();
        string data = dir.File("nested.csv");
        var csv = new StringBuilder("y,x,a,b\n");
        for (int i = 0; i < 192; i++)
        {
            int g = i % 24, k = i / 24;
            double y = Math.Round(Math.Exp(2.3 + 0.8 * Math.Sin(1.7 * g))) + k % 3;
            csv.Append(CultureInfo.InvariantCulture, $"{y},{(k % 5) * 0.5 - 1},a{g / 3},a{g / 3}b{g % 3}\n");
        }
        File.WriteAllText(data, csv.ToString());
        FitRecord Record(IReadOnlyList<string>? pairs) => new()
        {
            Version = "0.1.0",
            Model = new FitModelRecord("nested", "y ~ 1 + x + (1 | a/b)", "poisson", [], []) { Centring = "auto", CentredPairs = pairs },
            Data = new FitDataRecord(data, "", 192, 192, 0),
            Seed = 1,
            Settings = new FitSettingsRecord { Chains = 4, Warmup = 300, Draws = 1000, AdaptDelta = 0.8, MaxTreedepth = 10 },
            Versions = new FitVersionsRecord("0.1.0", "10.0", "linux", "2.34"),
            Timing = new FitTimingRecord(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0),
            Diagnostics = new FitDiagnosticsRecord(),
        };

        var earlier = FitDirectory.TryRebuild(Record(null))!;
        var chosen = ((GlmmModel)earlier.Model).CentredPairs;
        Assert.Equal(["a:b in a: nested"], chosen);
        Assert.Equal(chosen, ((GlmmModel)FitDirectory.TryRebuild(Record(chosen))!.Model).CentredPairs);
        var e = Assert.Throws<InputException>(() => FitDirectory.TryRebuild(Record([])));
        Assert.Contains("fit.json records the nested pairs sampled centred as []", e.Message, StringComparison.Ordinal);
        Assert.Contains("centres [a:b in a: nested]", e.Message, StringComparison.Ordinal);
        Assert.Contains("Refit the model.", e.Message, StringComparison.Ordinal);
    }
}
