// `bayesglmm sbc`: a simulation-based calibration study of a model, resumable and shardable; `sbc merge` joins shards.
using System.CommandLine;
using System.Globalization;
using BayesGlmm.Analysis.Calibration;
using BayesGlmm.Cli.Calibration;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Priors;

namespace BayesGlmm.Cli.Commands;

/// <summary>The <c>sbc</c> command and its <c>merge</c> subcommand.</summary>
internal static class SbcCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new ModelOptions();
        var sims = new Option<int?>("--sims") { Description = "Number of simulations (default 1000)." }.Positive();
        var outOption = new Option<string>("--out") { Description = "The study directory (ranks.csv, uniformity.csv, plots, report.html).", Required = true };
        var generatePrior = new Option<string[]>("--generate-prior")
        {
            Description = "A prior used only to draw the truth and simulate the data, replacing the fit's prior for that parameter (repeat for several); a mismatch SBC should detect.",
        };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted study in --out, skipping finished simulations." };
        var shard = new Option<string?>("--shard") { Description = "Run only the simulations k with k mod n = i, given as i/n (e.g. 3/16)." };
        var randomEffects = new Option<bool>("--random-effects") { Description = "Also rank every group-level effect r_..." };
        var thin = new Option<int?>("--thin") { Description = "Keep every t-th posterior draw for the ranks (default 10)." }.Positive();
        var parallelFits = new Option<int?>("--parallel-fits") { Description = "Fits run at once (default: the number of cores)." }.Positive();
        var png = new Option<bool>("--png") { Description = "Also write PNG files beside the SVG plots." };
        var command = new Command("sbc", "Simulation-based calibration: draw from the prior, simulate data with the model's design, refit, and test the ranks for uniformity.");
        model.AddTo(command);
        foreach (Option option in new Option[] { sims, outOption, generatePrior, resume, shard, randomEffects, thin, parallelFits, png })
            command.Options.Add(option);
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse, model, new StudyOptions(
            parse.GetValue(sims) ?? 1000, parse.GetValue(outOption)!, parse.GetValue(generatePrior) ?? [], parse.GetValue(resume),
            parse.GetValue(shard), parse.GetValue(randomEffects), parse.GetValue(thin) ?? RankThinning.DefaultThin,
            parse.GetValue(parallelFits), parse.GetValue(png)), cancellation)));
        command.Subcommands.Add(CreateMerge());
        return command;
    }

    private sealed record StudyOptions(int Simulations, string Directory, string[] GeneratePriors, bool Resume, string? Shard,
        bool RandomEffects, int Thin, int? ParallelFits, bool Png);

    private static int Run(ParseResult parse, ModelOptions modelOptions, StudyOptions o, CancellationToken cancellation)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var (spec, settings) = modelOptions.Resolve(parse, "sbc");
        settings.Validate();
        var prepared = ModelComposition.Prepare(spec);
        IStatisticalModel? generator = null;
        if (o.GeneratePriors.Length > 0)
        {
            var overrides = o.GeneratePriors.Select(PriorSpec.Parse).ToArray();
            var kept = spec.Priors.Where(p => overrides.All(x => x.Target != PriorSpec.Parse(p).Target));
            generator = ModelComposition.Prepare(spec with { Priors = kept.Concat(o.GeneratePriors).ToArray() }).Model;
        }
        ShardSpec shard;
        try { shard = o.Shard is null ? ShardSpec.All : ShardSpec.Parse(o.Shard); }
        catch (FormatException e) { throw new InputException($"--shard {o.Shard}: {e.Message} Give it as i/n with 0 <= i < n."); }
        catch (ArgumentException e) { throw new InputException($"--shard {o.Shard}: {e.Message} Give it as i/n with 0 <= i < n."); }

        var options = new SbcOptions
        {
            Simulations = o.Simulations,
            Seed = settings.Seed,
            Sampler = settings.ToSamplerOptions(),
            Thin = o.Thin,
            IncludeRandomEffects = o.RandomEffects,
            MaxParallelFits = o.ParallelFits,
            Shard = shard,
        };
        var description = new Dictionary<string, string>
        {
            ["formula"] = spec.Formula,
            ["family"] = spec.Family,
            ["priors"] = string.Join("; ", spec.Priors),
            ["generate_priors"] = string.Join("; ", o.GeneratePriors),
            ["data_sha256"] = FitService.Sha256(spec.DataPath),
        };
        var study = new SbcStudy(prepared.Model, options, generator, description);

        using var notice = cancellation.Register(() => error.WriteLine("Abandoning the fits in flight; finished simulations are kept."));
        SbcStudyResult result;
        string message;
        try { result = study.Run(o.Directory, o.Resume, new SbcProgressLog(error), cancellation); }
        catch (InvalidOperationException e) when ((message = e.Message).Length > 0)
        {
            throw new InputException($"{o.Directory}: {message}");
        }
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
        var png = new Option<bool>("--png") { Description = "Also write PNG files beside the SVG plots." };
        var merge = new Command("merge", "Combine the shard directories of one study (--shard i/n runs) into one study.") { dirs, outOption, png };
        merge.SetAction(parse =>
        {
            SbcStudyResult result;
            string message;
            try { result = SbcStudy.Merge(parse.GetValue(dirs)!, parse.GetValue(outOption)!); }
            catch (InvalidOperationException e) when ((message = e.Message).Length > 0) { throw new InputException(message); }
            SbcReportWriter.Write(result, "Simulation-based calibration (merged shards)", parse.GetValue(png));
            Print(parse.InvocationConfiguration.Output, result);
            return Program.Success;
        });
        return merge;
    }

    private static void Print(TextWriter output, SbcStudyResult result)
    {
        var c = CultureInfo.InvariantCulture;
        int flagged = result.Simulations.Count(s => s.HasProblems), failed = result.Simulations.Count(s => s.Error is not null);
        output.WriteLine($"{result.Simulations.Count} simulations ({flagged} with sampler problems, kept and flagged; {failed} failed fits)");
        output.WriteLine();
        int width = Math.Max(8, result.Uniformity.Select(u => u.Variable.Length).DefaultIfEmpty(8).Max());
        output.WriteLine($"{"variable".PadRight(width)}  {"p_value",10}  verdict");
        foreach (var row in result.Uniformity)
        {
            string verdict = row.Result.Verdict == CalibrationVerdict.Ok ? "ok" : "miscalibrated";
            output.WriteLine($"{row.Variable.PadRight(width)}  {row.Result.PValue.ToString("G3", c),10}  {verdict}");
        }
        foreach (string w in result.Warnings) output.WriteLine("Warning: " + w);
        output.WriteLine();
        output.WriteLine($"Study written to {result.Directory} (ranks.csv, uniformity.csv, plots/, report.html)");
    }
}
