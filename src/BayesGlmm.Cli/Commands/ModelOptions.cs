// The options that describe a model and its sampler settings, shared by the commands that fit (fit, sbc).
using System.CommandLine;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;

namespace BayesGlmm.Cli.Commands;

/// <summary>
/// A model file argument or the flags --data, --formula, --family, --prior, --factor, --name, and the sampler
/// settings; <see cref="Resolve"/> turns them into a model and settings (flags win over the model file).
/// </summary>
internal sealed class ModelOptions
{
    public readonly Argument<string?> ModelArgument = new("MODEL")
    {
        Description = "A model file (JSON: name, data, formula, family, priors, factors, sampler settings), e.g. models/radon.json.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public readonly Option<string?> DataOption = new("--data") { Description = "The data file (CSV with a header row), instead of a model file." };
    public readonly Option<string?> FormulaOption = new("--formula") { Description = "The model formula in lme4/brms syntax, e.g. \"y ~ x + (1 | g)\"." };
    public readonly Option<string?> FamilyOption = new("--family") { Description = "The family and link, e.g. gaussian, poisson, \"binomial(probit)\" (default gaussian)." };
    public readonly Option<string[]> PriorOption = new("--prior") { Description = "A prior, e.g. \"b ~ normal(0, 5)\" (repeat for several)." };
    public readonly Option<string[]> FactorOption = new("--factor") { Description = "A column to treat as categorical (repeat for several)." };
    public readonly Option<string?> NameOption = new("--name") { Description = "The model's name in the outputs." };
    public readonly Option<int?> ChainsOption = new Option<int?>("--chains") { Description = "Number of chains (default 4)." }.Positive();
    public readonly Option<int?> WarmupOption = new Option<int?>("--warmup") { Description = "Warmup iterations per chain (default 1000)." }.Positive();
    public readonly Option<int?> DrawsOption = new Option<int?>("--draws") { Description = "Draws per chain after warmup (default 1000)." }.Positive();
    public readonly Option<ulong?> SeedOption = new("--seed") { Description = "Random seed (default 1); the same seed gives the same draws." };
    public readonly Option<double?> AdaptDeltaOption = new Option<double?>("--adapt-delta") { Description = "Target acceptance statistic of the step-size adaptation (default 0.8)." }.OpenUnitInterval();
    public readonly Option<int?> TreeDepthOption = new Option<int?>("--max-treedepth") { Description = "Maximum tree depth of NUTS (default 10)." }.Positive();
    public readonly Option<string?> MetricOption = new("--metric") { Description = "The metric adapted in warmup: diag or dense (default diag)." };
    public readonly Option<string?> ConjugateEffectsOption = new("--conjugate-effects")
    {
        Description = "marginal (default): integrate gamma, beta and inverse_gamma group-level effects out where exact and draw them per draw; joint: sample them.",
    };
    public readonly Option<bool> NoCenterOption = new("--no-center")
    {
        Description = "brms's center = FALSE: the Intercept prior (and an ordinal model's cutpoints) on the uncentred intercept instead of the intercept of the centred predictors.",
    };
    public readonly Option<int?> ThreadsOption = new Option<int?>("--threads") { Description = "Threads for the chains (default: all cores)." }.Positive();

    /// <summary>Creates the options, with --metric limited to diag and dense.</summary>
    public ModelOptions()
    {
        MetricOption.AcceptOnlyFromAmong("diag", "dense");
        ConjugateEffectsOption.AcceptOnlyFromAmong("marginal", "joint");
    }

    /// <summary>Adds the argument and every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(ModelArgument);
        foreach (Option option in new Option[]
                 {
                     DataOption, FormulaOption, FamilyOption, PriorOption, FactorOption, NameOption, ChainsOption, WarmupOption,
                     DrawsOption, SeedOption, AdaptDeltaOption, TreeDepthOption, MetricOption, ConjugateEffectsOption, NoCenterOption, ThreadsOption,
                 })
            command.Options.Add(option);
    }

    /// <summary>The model and settings from a model file and/or flags (flags win).</summary>
    public (ModelSpec Spec, FitSettings Settings) Resolve(ParseResult parse, string command)
    {
        string? modelPath = parse.GetValue(ModelArgument);
        string? data = parse.GetValue(DataOption), formula = parse.GetValue(FormulaOption), family = parse.GetValue(FamilyOption);
        string[] priors = parse.GetValue(PriorOption) ?? [], factors = parse.GetValue(FactorOption) ?? [];
        ModelSpec spec;
        FitSettings settings;
        if (modelPath is not null)
        {
            var file = ModelFile.Load(modelPath);
            spec = file.Model;
            settings = file.Settings;
            if (data is not null) spec = spec with { DataPath = Path.GetFullPath(data) };
            if (formula is not null) spec = spec with { Formula = formula };
            if (family is not null) spec = spec with { Family = family };
            if (priors.Length > 0) spec = spec with { Priors = spec.Priors.Concat(priors).ToArray() };
            if (factors.Length > 0) spec = spec with { Factors = spec.Factors.Concat(factors).ToArray() };
        }
        else
        {
            if (data is null || formula is null)
                throw new InputException($"{command} needs a model file (bayesglmm {command} models/radon.json) or both --data and --formula.");
            spec = new ModelSpec(Path.GetFileNameWithoutExtension(data), Path.GetFullPath(data), formula, family ?? "gaussian", priors, factors);
            settings = new FitSettings();
        }
        if (parse.GetValue(NameOption) is string name) spec = spec with { Name = name };
        if (parse.GetValue(ConjugateEffectsOption) is string route) spec = spec with { JointConjugateEffects = route == "joint" };
        if (parse.GetValue(NoCenterOption)) spec = spec with { Center = false };
        settings = settings with
        {
            Chains = parse.GetValue(ChainsOption) ?? settings.Chains,
            Warmup = parse.GetValue(WarmupOption) ?? settings.Warmup,
            Draws = parse.GetValue(DrawsOption) ?? settings.Draws,
            Seed = parse.GetValue(SeedOption) ?? settings.Seed,
            AdaptDelta = parse.GetValue(AdaptDeltaOption) ?? settings.AdaptDelta,
            MaxTreeDepth = parse.GetValue(TreeDepthOption) ?? settings.MaxTreeDepth,
            Metric = parse.GetValue(MetricOption) is string m ? FitSettings.ParseMetric(m) : settings.Metric,
            MaxDegreeOfParallelism = parse.GetValue(ThreadsOption) ?? settings.MaxDegreeOfParallelism,
        };
        return (spec, settings);
    }
}
