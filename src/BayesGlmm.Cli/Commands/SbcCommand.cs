// `bayesglmm sbc`: a simulation-based calibration study of a model, resumable and shardable; `sbc merge` joins shards.
using System.CommandLine;
using System.Globalization;
using BayesGlmm.Analysis.Calibration;
using BayesGlmm.Calibration;
using BayesGlmm.Cli.Calibration;
using BayesGlmm.Modeling;
using BayesGlmm.Reports;

namespace BayesGlmm.Cli.Commands;

/// <summary>The <c>sbc</c> command and its <c>merge</c> subcommand.</summary>
internal static class SbcCommand
{
    /// <summary>A study's defaults, which the help states.</summary>
    private static readonly SbcOptions Defaults = new();

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new ModelOptions();
        var sims = OptionChecks.Whole("--sims", $"Number of simulations (default {Defaults.Simulations.ToString(CultureInfo.InvariantCulture)}; with --resume, the study's own number, and a larger one extends it).");
        var outOption = new Option<string>("--out") { Description = "The study directory (ranks.csv, uniformity.csv, plots, report.html).", Required = true };
        var generatePrior = new Option<string[]>("--generate-prior")
        {
            Description = "A prior used only to draw the truth and simulate the data, replacing the fit's prior for that parameter (repeat for several); a mismatch SBC should detect.",
        };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted study in --out, skipping finished simulations; with a larger --sims, extend the study to that many." };
        var shard = new Option<string?>("--shard") { Description = "Run only the simulations k with k mod n = i, given as i/n (e.g. 3/16)." };
        var randomEffects = new Option<bool>("--random-effects") { Description = "Also rank every group-level effect r_..." };
        var thin = OptionChecks.Whole("--thin", $"Keep every t-th posterior draw for the ranks (default {Defaults.Thin.ToString(CultureInfo.InvariantCulture)}).");
        var parallelFits = OptionChecks.Whole("--parallel-fits", "Fits run at once (default: the number of cores).");
        var png = new Option<bool>("--png") { Description = "Also write PNG files beside the SVG plots." };
        var command = new Command("sbc", "Simulation-based calibration: draw from the prior, simulate data with the model's design, refit, and test the ranks for uniformity.");
        model.AddTo(command);
        foreach (Option option in new Option[] { sims, outOption, generatePrior, resume, shard, randomEffects, thin, parallelFits, png })
            command.Options.Add(option);
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse, model, new StudyOptions(
            parse.GetValue(sims), parse.GetValue(outOption)!, parse.GetValue(generatePrior) ?? [], parse.GetValue(resume),
            parse.GetValue(shard), parse.GetValue(randomEffects), parse.GetValue(thin) ?? Defaults.Thin,
            parse.GetValue(parallelFits), parse.GetValue(png)), cancellation)));
        command.Subcommands.Add(CreateMerge());
        return command;
    }

    private sealed record StudyOptions(int? Simulations, string Directory, string[] GeneratePriors, bool Resume, string? Shard,
        bool RandomEffects, int Thin, int? ParallelFits, bool Png);

    private static int Run(ParseResult parse, ModelOptions modelOptions, StudyOptions o, CancellationToken cancellation)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var (spec, settings) = modelOptions.Resolve(parse, "sbc");
        ShardSpec shard;
        try { shard = o.Shard is null ? ShardSpec.All : ShardSpec.Parse(o.Shard); }
        catch (FormatException e) { throw new InputException($"--shard {o.Shard}: {e.Message} Give it as i/n with 0 <= i < n."); }
        catch (ArgumentException e) { throw new InputException($"--shard {o.Shard}: {e.Message} Give it as i/n with 0 <= i < n."); }
        var request = new SbcRequest(spec, settings)
        {
            GeneratePriors = o.GeneratePriors,
            Simulations = o.Simulations,
            Shard = shard,
            Thin = o.Thin,
            RandomEffects = o.RandomEffects,
            ParallelFits = o.ParallelFits,
        };

        using var notice = cancellation.Register(() => error.WriteLine("Abandoning the fits in flight; finished simulations are kept."));
        var result = SbcService.Run(request, o.Directory, o.Resume, new SbcProgressLog(error), cancellation);
        if (result.Cancelled)
        {
            output.WriteLine($"Interrupted after {result.Simulations.Count} simulations; continue with --resume.");
            return Program.Interrupted;
        }
        SbcReportWriter.Write(result, $"{spec.Name}: simulation-based calibration", o.Png);
        Print(output, result);
        return Program.Success;
    }

    private static Command CreateMerge()
    {
        var dirs = new Argument<string[]>("DIR") { Description = "The shard directories of one study.", Arity = ArgumentArity.OneOrMore };
        var outOption = new Option<string>("--out") { Description = "The merged study directory.", Required = true };
        var partial = new Option<bool>("--partial")
        {
            Description = "Merge the directories even when they are not the whole study (shards missing, given twice or unfinished); the result says how many simulations it holds.",
        };
        var png = new Option<bool>("--png") { Description = "Also write PNG files beside the SVG plots." };
        var merge = new Command("merge", "Combine the shard directories of one study (--shard i/n runs) into one study; every shard must be there once and finished, unless --partial.")
        {
            dirs, outOption, partial, png,
        };
        merge.SetAction(parse =>
        {
            SbcStudyResult result;
            try
            {
                result = SbcService.Merge(parse.GetValue(dirs)!, parse.GetValue(outOption)!, parse.GetValue(partial));
            }
            catch (InputException e) when (e.Data.Contains(SbcService.PartialSetting))
            {
                throw new InputException(e.Message + " To merge what is there, add --partial.", e);
            }
            SbcReportWriter.Write(result, "Simulation-based calibration (merged shards)", parse.GetValue(png));
            Print(parse.InvocationConfiguration.Output, result);
            return Program.Success;
        });
        return merge;
    }

    private static void Print(TextWriter output, SbcStudyResult result)
    {
        output.Write(SbcText.Format(result));
        output.WriteLine();
        output.WriteLine($"Study written to {result.Directory} (ranks.csv, uniformity.csv, plots/, report.html)");
    }
}
