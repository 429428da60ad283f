// Where the chains start: Stan's random initialisation, or dispersed points around the marginal point estimate.
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Estimation;
using BayesGlmm.Sampling;

namespace BayesGlmm.Fitting;

/// <summary>How a fit's chains start (model file <c>"init"</c>, command line <c>--init</c>).</summary>
public enum ChainStart
{
    /// <summary>Stan's random initialisation: uniform(−2, 2) on the unconstrained scale (the default).</summary>
    Random,

    /// <summary>
    /// Each chain at its own dispersed point around the marginal estimate that <c>bayesglmm estimate</c> gives by default
    /// (REML for gaussian(identity), Laplace otherwise), its sampled group-level effects at their conditional modes (<see cref="EstimateStart"/>).
    /// </summary>
    Estimate,

    /// <summary>
    /// Each chain from its own random point, moved towards the posterior mode by L-BFGS on the log density (at most 200
    /// iterations; <see cref="ModeSeekingInitialPoints"/>): for any model, out of the far tail before the warmup begins.
    /// </summary>
    Mode,
}

/// <summary>The names of <see cref="ChainStart"/> as model files, fit.json and <c>--init</c> spell them, and the initial points of each.</summary>
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
        _ => throw new InputException($"{where} is '{name}'; write \"random\" (Stan's random initialisation, the default), \"estimate\" (each chain near the marginal point estimate) or \"mode\" (each chain from a random point moved towards the posterior mode)."),
    };

    /// <summary>
    /// The initial points of <paramref name="start"/> for <paramref name="model"/>: null for <see cref="ChainStart.Random"/>
    /// (the sampler's own), the estimate's dispersed points otherwise (the estimate is made here).
    /// </summary>
    /// <exception cref="InputException">The estimate cannot handle the model; the message says why and names <c>--init random</c>.</exception>
    public static IInitialPointSource? For(IStatisticalModel model, ChainStart start, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (start == ChainStart.Random) return null;
        if (start == ChainStart.Mode) return new ModeSeekingInitialPoints();
        try
        {
            return model is GlmmModel glmm ? EstimateStart.For(glmm, cancellation) : throw new InputException("the model is not a mixed model");
        }
        catch (InputException e)
        {
            throw new InputException($"--init estimate (model file \"init\": \"estimate\") cannot start this model: {Sentence(e.Message)}. " +
                                     "Use --init random (Stan's random initialisation) for it.", e);
        }
    }

    private static string Sentence(string message)
    {
        string text = message.TrimEnd('.', ' ');
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }
}
