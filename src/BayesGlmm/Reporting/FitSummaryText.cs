// The printed summary of a fit in the spirit of brms: model, data, priors, then parameter sections and warnings.
using System.Globalization;
using System.Text;
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Diagnostics;
using BayesGlmm.Fitting;
using BayesGlmm.Output;

namespace BayesGlmm.Reporting;

/// <summary>
/// Formats the summary a brms user expects from <c>summary(fit)</c>: family, formula, data size, draws,
/// the priors used, then group-level effects (per grouping factor, with its number of levels),
/// population-level effects and family parameters, each with mean, sd, the central interval of probability
/// <c>prob</c> (95% by default, brms's <c>l-95% CI</c> and <c>u-95% CI</c>: type-7 quantiles at (1 − prob)/2 and
/// (1 + prob)/2), R-hat, bulk and tail ESS; then the sampler's counts and the warnings with advice. An interrupted
/// fit says where each chain stopped and which draws the summary uses.
/// </summary>
public static class FitSummaryText
{
    /// <summary>brms's default interval probability.</summary>
    public const double DefaultProbability = 0.95;

    /// <summary>The summary text of <paramref name="fit"/> with central intervals of probability <paramref name="probability"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is not strictly between 0 and 1.</exception>
    public static string Format(FitResult fit, double probability = DefaultProbability)
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (!(probability > 0 && probability < 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The interval probability must lie strictly between 0 and 1.");
        var record = fit.Record;
        var rows = fit.Summary;
        var diagnostics = fit.Diagnostics;
        var sb = new StringBuilder();
        string I(int x) => x.ToString(CultureInfo.InvariantCulture);
        sb.Append(" Family: ").Append(record.Model.Family).Append('\n');
        sb.Append("Formula: ").Append(record.Model.Formula).Append('\n');
        string data = record.Data.File.Length == 0 ? "the data in memory" : Path.GetFileName(record.Data.File);
        sb.Append("   Data: ").Append(data).Append(" (Number of observations: ").Append(I(record.Data.RowsUsed)).Append(')');
        if (record.Data.RowsDropped > 0) sb.Append("; ").Append(I(record.Data.RowsDropped)).Append(" rows dropped for missing values");
        sb.Append('\n');
        var settings = record.Settings;
        int made = record.Chains.Sum(c => c.Draws);
        sb.Append("  Draws: ").Append(I(settings.Chains)).Append(" chains, each with iter = ").Append(I(settings.Warmup + settings.Draws))
          .Append("; warmup = ").Append(I(settings.Warmup)).Append("; thin = 1;\n");
        sb.Append("         total post-warmup draws = ").Append(I(made)).Append('\n');
        if (settings.Init == ChainStarts.Name(ChainStart.Estimate)) sb.Append("  Inits: each chain at its own point around the marginal point estimate (init = estimate)\n");
        if (settings.Init == ChainStarts.Name(ChainStart.Random)) sb.Append("  Inits: Stan's random initialisation, not moved towards the mode (init = random)\n");
        if (record.Model.PriorOnly) sb.Append("  Prior: sampled alone, the likelihood switched off (sample_prior = \"only\"): these are prior draws\n");
        if (record.Cancelled)
        {
            sb.Append("Interrupted: ").Append(string.Join("; ", record.Chains.Select(c => ChainStatus.Describe(c, settings.Warmup, settings.Draws)))).Append(".\n");
            sb.Append("         The summary uses ").Append(ChainList(record.SummaryChains)).Append(", ");
            sb.Append(record.SummaryChains.Count == 1 ? "its first " : "the first ").Append(I(record.SummaryDrawsPerChain))
              .Append(record.SummaryChains.Count == 1 ? " draws" : " draws of each")
              .Append(" (R-hat and ESS compare chains of one length); every draw made is kept in the chain files and draws.csv.\n");
        }

        if (record.Model.Priors.Count > 0)
        {
            sb.Append("\nPriors:\n");
            foreach (var p in record.Model.Priors)
            {
                sb.Append("  ").Append(p.Parameter).Append(" ~ ").Append(p.Prior).Append(p.IsDefault ? " (default)" : "");
                if (Modeling.Priors.PriorUse.InterceptScope(p.Parameter) is string scope) sb.Append(" [").Append(scope).Append(']');
                sb.Append('\n');
            }
        }

        var groups = new List<string>();
        var groupRows = new Dictionary<string, List<(string Label, SummaryRow Row)>>(StringComparer.Ordinal);
        var population = new List<(string, SummaryRow)>();
        var family = new List<(string, SummaryRow)>();
        var smooths = new List<(string, SummaryRow)>();
        foreach (var r in rows)
        {
            string v = r.Variable;
            if (v.EndsWith("__", StringComparison.Ordinal) || v.StartsWith("r_", StringComparison.Ordinal) || v.StartsWith("u_", StringComparison.Ordinal) || v == "lprior") continue;
            if (v.StartsWith("b_", StringComparison.Ordinal))
            {
                population.Add((v[2..], r));
                continue;
            }
            // Smooth terms as brms prints them: bs_sx_1 among the population-level effects as sx_1, sds(sx_1) on its own, s_ not at all.
            if (v.StartsWith("bs_", StringComparison.Ordinal))
            {
                population.Add((v[3..], r));
                continue;
            }
            if (v.StartsWith("sds_", StringComparison.Ordinal))
            {
                smooths.Add(("sds(" + v[4..] + ")", r));
                continue;
            }
            if (v.StartsWith("s_", StringComparison.Ordinal)) continue;
            if (TryGroupLabel(v, out string group, out string label))
            {
                if (!groupRows.TryGetValue(group, out var list))
                {
                    groupRows[group] = list = [];
                    groups.Add(group);
                }
                list.Add((label, r));
                continue;
            }
            family.Add((v, r));
        }

        var table = new IntervalTable(fit.Draws, probability);
        if (smooths.Count > 0)
        {
            sb.Append("\nSmooth Terms:\n");
            sb.Append(table.Format(smooths));
        }
        if (groups.Count > 0)
        {
            sb.Append("\nGroup-Level Effects:\n");
            foreach (string g in groups)
            {
                int levels = rows.Where(r => r.Variable.StartsWith("r_" + g + "[", StringComparison.Ordinal))
                                 .Select(r => r.Variable[(g.Length + 3)..].Split(',')[0]).Distinct().Count();
                sb.Append('~').Append(g);
                if (levels > 0) sb.Append(" (Number of levels: ").Append(I(levels)).Append(')');
                sb.Append('\n');
                sb.Append(table.Format(groupRows[g]));
            }
        }
        if (population.Count > 0)
        {
            sb.Append("\nPopulation-Level Effects:\n");
            sb.Append(table.Format(population));
        }
        if (family.Count > 0)
        {
            sb.Append("\nFamily Specific Parameters:\n");
            sb.Append(table.Format(family));
        }
        int warmupDivergences = record.Chains.Sum(c => c.WarmupDivergences);
        sb.Append("\nDraws were sampled using NUTS. For each parameter, Bulk_ESS and Tail_ESS are effective sample size\n");
        sb.Append("measures, and Rhat is the potential scale reduction factor on split chains (at convergence, Rhat = 1).\n");
        sb.Append("Sampler: ").Append(I(diagnostics.Divergences)).Append(" divergent transitions after warmup (")
          .Append(I(warmupDivergences)).Append(" during warmup, which are not draws), ")
          .Append(I(diagnostics.MaxTreedepthHits)).Append(" at maximum tree depth; E-BFMI per chain: ")
          .Append(string.Join(", ", diagnostics.Chains.Select(c => TextTable.Number(c.Ebfmi)))).Append('\n');
        if (diagnostics.Warnings.Count > 0)
        {
            sb.Append('\n');
            foreach (string w in diagnostics.Warnings) sb.Append("Warning: ").Append(w).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary><c>chain 1</c>, <c>chains 1 and 3</c>, <c>chains 1, 2 and 4</c>.</summary>
    private static string ChainList(IReadOnlyList<int> chains)
    {
        var c = CultureInfo.InvariantCulture;
        if (chains.Count == 1) return "chain " + chains[0].ToString(c);
        return "chains " + string.Join(", ", chains.Take(chains.Count - 1).Select(x => x.ToString(c))) + " and " + chains[^1].ToString(c);
    }

    /// <summary>The rows of one section with the central interval of the chosen probability, computed from the draws.</summary>
    private sealed class IntervalTable(Draws draws, double probability)
    {
        private readonly string[] _header =
            ["", "Estimate", "Est.Error", $"l-{Percent(probability)}% CI", $"u-{Percent(probability)}% CI", "Rhat", "Bulk_ESS", "Tail_ESS"];

        public string Format(IEnumerable<(string Label, SummaryRow Row)> rows) =>
            TextTable.Format(_header, rows.Select(x =>
            {
                var (lower, upper) = Interval(x.Row.Variable);
                return (IReadOnlyList<string>)
                [
                    x.Label, TextTable.Number(x.Row.Mean), TextTable.Number(x.Row.Sd), TextTable.Number(lower), TextTable.Number(upper),
                    TextTable.Rhat(x.Row.Rhat), TextTable.Whole(x.Row.EssBulk), TextTable.Whole(x.Row.EssTail),
                ];
            }));

        private (double Lower, double Upper) Interval(string variable)
        {
            int v = draws.IndexOf(variable);
            if (v < 0) return (double.NaN, double.NaN);
            double[] sorted = draws.AllChains(v).ToArray();
            if (sorted.Length == 0 || sorted.Any(double.IsNaN)) return (double.NaN, double.NaN);
            Array.Sort(sorted);
            return (Quantiles.Type7Sorted(sorted, (1 - probability) / 2), Quantiles.Type7Sorted(sorted, (1 + probability) / 2));
        }

        private static string Percent(double p) => (100 * p).ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Splits a group-level hyperparameter into its grouping factor and label: <c>sd_g__x</c> → (g, sd(x)),
    /// <c>cor_g__a__b</c> → (g, cor(a,b)), <c>df_g</c> → (g, df), <c>lambda_g</c> → (g, lambda).
    /// </summary>
    public static bool TryGroupLabel(string variable, out string group, out string label)
    {
        group = label = "";
        if (variable.StartsWith("sd_", StringComparison.Ordinal))
        {
            int sep = variable.IndexOf("__", 3, StringComparison.Ordinal);
            if (sep < 0) return false;
            group = variable[3..sep];
            label = "sd(" + variable[(sep + 2)..] + ")";
            return true;
        }
        if (variable.StartsWith("cor_", StringComparison.Ordinal))
        {
            int sep = variable.IndexOf("__", 4, StringComparison.Ordinal);
            if (sep < 0) return false;
            group = variable[4..sep];
            label = "cor(" + variable[(sep + 2)..].Replace("__", ",", StringComparison.Ordinal) + ")";
            return true;
        }
        foreach (string prefix in new[] { "df_", "lambda_" })
        {
            if (variable.StartsWith(prefix, StringComparison.Ordinal) && variable.Length > prefix.Length)
            {
                group = variable[prefix.Length..];
                label = prefix[..^1];
                return true;
            }
        }
        return false;
    }
}
