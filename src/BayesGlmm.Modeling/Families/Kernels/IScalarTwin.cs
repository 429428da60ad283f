// Access to a bound likelihood's scalar-only evaluation, the reference its vector pass is tested and benchmarked against.
namespace BayesGlmm.Modeling.Families.Kernels;

/// <summary>A likelihood that can evaluate with its scalar kernel only.</summary>
internal interface IScalarTwin
{
    /// <summary>As <see cref="IFamilyLikelihood.Evaluate"/>, without vector instructions.</summary>
    double EvaluateScalar(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> gradientEta, Span<double> gradientTheta);
}
