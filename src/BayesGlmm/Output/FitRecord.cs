// The contents of fit.json: what was fitted, how, with which program, how long it took, and the column map.
namespace BayesGlmm.Output;

/// <summary>Everything fit.json records about one fit (serialised with snake_case names by <see cref="FitJson"/>).</summary>
public sealed record FitRecord
{
    /// <summary>The program that made the fit.</summary>
    public string Program { get; init; } = "bayesglmm";

    /// <summary>The program's version.</summary>
    public string Version { get; init; } = "";

    /// <summary>The model.</summary>
    public required FitModelRecord Model { get; init; }

    /// <summary>The data file.</summary>
    public required FitDataRecord Data { get; init; }

    /// <summary>The random seed.</summary>
    public ulong Seed { get; init; }

    /// <summary>The sampler settings.</summary>
    public required FitSettingsRecord Settings { get; init; }

    /// <summary>Versions of the program and its runtime.</summary>
    public required FitVersionsRecord Versions { get; init; }

    /// <summary>When the run started and how long it took.</summary>
    public required FitTimingRecord Timing { get; init; }

    /// <summary>
    /// Wall-clock and process CPU seconds of each stage of the run, in order (startup, read_data, build_model,
    /// sample, summary, draws_files, plots, model_checks, sensitivity, report; those that ran).
    /// </summary>
    public IReadOnlyList<FitStageRecord> Stages { get; init; } = [];

    /// <summary>Per-chain results.</summary>
    public IReadOnlyList<FitChainRecord> Chains { get; init; } = [];

    /// <summary>Gradient evaluations of all chains, warmup and step-size search included.</summary>
    public long GradientEvaluations { get; init; }

    /// <summary>Sampler and convergence diagnostics.</summary>
    public required FitDiagnosticsRecord Diagnostics { get; init; }

    /// <summary>True when the run was interrupted; the files hold the draws finished by then.</summary>
    public bool Cancelled { get; init; }

    /// <summary>
    /// The 1-based chains the summary, R-hat and ESS use: every chain, unless an interrupted run's chains stopped at
    /// different points (then the largest equal-length block, <c>EqualLengthChains.Largest</c>).
    /// </summary>
    public IReadOnlyList<int> SummaryChains { get; init; } = [];

    /// <summary>The draws of each of <see cref="SummaryChains"/> that the summary uses (their first ones).</summary>
    public int SummaryDrawsPerChain { get; init; }

    /// <summary>Every parameter column of the chain files with its brms name.</summary>
    public IReadOnlyList<FitColumnRecord> Columns { get; init; } = [];
}

/// <summary>The model of a fit.</summary>
public sealed record FitModelRecord(
    string Name,
    string Formula,
    string Family,
    IReadOnlyList<FitPriorRecord> Priors,
    IReadOnlyList<string> Factors)
{
    /// <summary>Whether conjugate group-level effects were sampled jointly rather than integrated out (false when the model has none).</summary>
    public bool JointConjugateEffects { get; init; }

    /// <summary>How normal group-level effects entered the log density (the route taken): joint, integrated or quadrature (joint when absent).</summary>
    public string Effects { get; init; } = "joint";

    /// <summary>How nested random intercepts were sampled: auto, none, nested, intercept or partial (none when absent: files of earlier versions).</summary>
    public string Centring { get; init; } = "none";

    /// <summary>
    /// The pairs the centring sampled centred, as "inner in outer: nested" or "…: intercept" (empty: none; null in files of
    /// earlier versions, which did not record them).
    /// </summary>
    public IReadOnlyList<string>? CentredPairs { get; init; }

    /// <summary>The quadrature route's nodes per cluster, or null on the other routes.</summary>
    public int? QuadratureNodes { get; init; }

    /// <summary>The quadrature route's check: the largest |log L(K nodes) − log L(2K nodes)| over 20 draws, or null on the other routes.</summary>
    public double? QuadratureError { get; init; }

    /// <summary>Whether the prior was sampled alone, the likelihood switched off (brms's <c>sample_prior = "only"</c>).</summary>
    public bool PriorOnly { get; init; }

    /// <summary>The prior statements as given (<c>b ~ normal(0, 5)</c>); empty in fit.json files of earlier versions.</summary>
    public IReadOnlyList<string> PriorStatements { get; init; } = [];

    /// <summary>brms's <c>center</c>: whether an implicit intercept's prior applied to the intercept of the centred predictors (true when absent).</summary>
    public bool Center { get; init; } = true;
}

/// <summary>A prior as used: the parameter or class, the prior, and whether it is the default.</summary>
public sealed record FitPriorRecord(string Parameter, string Prior, bool IsDefault);

/// <summary>The data file, its SHA-256 and how many rows were used.</summary>
public sealed record FitDataRecord(string File, string Sha256, int Rows, int RowsUsed, int RowsDropped);

/// <summary>The sampler settings of a fit.</summary>
public sealed record FitSettingsRecord
{
    /// <summary>Number of chains.</summary>
    public int Chains { get; init; }
    /// <summary>Warmup iterations per chain.</summary>
    public int Warmup { get; init; }
    /// <summary>Sampling iterations per chain.</summary>
    public int Draws { get; init; }
    /// <summary>Target acceptance statistic.</summary>
    public double AdaptDelta { get; init; }
    /// <summary>Maximum tree depth.</summary>
    public int MaxTreedepth { get; init; }
    /// <summary>Jitter of the step size per sampling iteration (0 in fit.json files of earlier versions).</summary>
    public double StepsizeJitter { get; init; }
    /// <summary><c>diag</c>, <c>dense</c> or <c>low_rank</c>.</summary>
    public string Metric { get; init; } = "diag";
    /// <summary>The warmup adaptation: <c>stan</c> or <c>fisher</c>.</summary>
    public string Adaptation { get; init; } = "stan";
    /// <summary>The trajectory integrator: <c>leapfrog</c> or <c>walnuts</c> (<c>leapfrog</c> in fit.json files of earlier versions).</summary>
    public string Integrator { get; init; } = "leapfrog";
    /// <summary>Whether the scales of non-centred effects were drawn again after each transition (<see cref="Sampling.SamplerOptions.Interweave"/>; false in fit.json files of earlier versions).</summary>
    public bool Interweave { get; init; }
    /// <summary>
    /// How the chains started: <c>random</c> (uniform within <see cref="InitRadius"/>), <c>estimate</c> (<see cref="Fitting.ChainStart"/>)
    /// or <c>given</c> (points given to the library, <see cref="Sampling.SamplerOptions.InitialPoints"/>); <c>random</c> in fit.json files of earlier versions.
    /// </summary>
    public string Init { get; init; } = "random";
    /// <summary>Radius of the uniform initialisation.</summary>
    public double InitRadius { get; init; }
    /// <summary>Dual-averaging gamma.</summary>
    public double Gamma { get; init; }
    /// <summary>Dual-averaging kappa.</summary>
    public double Kappa { get; init; }
    /// <summary>Dual-averaging t0.</summary>
    public double T0 { get; init; }
    /// <summary>Initial adaptation buffer.</summary>
    public int InitBuffer { get; init; }
    /// <summary>Terminal adaptation buffer.</summary>
    public int TermBuffer { get; init; }
    /// <summary>First metric window.</summary>
    public int Window { get; init; }

    /// <summary>The record of <paramref name="options"/>.</summary>
    public static FitSettingsRecord From(Sampling.SamplerOptions options) => new()
    {
        Chains = options.Chains,
        Warmup = options.Warmup,
        Draws = options.Draws,
        AdaptDelta = options.AdaptDelta,
        MaxTreedepth = options.MaxTreeDepth,
        StepsizeJitter = options.StepSizeJitter,
        Metric = Sampling.MetricNames.Of(options.Metric),
        Adaptation = Sampling.AdaptationNames.Of(options.Adaptation),
        Integrator = Sampling.IntegratorNames.Of(options.Integrator),
        Interweave = options.Interweave,
        InitRadius = options.InitRadius,
        Gamma = options.Gamma,
        Kappa = options.Kappa,
        T0 = options.T0,
        InitBuffer = options.InitBuffer,
        TermBuffer = options.TermBuffer,
        Window = options.BaseWindow,
    };

    /// <summary>The sampler settings this record describes, with <paramref name="seed"/>.</summary>
    public Sampling.SamplerOptions ToSamplerOptions(ulong seed) => new()
    {
        Chains = Chains,
        Warmup = Warmup,
        Draws = Draws,
        Seed = seed,
        AdaptDelta = AdaptDelta,
        MaxTreeDepth = MaxTreedepth,
        StepSizeJitter = StepsizeJitter,
        Metric = Sampling.MetricNames.Parse(Metric) ?? Sampling.MetricKind.Diagonal,
        Adaptation = Sampling.AdaptationNames.Parse(Adaptation) ?? Sampling.AdaptationKind.Stan,
        Integrator = Sampling.IntegratorNames.Parse(Integrator) ?? Sampling.IntegratorKind.Leapfrog,
        Interweave = Interweave,
        InitRadius = InitRadius,
        Gamma = Gamma,
        Kappa = Kappa,
        T0 = T0,
        InitBuffer = InitBuffer,
        TermBuffer = TermBuffer,
        BaseWindow = Window,
    };
}

/// <summary>Versions of the program, the runtime and the operating system.</summary>
public sealed record FitVersionsRecord(string Bayesglmm, string Dotnet, string Os, string CmdstanCsvLayout);

/// <summary>Start, end and total wall time of a fit.</summary>
public sealed record FitTimingRecord(DateTimeOffset Start, DateTimeOffset End, double TotalSeconds);

/// <summary>
/// One stage of a run: its name, wall-clock seconds, the CPU seconds of every thread of the process, and the
/// process's peak resident memory in MB when the stage ended (so the stage that raised the peak can be read off).
/// </summary>
public sealed record FitStageRecord(string Stage, double Seconds, double CpuSeconds, double PeakResidentMb = 0);

/// <summary>One chain's results.</summary>
public sealed record FitChainRecord
{
    /// <summary>1-based chain number.</summary>
    public int Chain { get; init; }
    /// <summary>The chain's CmdStan CSV file name; empty when the chain made no draw (and has no file).</summary>
    public string File { get; init; } = "";
    /// <summary>How the chain ended: <see cref="ChainStatus"/>'s <c>complete</c>, <c>stopped in sampling</c>, <c>stopped in warmup</c> or <c>not started</c>.</summary>
    public string Status { get; init; } = ChainStatus.Complete;
    /// <summary>Warmup iterations made.</summary>
    public int WarmupIterations { get; init; }
    /// <summary>Sampling draws made (all of them in the chain file).</summary>
    public int Draws { get; init; }
    /// <summary>Adapted step size.</summary>
    public double StepSize { get; init; }
    /// <summary>Warmup wall time in seconds.</summary>
    public double WarmupSeconds { get; init; }
    /// <summary>Sampling wall time in seconds.</summary>
    public double SamplingSeconds { get; init; }
    /// <summary>Every gradient evaluation of the chain.</summary>
    public long GradientEvaluations { get; init; }
    /// <summary>Leapfrog steps during warmup.</summary>
    public long WarmupLeapfrogSteps { get; init; }
    /// <summary>Leapfrog steps during sampling (Σ n_leapfrog__).</summary>
    public long SamplingLeapfrogSteps { get; init; }
    /// <summary>Divergent transitions after warmup, over every draw the chain made.</summary>
    public int Divergences { get; init; }
    /// <summary>Divergent transitions during warmup (not in the draws; expected while the step size adapts).</summary>
    public int WarmupDivergences { get; init; }
    /// <summary>Draws that hit the maximum tree depth.</summary>
    public int MaxTreedepthHits { get; init; }
    /// <summary>Energy Bayesian fraction of missing information.</summary>
    public double Ebfmi { get; init; }
}

/// <summary>The ways a chain can end, as fit.json writes them.</summary>
public static class ChainStatus
{
    /// <summary>Every warmup iteration and draw made.</summary>
    public const string Complete = "complete";

    /// <summary>Interrupted after some draws.</summary>
    public const string StoppedInSampling = "stopped in sampling";

    /// <summary>Interrupted before its first draw, during warmup.</summary>
    public const string StoppedInWarmup = "stopped in warmup";

    /// <summary>Interrupted before its first iteration (it was waiting for a free core).</summary>
    public const string NotStarted = "not started";

    /// <summary>The status of a chain that made <paramref name="warmupDone"/> warmup iterations and <paramref name="drawsDone"/> of <paramref name="draws"/> draws.</summary>
    public static string Of(int warmupDone, int drawsDone, int draws) =>
        drawsDone >= draws ? Complete : drawsDone > 0 ? StoppedInSampling : warmupDone > 0 ? StoppedInWarmup : NotStarted;

    /// <summary>Where a chain stopped, in words: <c>chain 2: 598 of 1000 draws</c>, <c>chain 3: warmup iteration 12 of 1000</c>, <c>chain 4: not started</c>.</summary>
    public static string Describe(FitChainRecord chain, int warmup, int draws)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        string where = chain.Status switch
        {
            Complete => $"all {draws.ToString(c)} draws",
            StoppedInSampling => $"{chain.Draws.ToString(c)} of {draws.ToString(c)} draws",
            StoppedInWarmup => $"stopped in warmup at iteration {chain.WarmupIterations.ToString(c)} of {warmup.ToString(c)}, no draws",
            _ => "not started, no draws",
        };
        return $"chain {chain.Chain.ToString(c)}: {where}";
    }
}

/// <summary>Sampler and convergence diagnostics of a fit.</summary>
public sealed record FitDiagnosticsRecord
{
    /// <summary>Divergent transitions after warmup in the draws the summary uses.</summary>
    public int Divergences { get; init; }
    /// <summary>Draws at the maximum tree depth, all chains.</summary>
    public int MaxTreedepthHits { get; init; }
    /// <summary>The smallest E-BFMI of any chain.</summary>
    public double MinEbfmi { get; init; }
    /// <summary>The largest rank-normalised R-hat of any parameter.</summary>
    public double MaxRhat { get; init; }
    /// <summary>The smallest bulk ESS of any parameter.</summary>
    public double MinEssBulk { get; init; }
    /// <summary>The smallest tail ESS of any parameter.</summary>
    public double MinEssTail { get; init; }
    /// <summary>The warnings printed with the summary.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The record of <paramref name="diagnostics"/>.</summary>
    public static FitDiagnosticsRecord From(Reporting.FitDiagnostics diagnostics) => new()
    {
        Divergences = diagnostics.Divergences,
        MaxTreedepthHits = diagnostics.MaxTreedepthHits,
        MinEbfmi = diagnostics.Chains.Count == 0 ? double.NaN : diagnostics.Chains.Min(c => c.Ebfmi),
        MaxRhat = diagnostics.MaxRhat,
        MinEssBulk = diagnostics.MinEssBulk,
        MinEssTail = diagnostics.MinEssTail,
        Warnings = diagnostics.Warnings,
    };
}

/// <summary>A chain-file column and the brms quantity it holds.</summary>
public sealed record FitColumnRecord(string Column, string Variable, string? Level, string? Coefficient, IReadOnlyList<int> Indices)
{
    /// <summary>The position of the quantity among the model's reported quantities (absent in fit.json files of earlier versions).</summary>
    public int? OutputIndex { get; init; }
}
