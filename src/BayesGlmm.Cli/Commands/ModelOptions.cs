// The options that describe a model and its sampler settings, shared by the commands that fit (fit, sbc).
using System.CommandLine;
using System.Globalization;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Sampling;

namespace BayesGlmm.Cli.Commands;

/// <summary>
/// A model file argument or the flags --data, --formula, --family, --prior, --factor, --name, and the sampler
/// settings; <see cref="Resolve"/> turns them into a model and settings (flags win over the model file).
/// </summary>
internal sealed class ModelOptions
{
    /// <summary>The flag of each sampler setting, by <see cref="SamplerOptions"/> property.</summary>
    public static readonly IReadOnlyDictionary<string, string> SamplerFlags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(SamplerOptions.Chains)] = "--chains",
        [nameof(SamplerOptions.Warmup)] = "--warmup",
        [nameof(SamplerOptions.Draws)] = "--draws",
        [nameof(SamplerOptions.Seed)] = "--seed",
        [nameof(SamplerOptions.AdaptDelta)] = "--adapt-delta",
        [nameof(SamplerOptions.MaxTreeDepth)] = "--max-treedepth",
        [nameof(SamplerOptions.StepSizeJitter)] = "--stepsize-jitter",
        [nameof(SamplerOptions.Metric)] = "--metric",
        [nameof(SamplerOptions.Adaptation)] = "--adaptation",
        [nameof(SamplerOptions.Integrator)] = "--integrator",
        [nameof(SamplerOptions.MaxDegreeOfParallelism)] = "--threads",
        [nameof(SamplerOptions.ThreadsPerChain)] = "--threads-per-chain",
    };

    /// <summary>The sampler's defaults, which the help states (<see cref="SamplerOptions"/> states them once).</summary>
    private static readonly SamplerOptions Defaults = new();

    private static string I(int x) => x.ToString(CultureInfo.InvariantCulture);

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
    public readonly Option<int?> ChainsOption = OptionChecks.SamplerWhole("--chains", nameof(SamplerOptions.Chains), $"Number of chains (default {I(Defaults.Chains)}).", (o, v) => o with { Chains = v });
    public readonly Option<int?> WarmupOption = OptionChecks.SamplerWhole("--warmup", nameof(SamplerOptions.Warmup), $"Warmup iterations per chain (default {I(Defaults.Warmup)}).", (o, v) => o with { Warmup = v });
    public readonly Option<int?> DrawsOption = OptionChecks.SamplerWhole("--draws", nameof(SamplerOptions.Draws), $"Draws per chain after warmup (default {I(Defaults.Draws)}).", (o, v) => o with { Draws = v });
    public readonly Option<ulong?> SeedOption = OptionChecks.Seed("--seed", $"Random seed (default {Defaults.Seed.ToString(CultureInfo.InvariantCulture)}); the same seed gives the same draws.");
    public readonly Option<double?> AdaptDeltaOption = OptionChecks.SamplerNumber("--adapt-delta", nameof(SamplerOptions.AdaptDelta), $"Target acceptance statistic of the step-size adaptation (default {Defaults.AdaptDelta.ToString(CultureInfo.InvariantCulture)}).", (o, v) => o with { AdaptDelta = v });
    public readonly Option<int?> TreeDepthOption = OptionChecks.SamplerWhole("--max-treedepth", nameof(SamplerOptions.MaxTreeDepth), $"Maximum tree depth of NUTS (default {I(Defaults.MaxTreeDepth)}).", (o, v) => o with { MaxTreeDepth = v });
    public readonly Option<double?> JitterOption = OptionChecks.SamplerNumber("--stepsize-jitter", nameof(SamplerOptions.StepSizeJitter), $"Jitter of the step size per sampling iteration, a fraction from 0 to 1 (CmdStan's stepsize_jitter; default {Defaults.StepSizeJitter.ToString(CultureInfo.InvariantCulture)}).", (o, v) => o with { StepSizeJitter = v });
    public readonly Option<string?> MetricOption = OptionChecks.OneOf("--metric", $"The metric adapted in warmup: {SamplerOptions.RangeOf(nameof(SamplerOptions.Metric))} (default {MetricNames.Of(Defaults.Metric)}, or {MetricNames.Of(SamplerOptions.DefaultMetric(AdaptationKind.Stan))} with --adaptation stan); dense goes with --adaptation stan, low_rank with fisher.", [.. MetricNames.All]);
    public readonly Option<string?> AdaptationOption = OptionChecks.OneOf("--adaptation",
        $"Warmup adaptation: stan (Stan's windows) or fisher (metric from draws and gradients) (default {AdaptationNames.Of(Defaults.Adaptation)}).", [.. AdaptationNames.All]);
    public readonly Option<string?> IntegratorOption = OptionChecks.OneOf("--integrator",
        $"Trajectory integrator of the sampling iterations: walnuts (step size refined within trajectories where the energy error grows) or leapfrog (Stan's) (default {IntegratorNames.Of(Defaults.Integrator)}).", [.. IntegratorNames.All]);
    public readonly Option<string?> ConjugateEffectsOption = OptionChecks.OneOf("--conjugate-effects",
        "marginal (default): integrate gamma, beta and inverse_gamma group-level effects out where exact and draw them per draw; joint: sample them.", "marginal", "joint");
    public readonly Option<string?> CentringOption = OptionChecks.OneOf("--centring",
        "How a random intercept nested in another is sampled on the joint route: auto (default: as the data support, pair by pair: none where the inner levels are weakly informed, else centred on the intercept where the outer levels hold 10 or more inner levels each and their means are informed, else nested), none (every term non-centred), nested (the inner term as totals around its parent's effect), intercept (the outer term as level means around the intercept, the inner one as totals around them), partial (poisson(log) models: the longest chain of nested intercepts partially non-centred level by level, weights from the counts and the Laplace estimate's sds; experimental). The posterior is the same.",
        "auto", "none", "nested", "intercept", "partial");
    public readonly Option<string?> EffectsOption = OptionChecks.OneOf("--effects",
        "auto (default): integrated for gaussian identity models with normal effects and no smooth terms, else joint; joint: sample normal group-level effects; integrated: integrate them out exactly (gaussian identity models); quadrature: integrate one random intercept out by adaptive Gauss-Hermite quadrature. Effects are drawn per draw.",
        "auto", "joint", "integrated", "quadrature");
    public readonly Option<string?> InitOption = OptionChecks.OneOf("--init",
        $"Where the chains start: mode (default; each chain from its own random point moved towards the posterior mode by at most {I(SamplerOptions.DefaultModeSearchIterations)} L-BFGS iterations), random (Stan's uniform(-2, 2) on the unconstrained scale, used as it is) or estimate (each chain at its own dispersed point around the marginal estimate of 'bayesglmm estimate', sampled group-level effects at their conditional modes).",
        [.. ChainStarts.All]);
    public readonly Option<int?> QuadratureNodesOption = new("--quadrature-nodes") { Description = "Nodes per cluster of the quadrature route (default 7; 1 is the Laplace approximation)." };
    public readonly Option<bool> NoInterweavingOption = new("--no-interweaving")
    {
        Description = "Do not draw the sd of non-centred group-level effects again after each transition (a Gibbs step given the effects, on by default); with --adaptation stan --integrator leapfrog --init random this is Stan's NUTS.",
    };
    public readonly Option<bool> NoCenterOption = new("--no-center")
    {
        Description = "brms's center = FALSE: the Intercept prior (and an ordinal model's cutpoints) on the uncentred intercept instead of the intercept of the centred predictors.",
    };
    public readonly Option<int?> ThreadsOption = OptionChecks.SamplerWhole("--threads", nameof(SamplerOptions.MaxDegreeOfParallelism), "Threads for the chains (default: all cores).", (o, v) => o with { MaxDegreeOfParallelism = v });
    public readonly Option<int?> ThreadsPerChainOption = OptionChecks.SamplerWhole("--threads-per-chain", nameof(SamplerOptions.ThreadsPerChain),
        "Threads that share each chain's gradient for large data (default: the cores divided among the chains run at once); the draws do not depend on it.",
        (o, v) => o with { ThreadsPerChain = v });

    /// <summary>Adds the argument and every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(ModelArgument);
        foreach (Option option in new Option[]
                 {
                     DataOption, FormulaOption, FamilyOption, PriorOption, FactorOption, NameOption, ChainsOption, WarmupOption,
                     DrawsOption, SeedOption, AdaptDeltaOption, TreeDepthOption, JitterOption, MetricOption, AdaptationOption, IntegratorOption, ConjugateEffectsOption,
                     EffectsOption, CentringOption, QuadratureNodesOption, InitOption, NoCenterOption, NoInterweavingOption, ThreadsOption, ThreadsPerChainOption,
                 })
            command.Options.Add(option);
    }

    /// <summary>The model and settings from a model file and/or flags (flags win); the settings are checked.</summary>
    /// <exception cref="InputException">No model is given, or the settings together are out of range (naming the flag).</exception>
    public (ModelSpec Spec, SamplerOptions Settings) Resolve(ParseResult parse, string command)
    {
        string? modelPath = parse.GetValue(ModelArgument);
        string? data = parse.GetValue(DataOption), formula = parse.GetValue(FormulaOption), family = parse.GetValue(FamilyOption);
        string[] priors = parse.GetValue(PriorOption) ?? [], factors = parse.GetValue(FactorOption) ?? [];
        ModelSpec spec;
        SamplerOptions settings;
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
            settings = new SamplerOptions();
        }
        if (parse.GetValue(NameOption) is string name) spec = spec with { Name = name };
        if (parse.GetValue(ConjugateEffectsOption) is string route) spec = spec with { JointConjugateEffects = route == "joint" };
        if (parse.GetValue(EffectsOption) is string effects) spec = spec with { Effects = EffectsRoutes.Parse(effects, "--effects") };
        if (parse.GetValue(CentringOption) is string centring) spec = spec with { Centring = Centrings.Parse(centring, "--centring") };
        if (parse.GetValue(QuadratureNodesOption) is int nodes)
            spec = nodes >= 1 ? spec with { QuadratureNodes = nodes }
                : throw new InputException($"--quadrature-nodes is {nodes}; give a positive number of nodes (1 is the Laplace approximation).");
        if (parse.GetValue(NoCenterOption)) spec = spec with { Center = false };
        if (parse.GetValue(InitOption) is string init) spec = spec with { Init = ChainStarts.Parse(init, "--init") };
        settings = settings with
        {
            Chains = parse.GetValue(ChainsOption) ?? settings.Chains,
            Warmup = parse.GetValue(WarmupOption) ?? settings.Warmup,
            Draws = parse.GetValue(DrawsOption) ?? settings.Draws,
            Seed = parse.GetValue(SeedOption) ?? settings.Seed,
            AdaptDelta = parse.GetValue(AdaptDeltaOption) ?? settings.AdaptDelta,
            MaxTreeDepth = parse.GetValue(TreeDepthOption) ?? settings.MaxTreeDepth,
            StepSizeJitter = parse.GetValue(JitterOption) ?? settings.StepSizeJitter,
            Integrator = parse.GetValue(IntegratorOption) is string g ? IntegratorNames.Parse(g)!.Value : settings.Integrator,
            MaxDegreeOfParallelism = parse.GetValue(ThreadsOption) ?? settings.MaxDegreeOfParallelism,
            ThreadsPerChain = parse.GetValue(ThreadsPerChainOption) ?? settings.ThreadsPerChain,
            Interweave = settings.Interweave && !parse.GetValue(NoInterweavingOption),
        };
        settings = settings.WithAdaptation(parse.GetValue(AdaptationOption) is string a ? AdaptationNames.Parse(a)!.Value : null,
            parse.GetValue(MetricOption) is string m ? MetricNames.Parse(m)!.Value : null);
        Check(settings);
        return (spec, settings);
    }

    /// <summary>Validates <paramref name="settings"/>, naming the flag of a setting out of range.</summary>
    public static void Check(SamplerOptions settings)
    {
        try
        {
            settings.Validate();
        }
        catch (SettingOutOfRangeException e)
        {
            string flag = SamplerFlags.TryGetValue(e.ParamName!, out string? f) ? f : e.ParamName!;
            throw new InputException(OptionChecks.Error(flag, e.Value, e.Range), e);
        }
    }
}
