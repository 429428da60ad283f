// What the comment header of a CmdStan CSV file records about one chain's run.
namespace BayesGlmm.Output;

/// <summary>
/// The settings written into a CmdStan CSV comment header (CmdStan 2.34's argument tree). The defaults are
/// CmdStan's (and the sampler's): 1000 + 1000 iterations, delta 0.8, gamma 0.05, kappa 0.75, t0 10,
/// windows 75/25/50, tree depth 10, diagonal metric.
/// </summary>
public sealed record CmdStanRunInfo
{
    /// <summary>The model name (<c># model = ...</c>).</summary>
    public string ModelName { get; init; } = "model";

    /// <summary>The 1-based chain id (<c># id = ...</c>).</summary>
    public int ChainId { get; init; } = 1;

    /// <summary>The random seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The number of sampling iterations kept.</summary>
    public int NumSamples { get; init; } = 1000;

    /// <summary>The number of warmup iterations.</summary>
    public int NumWarmup { get; init; } = 1000;

    /// <summary>Dual-averaging gamma.</summary>
    public double Gamma { get; init; } = 0.05;

    /// <summary>Target acceptance statistic (adapt delta).</summary>
    public double Delta { get; init; } = 0.8;

    /// <summary>Dual-averaging kappa.</summary>
    public double Kappa { get; init; } = 0.75;

    /// <summary>Dual-averaging t0.</summary>
    public double T0 { get; init; } = 10;

    /// <summary>Initial fast adaptation buffer.</summary>
    public int InitBuffer { get; init; } = 75;

    /// <summary>Terminal fast adaptation buffer.</summary>
    public int TermBuffer { get; init; } = 50;

    /// <summary>First slow adaptation window.</summary>
    public int Window { get; init; } = 25;

    /// <summary>Maximum tree depth.</summary>
    public int MaxDepth { get; init; } = 10;

    /// <summary>True for a dense metric (<c>dense_e</c>), false for diagonal (<c>diag_e</c>).</summary>
    public bool DenseMetric { get; init; }

    /// <summary>The initial step size.</summary>
    public double StepSize { get; init; } = 1;

    /// <summary>The step-size jitter.</summary>
    public double StepSizeJitter { get; init; }

    /// <summary>The radius of the uniform initialisation on the unconstrained scale.</summary>
    public double InitRadius { get; init; } = 2;

    /// <summary>The data file, as recorded (<c># data file = ...</c>).</summary>
    public string DataFile { get; init; } = "";

    /// <summary>The output file name recorded in the header.</summary>
    public string OutputFile { get; init; } = "output.csv";

    /// <summary>The total number of chains of the run.</summary>
    public int NumChains { get; init; } = 1;

    /// <summary>When the run started.</summary>
    public DateTimeOffset Start { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>The program that wrote the file and its version, recorded in a comment.</summary>
    public string Producer { get; init; } = "bayesglmm";
}
