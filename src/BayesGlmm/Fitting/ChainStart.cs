// Where the chains start: Stan's random initialisation, or dispersed points around the marginal point estimate.
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Estimation;
using BayesGlmm.Sampling;

namespace BayesGlmm.Fitting;

/// <summary>How a fit's chains start (model file <c>"init"</c>, command line <c>--init</c>).</summary>
public enum ChainStart
{
    /// <summary>Stan's random initialisation: uniform(−2, 2) on the unconstrained scale, used as it is.</summary>
    Random,

    /// <summary>
    /// Each chain at its own dispersed point around the marginal estimate that <c>bayesglmm estimate</c> gives by default
    /// (REML for gaussian(identity), Laplace otherwise), its sampled group-level effects at their conditional modes (<see cref="EstimateStart"/>).
    /// </summary>
    Estimate,

    /// <summary>
    /// The default: each chain from its own random point, moved towards the posterior mode by at most
    /// <see cref="SamplerOptions.ModeSearchIterations"/> L-BFGS iterations on the log density (<see cref="ModeSeekingInitialPoints"/>):
    /// for any model, out of the far tail before the warmup begins.
    /// </summary>
    Mode,
}

/// <summary>The names of <see cref="ChainStart"/> as model files, fit.json and <c>--init</c> spell them, and the sampler settings of each.</summary>
public static class ChainStarts
{
    /// <summary>Every name, in the order of <see cref="ChainStart"/>.</summary>
    public static IReadOnlyList<string> All { get; } = ["random", "estimate", "mode"];

    /// <summary>The written name of <paramref name="start"/>.</summary>
    public static string Name(ChainStart start) => start switch
    {
        ChainStart.Estimate => "estimate",
        ChainStart.Mode => "mode",
        _ => "random",
    };

    /// <summary>The start named <paramref name="name"/>; an <see cref="InputException"/> naming <paramref name="where"/> otherwise.</summary>
    public static ChainStart Parse(string name, string where) => name switch
    {
        "random" => ChainStart.Random,
        "estimate" => ChainStart.Estimate,
        "mode" => ChainStart.Mode,
        _ => throw new InputException($"{where} is '{name}'; write \"mode\" (each chain from a random point moved towards the posterior mode, the default), \"random\" (Stan's random initialisation) or \"estimate\" (each chain near the marginal point estimate)."),
    };

    /// <summary>
    /// <paramref name="options"/> set for <paramref name="start"/>'s own part: no mode search for <see cref="ChainStart.Random"/>;
    /// unchanged for <see cref="ChainStart.Mode"/> (the sampler's default search, <see cref="SamplerOptions.ModeSearchIterations"/>)
    /// and for <see cref="ChainStart.Estimate"/>, whose points come from <see cref="For"/>.
    /// </summary>
    public static SamplerOptions Configure(SamplerOptions options, ChainStart start)
    {
        ArgumentNullException.ThrowIfNull(options);
        return start switch
        {
            ChainStart.Random => options with { ModeSearchIterations = 0 },
            _ => options,
        };
    }

    /// <summary>The name fit.json records for a run with <paramref name="options"/> of a model whose start is <paramref name="start"/>.</summary>
    public static string Recorded(SamplerOptions options, ChainStart start)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.InitialPoints is not null) return start == ChainStart.Estimate ? Name(ChainStart.Estimate) : "given";
        return Name(options.ModeSearchIterations > 0 ? ChainStart.Mode : ChainStart.Random);
    }

    /// <summary>
    /// The initial points of <paramref name="start"/> for <paramref name="model"/>: null for <see cref="ChainStart.Random"/> and
    /// <see cref="ChainStart.Mode"/> (the sampler's own, as <see cref="Configure"/> sets it), the estimate's dispersed points
    /// otherwise (the estimate is made here).
    /// </summary>
    /// <exception cref="InputException">The estimate cannot handle the model; the message says why and names <c>--init mode</c>.</exception>
    public static IInitialPointSource? For(IStatisticalModel model, ChainStart start, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (start != ChainStart.Estimate) return null;
        try
        {
            return model is GlmmModel glmm ? EstimateStart.For(glmm, cancellation) : throw new InputException("the model is not a mixed model");
        }
        catch (InputException e)
        {
            throw new InputException($"--init estimate (model file \"init\": \"estimate\") cannot start this model: {Sentence(e.Message)}. " +
                                     "Use --init mode (the default) or --init random for it.", e);
        }
    }

    private static string Sentence(string message)
    {
        string text = message.TrimEnd('.', ' ');
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }
}
