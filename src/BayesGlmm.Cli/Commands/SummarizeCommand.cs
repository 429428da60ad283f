// `bayesglmm summarize`: summarises CmdStan CSV draws files (this program's or CmdStan's own).
using System.CommandLine;
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Output;
using BayesGlmm.Reporting;

namespace BayesGlmm.Cli.Commands;

/// <summary>The <c>summarize</c> command.</summary>
internal static class SummarizeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var filesArgument = new Argument<string[]>("FILE")
        {
            Description = "One CmdStan CSV draws file per chain (chain-1.csv chain-2.csv ..., or CmdStan's output files).",
            Arity = ArgumentArity.OneOrMore,
        };
        var outputOption = new Option<string?>("--output", "-o")
        {
            Description = "Also write the table as CSV (variable,mean,sd,q5,q50,q95,mcse_mean,mcse_sd,ess_bulk,ess_tail,rhat).",
        };
        var command = new Command("summarize", "Summarise CmdStan CSV draws files: mean, sd, quantiles, MCSE, ESS, R-hat and sampler diagnostics.")
        {
            filesArgument, outputOption,
        };
        command.SetAction(parse => Execute(parse, parse.GetValue(filesArgument) ?? [], parse.GetValue(outputOption)));
        return command;
    }

    private static int Execute(ParseResult parse, string[] paths, string? target)
    {
        var output = parse.InvocationConfiguration.Output;
        var files = paths.Select(CmdStanCsvReader.Read).ToArray();
        // Beside this program's chain files, fit.json maps the Stan-safe columns back to brms names.
        string fitJson = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(paths[0])) ?? ".", "fit.json");
        IReadOnlyDictionary<string, string>? rename = File.Exists(fitJson) ? FitJson.ColumnNames(FitJson.Read(fitJson)) : null;
        var draws = CmdStanCsvReader.ToDraws(files, rename);
        var rows = PosteriorSummary.Compute(draws);
        int maxDepth = files[0].Configuration.TryGetValue("max_depth", out string? md) && int.TryParse(md, System.Globalization.CultureInfo.InvariantCulture, out int d) ? d : 10;
        double delta = files[0].Configuration.TryGetValue("delta", out string? dl) && CsvNumber.TryParse(dl, out double x) ? x : 0.8;
        var diagnostics = FitDiagnostics.Compute(draws, rows, maxDepth, delta);

        output.WriteLine($"{files.Length} chains, {draws.IterationCount} draws each ({draws.DrawCount} in all)");
        output.WriteLine();
        output.Write(TextTable.Format(
            ["variable", "mean", "sd", "q5", "q50", "q95", "mcse_mean", "mcse_sd", "ess_bulk", "ess_tail", "rhat"],
            rows.Select(r => (IReadOnlyList<string>)
            [
                r.Variable, TextTable.Number(r.Mean), TextTable.Number(r.Sd), TextTable.Number(r.Q5), TextTable.Number(r.Q50), TextTable.Number(r.Q95),
                TextTable.Number(r.McseMean), TextTable.Number(r.McseSd), TextTable.Whole(r.EssBulk), TextTable.Whole(r.EssTail), TextTable.Rhat(r.Rhat),
            ])));
        output.WriteLine();
        output.Write(TextTable.Format(
            ["chain", "draws", "divergent", "max_treedepth_hits", "ebfmi"],
            diagnostics.Chains.Select(c => (IReadOnlyList<string>)
            [
                c.Chain.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Draws.ToString(System.Globalization.CultureInfo.InvariantCulture),
                c.Divergences.ToString(System.Globalization.CultureInfo.InvariantCulture), c.MaxTreedepthHits.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TextTable.Number(c.Ebfmi),
            ])));
        output.WriteLine($"Divergent transitions: {diagnostics.Divergences}; at maximum tree depth ({maxDepth}): {diagnostics.MaxTreedepthHits}.");
        foreach (string w in diagnostics.Warnings) output.WriteLine("Warning: " + w);

        if (target is not null)
        {
            string temporary = target + ".partial";
            SummaryCsvWriter.Write(temporary, rows);
            File.Move(temporary, target, overwrite: true);
            output.WriteLine($"Summary written to {target}");
        }
        return Program.Success;
    }
}
