// Compares a posterior summary with a reference summary, variable by variable, in Monte Carlo standard errors.
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using MathNet.Numerics.Distributions;

namespace BayesGlmm.Tests.Posteriors;

/// <summary>One row of a summary table as the comparison needs it.</summary>
internal sealed record SummaryValues(double Mean, double Sd, double McseMean, double McseSd, double EssBulk, double Rhat);

/// <summary>The outcome of a comparison: failures (empty when it passes), the worst |z| and the bound.</summary>
internal sealed record ComparisonResult(IReadOnlyList<string> Failures, int Compared, double WorstZ, double Bound)
{
    public bool Passed => Failures.Count == 0 && Compared > 0;

    public override string ToString() =>
        $"{(Passed ? "PASS" : "FAIL")}: {Compared} variables compared, {Failures.Count} failures, worst |z| {WorstZ:F2} (bound {Bound:F2})"
        + string.Concat(Failures.Take(40).Select(f => "\n  " + f));
}

/// <summary>
/// The rule of the project's comparison tool: for every reference variable, z = (ours − ref) /
/// sqrt(mcse_ours² + mcse_ref²) for the mean and the sd, with our MCSE capped at sd/sqrt(minEss); the bound
/// is max(4, the normal quantile keeping the family-wise false-alarm rate of all comparisons at 1%); our
/// ess_bulk must reach minEss and our R-hat stay at or below maxRhat.
/// </summary>
internal static class ReferenceComparison
{
    public static Dictionary<string, SummaryValues> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim });
        csv.Read();
        csv.ReadHeader();
        var result = new Dictionary<string, SummaryValues>(StringComparer.Ordinal);
        while (csv.Read())
        {
            string name = csv.GetField("variable")!.Trim();
            result[name] = new SummaryValues(Num(csv, "mean"), Num(csv, "sd"), Num(csv, "mcse_mean"), Num(csv, "mcse_sd"),
                Num(csv, "ess_bulk"), Num(csv, "rhat"));
        }
        return result;
    }

    private static double Num(CsvReader csv, string column) =>
        csv.TryGetField(column, out string? text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;

    public static ComparisonResult Compare(IReadOnlyDictionary<string, SummaryValues> reference, IReadOnlyDictionary<string, SummaryValues> ours,
        double minEss = 400, double maxRhat = 1.01, Func<string, bool>? include = null)
    {
        var selected = reference.Keys.Where(n => include?.Invoke(n) ?? true).ToList();
        int m = 2 * selected.Count;
        double bound = Math.Max(4.0, Normal.InvCDF(0, 1, 1 - 0.01 / (2.0 * Math.Max(m, 1))));
        var failures = new List<string>();
        double worst = 0;
        int compared = 0;
        foreach (string name in selected)
        {
            var r = reference[name];
            if (!ours.TryGetValue(name, out var o))
            {
                failures.Add($"missing {name}");
                continue;
            }
            compared++;
            foreach (var (stat, vr, vo, er, eoRaw) in new[] { ("mean", r.Mean, o.Mean, r.McseMean, o.McseMean), ("sd", r.Sd, o.Sd, r.McseSd, o.McseSd) })
            {
                if (!double.IsFinite(vr) || !double.IsFinite(vo) || !double.IsFinite(er) || !double.IsFinite(eoRaw) || !double.IsFinite(o.Sd))
                {
                    failures.Add($"{name}: {stat} or its MCSE missing or not finite");
                    continue;
                }
                double eo = Math.Min(eoRaw, o.Sd / Math.Sqrt(minEss));
                double denominator = Math.Sqrt(er * er + eo * eo);
                double z = (vo - vr) / (denominator > 0 ? denominator : 1e-300);
                worst = Math.Max(worst, Math.Abs(z));
                if (Math.Abs(z) > bound) failures.Add($"{name} {stat}: ref {vr:G5} ours {vo:G5} z {z:F2}");
            }
            if (!(o.EssBulk >= minEss)) failures.Add($"{name}: ess_bulk {o.EssBulk:F0} < {minEss:F0}");
            if (!(o.Rhat <= maxRhat)) failures.Add($"{name}: rhat {o.Rhat:F4} > {maxRhat}");
        }
        return new ComparisonResult(failures, compared, worst, bound);
    }
}
