// A statistical model built from a model frame, whose data and priors the reports can show.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;

namespace BayesGlmm.Modeling;

/// <summary>
/// An <see cref="IStatisticalModel"/> built from a <see cref="ModelFrame"/> (the GLMM and the conjugate HGLM): the
/// observed response for predictive checks and the priors in force for printing.
/// </summary>
public interface IFramedModel : IStatisticalModel
{
    /// <summary>The model frame (observations in frame order).</summary>
    ModelFrame Frame { get; }

    /// <summary>Every prior in force (user-given or default), in output order.</summary>
    IReadOnlyList<PriorUse> PriorsUsed { get; }
}
