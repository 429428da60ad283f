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
    /// <summary><c>diag</c> or <c>dense</c>.</summary>
    public string Metric { get; init; } = "diag";
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
    /// <summary>The chain's CmdStan CSV file name.</summary>
    public string File { get; init; } = "";
    /// <summary>Sampling draws written.</summary>
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
    /// <summary>Divergent transitions after warmup.</summary>
    public int Divergences { get; init; }
    /// <summary>Draws that hit the maximum tree depth.</summary>
    public int MaxTreedepthHits { get; init; }
    /// <summary>Energy Bayesian fraction of missing information.</summary>
    public double Ebfmi { get; init; }
}

/// <summary>Sampler and convergence diagnostics of a fit.</summary>
public sealed record FitDiagnosticsRecord
{
    /// <summary>Divergent transitions after warmup, all chains.</summary>
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
}

/// <summary>A chain-file column and the brms quantity it holds.</summary>
public sealed record FitColumnRecord(string Column, string Variable, string? Level, string? Coefficient, IReadOnlyList<int> Indices);
