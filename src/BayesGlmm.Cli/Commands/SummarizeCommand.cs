// `bayesglmm summarize`: summarises CmdStan CSV draws files (this program's, a killed run's leftovers, or CmdStan's own).
using System.CommandLine;
using System.Globalization;
using BayesGlmm.Fitting;
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
            Description = "One CmdStan CSV draws file per chain (chain-1.csv chain-2.csv ..., or CmdStan's output files), or a directory holding chain-N.csv files (a fit's output, or the hidden .NAME.partial-* directory a killed run left).",
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
        var c = CultureInfo.InvariantCulture;
        var s = DrawsFileSummary.Read(paths);
        var diagnostics = s.Diagnostics;
        int made = s.Lengths.Sum();
        output.WriteLine(s.Lengths.Distinct().Count() == 1
            ? $"{s.Files.Count} chains, {s.Lengths[0]} draws each ({made} in all)"
            : $"{s.Files.Count} chains, {string.Join(", ", s.Lengths)} draws ({made} in all); summarised: {s.SummaryFiles.Count} chains × {s.SummaryDrawsPerFile} draws");
        output.WriteLine();
        output.Write(TextTable.Format(
            ["variable", "mean", "sd", "q5", "q50", "q95", "mcse_mean", "mcse_sd", "ess_bulk", "ess_tail", "rhat"],
            s.Rows.Select(r => (IReadOnlyList<string>)
            [
                r.Variable, TextTable.Number(r.Mean), TextTable.Number(r.Sd), TextTable.Number(r.Q5), TextTable.Number(r.Q50), TextTable.Number(r.Q95),
                TextTable.Number(r.McseMean), TextTable.Number(r.McseSd), TextTable.Whole(r.EssBulk), TextTable.Whole(r.EssTail), TextTable.Rhat(r.Rhat),
            ])));
        output.WriteLine();
        output.Write(TextTable.Format(
            ["chain", "draws", "divergent", "max_treedepth_hits", "ebfmi"],
            diagnostics.Chains.Select(d => (IReadOnlyList<string>)
            [
                d.Chain.ToString(c), d.Draws.ToString(c), d.Divergences.ToString(c), d.MaxTreedepthHits.ToString(c), TextTable.Number(d.Ebfmi),
            ])));
        output.WriteLine($"Divergent transitions: {diagnostics.Divergences}; at maximum tree depth ({s.MaxTreeDepth}): {diagnostics.MaxTreedepthHits}.");
        foreach (string w in diagnostics.Warnings) output.WriteLine("Warning: " + w);
        foreach (string note in s.Notes) output.WriteLine("Note: " + note);

        if (target is not null)
        {
            string temporary = target + ".partial";
            SummaryCsvWriter.Write(temporary, s.Rows);
            File.Move(temporary, target, overwrite: true);
            output.WriteLine($"Summary written to {target}");
        }
        return Program.Success;
    }
}
