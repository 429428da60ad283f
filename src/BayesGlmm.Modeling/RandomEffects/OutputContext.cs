// What a block may read when it writes its outputs: the fixed part of the linear predictor and the family parameters of the draw.
using BayesGlmm.Modeling.Families;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// One draw's population-level part as a block needs it to write its outputs (a block that integrates its effects out draws
/// them from their conditional given it): the linear predictor without group-level effects, offset + X b in frame order
/// (N × D), formed when first asked for, and the family parameters.
/// </summary>
public sealed class OutputContext
{
    private readonly Func<double[]> _fixedPredictor;
    private double[]? _eta;

    /// <summary>A context over the draw's <paramref name="familyValues"/> and a function forming its fixed predictor.</summary>
    public OutputContext(IFamilyLikelihood likelihood, double[] familyValues, Func<double[]> fixedPredictor)
    {
        Likelihood = likelihood;
        FamilyValues = familyValues;
        _fixedPredictor = fixedPredictor;
    }

    /// <summary>The family bound to the response in frame order.</summary>
    public IFamilyLikelihood Likelihood { get; }

    /// <summary>The family parameters θ of the draw (constrained, as reported).</summary>
    public double[] FamilyValues { get; }

    /// <summary>offset + X b in frame order (N × D, column-major).</summary>
    public double[] FixedPredictor => _eta ??= _fixedPredictor();
}
