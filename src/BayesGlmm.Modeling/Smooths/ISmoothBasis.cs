// A penalised spline basis of one covariate: its columns at the data, its penalty, and its columns at new values.
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Smooths;

/// <summary>
/// A spline basis f(x) = Σ_j β_j b_j(x) with wiggliness penalty β'Sβ (Wood 2017, §4.2), as a basis constructor builds
/// it before any identifiability constraint: the columns b_j at the data, S, the rank of S, and b_j at new x.
/// </summary>
/// <remarks>
/// Extension contract: a new basis supplies these members from its covariate and dimension k, and is tested against
/// mgcv's <c>smooth.construct</c> and <c>Predict.matrix</c> for the same data (Reference/smooths), up to the sign of
/// each column. <see cref="SmoothReparameterization"/> then makes brms's fixed and random parts from any basis.
/// </remarks>
internal interface ISmoothBasis
{
    /// <summary>The basis dimension k (columns).</summary>
    int Dimension { get; }

    /// <summary>The rank of the penalty (k minus the dimension of its null space).</summary>
    int PenaltyRank { get; }

    /// <summary>The n × k basis at the data it was built from.</summary>
    ColumnMajorMatrix Basis { get; }

    /// <summary>The k × k penalty S, column-major.</summary>
    double[] Penalty { get; }

    /// <summary>The basis at new covariate values (inside or outside the observed range), m × k.</summary>
    ColumnMajorMatrix Evaluate(ReadOnlySpan<double> x);
}
