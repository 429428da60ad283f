// How predictions treat the group-level effects: the fitted ones, integrated out, new ones, or none.
namespace BayesGlmm.Analysis.Predictions;

/// <summary>The treatment of group-level effects in predictions (<c>--re</c>).</summary>
public enum RandomEffectMode
{
    /// <summary>Each row's group uses its fitted effects r from the same draw (groups the fit saw only).</summary>
    Conditional,
    /// <summary>
    /// Population-averaged: the mean of the response integrated over the group-level distribution of the
    /// draw (normal with the draw's sd and correlations; Student-t terms their t distribution).
    /// </summary>
    Marginal,
    /// <summary>Every group in the new data is a new group: one new effect vector per group and draw, drawn from that distribution.</summary>
    New,
    /// <summary>The group-level effects are zero.</summary>
    None,
}

/// <summary>The command-line names of <see cref="RandomEffectMode"/>.</summary>
public static class RandomEffectModes
{
    /// <summary>conditional, marginal, new, none.</summary>
    public static string Name(this RandomEffectMode mode) => mode switch
    {
        RandomEffectMode.Conditional => "conditional",
        RandomEffectMode.Marginal => "marginal",
        RandomEffectMode.New => "new",
        RandomEffectMode.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };
}
