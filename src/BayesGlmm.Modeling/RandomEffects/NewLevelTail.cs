// Which law a block's effects follow for a level not in the data, known before any draw: none, normal or Student-t.
namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// The kind of <see cref="NewLevelLaw"/> a block gives (<see cref="IRandomEffectBlock.NewLevelTail"/>), so predictions can
/// choose how to integrate over new levels' effects before they read a draw.
/// </summary>
public enum NewLevelTail
{
    /// <summary>The block gives no law for new levels (<see cref="IRandomEffectBlock.NewLevels"/> returns null).</summary>
    None,

    /// <summary>Normal effects: <see cref="NewLevelLaw.DegreesOfFreedom"/> is +∞.</summary>
    Normal,

    /// <summary>Student-t effects: a normal law scaled by √(df / χ²_df), whose exponential has no finite mean.</summary>
    StudentT,
}
