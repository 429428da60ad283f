// `bayesglmm summarize`: summarises CmdStan CSV draws files (this program's, a killed run's leftovers, or CmdStan's own).
using System.CommandLine;
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
        if (target is not null) OutputChecks.Writable(target, "--output");
        var summary = DrawsFileSummary.Read(paths);
        output.Write(DrawsFileSummaryText.Format(summary));
        if (target is not null)
        {
            SummaryCsvWriter.WriteWhole(target, summary.Rows);
            output.WriteLine($"Summary written to {target}");
        }
        return Program.Success;
    }
}
