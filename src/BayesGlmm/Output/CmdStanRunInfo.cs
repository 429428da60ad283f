// What the comment header of a CmdStan CSV file records about one chain's run.
using BayesGlmm.Sampling;

namespace BayesGlmm.Output;

/// <summary>
/// The settings written into a CmdStan CSV comment header (CmdStan 2.34's argument tree): the sampler's settings as
/// <see cref="SamplerOptions"/> states them (and their defaults), and what the file is.
/// </summary>
public sealed record CmdStanRunInfo
{
    /// <summary>The sampler settings of the run (seed, warmup, adaptation constants, tree depth, metric, chains).</summary>
    public SamplerOptions Sampler { get; init; } = new();

    /// <summary>The model name (<c># model = ...</c>).</summary>
    public string ModelName { get; init; } = "model";

    /// <summary>The 1-based chain id (<c># id = ...</c>).</summary>
    public int ChainId { get; init; } = 1;

    /// <summary>
    /// The number of sampling iterations asked for (rewritten with the number made when the file is completed); the
    /// sampler's <see cref="SamplerOptions.Draws"/> unless set.
    /// </summary>
    public int NumSamples
    {
        get => _numSamples ?? Sampler.Draws;
        init => _numSamples = value;
    }

    private readonly int? _numSamples;

    /// <summary>The data file, as recorded (<c># data file = ...</c>).</summary>
    public string DataFile { get; init; } = "";

    /// <summary>The output file name recorded in the header.</summary>
    public string OutputFile { get; init; } = "output.csv";

    /// <summary>When the run started.</summary>
    public DateTimeOffset Start { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>The program that wrote the file and its version, recorded in a comment.</summary>
    public string Producer { get; init; } = "bayesglmm";

    /// <summary>True for a dense metric (<c>dense_e</c>), false for diagonal (<c>diag_e</c>).</summary>
    public bool DenseMetric => Sampler.Metric == MetricKind.Dense;
}
