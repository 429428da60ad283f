// The printed summary of a fit in the spirit of brms: model, data, priors, then parameter sections and warnings.
using System.Globalization;
using System.Text;
using BayesGlmm.Analysis.Summaries;

namespace BayesGlmm.Reporting;

/// <summary>
/// Formats the summary a brms user expects from <c>summary(fit)</c>: family, formula, data size, draws,
/// the priors used, then group-level effects (per grouping factor, with its number of levels),
/// population-level effects and family parameters, each with mean, sd, the 90% interval (q5, q95), R-hat,
/// bulk and tail ESS; then the warnings with advice.
/// </summary>
public static class FitSummaryText
{
    /// <summary>What the header of the summary says about the model and run.</summary>
    public sealed record Context(
        string Family,
        string Formula,
        string DataFile,
        int Observations,
        int RowsDropped,
        int Chains,
        int Warmup,
        int Draws,
        IReadOnlyList<(string Parameter, string Prior, bool IsDefault)> Priors,
        bool Cancelled);

    private static readonly string[] ColumnHeader = ["", "Estimate", "Est.Error", "l-90% CI", "u-90% CI", "Rhat", "Bulk_ESS", "Tail_ESS"];

    /// <summary>The summary text.</summary>
    public static string Format(Context context, IReadOnlyList<SummaryRow> rows, FitDiagnostics diagnostics)
    {
        var sb = new StringBuilder();
        string I(int x) => x.ToString(CultureInfo.InvariantCulture);
        sb.Append(" Family: ").Append(context.Family).Append('\n');
        sb.Append("Formula: ").Append(context.Formula).Append('\n');
        sb.Append("   Data: ").Append(Path.GetFileName(context.DataFile)).Append(" (Number of observations: ").Append(I(context.Observations)).Append(')');
        if (context.RowsDropped > 0) sb.Append("; ").Append(I(context.RowsDropped)).Append(" rows dropped for missing values");
        sb.Append('\n');
        int kept = diagnostics.Chains.Sum(c => c.Draws);
        sb.Append("  Draws: ").Append(I(context.Chains)).Append(" chains, each with iter = ").Append(I(context.Warmup + context.Draws))
          .Append("; warmup = ").Append(I(context.Warmup)).Append("; thin = 1;\n");
        sb.Append("         total post-warmup draws = ").Append(I(kept));
        if (context.Cancelled) sb.Append(" (interrupted: the draws finished before the interruption)");
        sb.Append('\n');

        if (context.Priors.Count > 0)
        {
            sb.Append("\nPriors:\n");
            foreach (var (parameter, prior, isDefault) in context.Priors)
            {
                sb.Append("  ").Append(parameter).Append(" ~ ").Append(prior).Append(isDefault ? " (default)" : "");
                if (Modeling.Priors.PriorUse.InterceptScope(parameter) is string scope) sb.Append(" [").Append(scope).Append(']');
                sb.Append('\n');
            }
        }

        var groups = new List<string>();
        var groupRows = new Dictionary<string, List<(string Label, SummaryRow Row)>>(StringComparer.Ordinal);
        var population = new List<(string, SummaryRow)>();
        var family = new List<(string, SummaryRow)>();
        foreach (var r in rows)
        {
            string v = r.Variable;
            if (v.EndsWith("__", StringComparison.Ordinal) || v.StartsWith("r_", StringComparison.Ordinal) || v.StartsWith("u_", StringComparison.Ordinal) || v == "lprior") continue;
            if (v.StartsWith("b_", StringComparison.Ordinal))
            {
                population.Add((v[2..], r));
                continue;
            }
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
                sb.Append(Table(groupRows[g]));
            }
        }
        if (population.Count > 0)
        {
            sb.Append("\nPopulation-Level Effects:\n");
            sb.Append(Table(population));
        }
        if (family.Count > 0)
        {
            sb.Append("\nFamily Specific Parameters:\n");
            sb.Append(Table(family));
        }
        sb.Append("\nDraws were sampled using NUTS. For each parameter, Bulk_ESS and Tail_ESS are effective sample size\n");
        sb.Append("measures, and Rhat is the potential scale reduction factor on split chains (at convergence, Rhat = 1).\n");
        sb.Append("Sampler: ").Append(I(diagnostics.Divergences)).Append(" divergent transitions, ")
          .Append(I(diagnostics.MaxTreedepthHits)).Append(" at maximum tree depth; E-BFMI per chain: ")
          .Append(string.Join(", ", diagnostics.Chains.Select(c => TextTable.Number(c.Ebfmi)))).Append('\n');
        if (diagnostics.Warnings.Count > 0)
        {
            sb.Append('\n');
            foreach (string w in diagnostics.Warnings) sb.Append("Warning: ").Append(w).Append('\n');
        }
        return sb.ToString();
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

    private static string Table(IEnumerable<(string Label, SummaryRow Row)> rows) =>
        TextTable.Format(ColumnHeader, rows.Select(x => (IReadOnlyList<string>)
        [
            x.Label, TextTable.Number(x.Row.Mean), TextTable.Number(x.Row.Sd), TextTable.Number(x.Row.Q5), TextTable.Number(x.Row.Q95),
            TextTable.Rhat(x.Row.Rhat), TextTable.Whole(x.Row.EssBulk), TextTable.Whole(x.Row.EssTail),
        ]));
}
