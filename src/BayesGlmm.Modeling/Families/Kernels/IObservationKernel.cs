// The extension point for a family × link: its per-observation log likelihood as a struct policy.
using System.Numerics;
using System.Runtime.Intrinsics;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Families.Kernels;

/// <summary>
/// One family × link as a struct with <c>static abstract</c> members (the operator pattern of
/// <c>System.Numerics.Tensors.TensorPrimitives</c>): <see cref="KernelLikelihood{TKernel, TParameters}"/>
/// is instantiated once per kernel, so the JIT builds one fused, specialised loop per pair.
/// </summary>
/// <remarks>
/// <para>Extension contract. The log likelihood of observation n splits into four parts:</para>
/// <code>
/// log p(y_n | eta_n, theta) = Constant_n                       (data only; precomputed at Bind)
///                           + ObservationThetaTerm(y_n, aux_n)  (theta only)
///                           + LogDensity(eta_n, y_n, aux_n)     (everything that involves eta)
/// </code>
/// <see cref="ThetaTerms"/> returns Σ_n ObservationThetaTerm in closed form from summaries of the data and
/// finishes ∂/∂theta from the two running sums the eta pass accumulates. The vector and scalar forms of
/// <see cref="LogDensity(in TParameters, Vector{double}, Vector{double}, Vector{double}, out Vector{double}, ref Vector{double}, ref Vector{double})"/>
/// compute the same formula. A new kernel must pass the finite-difference gradient, oracle, SIMD-twin and
/// replicate-moment tests in tests/BayesGlmm.Modeling.Tests/Families.
/// </remarks>
/// <typeparam name="TParameters">Per-call constants derived from theta once per evaluation (1/σ², log φ, ...).</typeparam>
internal interface IObservationKernel<TParameters> where TParameters : struct
{
    /// <summary>
    /// Whether the vector form pays: false for kernels whose vector form only runs the scalar one lane by lane
    /// (erfc has no vector implementation), so that <see cref="KernelLikelihood{TKernel, TParameters}.Evaluate"/>
    /// takes the scalar loop. A JIT-time constant: the untaken loop is removed.
    /// </summary>
    static virtual bool IsVectorised => true;

    /// <summary>
    /// Whether the kernel has a 512-bit form (<see cref="LogDensity(in TParameters, Vector512{double}, Vector512{double}, Vector512{double}, out Vector512{double}, ref Vector512{double}, ref Vector512{double})"/>).
    /// The runtime keeps <see cref="Vector{T}"/> at 256 bits even where AVX-512 is accelerated, so kernels dominated by
    /// exp and log (logit, Poisson) gain from an explicit <see cref="Vector512{T}"/> loop; it runs only where
    /// <see cref="Vector512.IsHardwareAccelerated"/> and <see cref="Vector{T}"/> is narrower. A JIT-time constant.
    /// </summary>
    static virtual bool HasWideForm => false;

    /// <summary>The same formula as the <see cref="Vector{T}"/> form over eight lanes (only called when <see cref="HasWideForm"/>).</summary>
    static virtual Vector512<double> LogDensity(in TParameters p, Vector512<double> eta, Vector512<double> y, Vector512<double> aux,
        out Vector512<double> gradientEta, ref Vector512<double> sum0, ref Vector512<double> sum1) =>
        throw new NotSupportedException("This kernel has no 512-bit form.");

    /// <summary>Derives the per-call constants from the family parameters theta (constrained scale).</summary>
    static abstract TParameters Prepare(ReadOnlySpan<double> theta);

    /// <summary>
    /// The eta-dependent part of the log likelihood for one vector of observations; writes ∂/∂eta and adds
    /// the family's two running sums (whatever its ∂/∂theta needs).
    /// </summary>
    static abstract Vector<double> LogDensity(in TParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1);

    /// <summary>The scalar twin of the vector form.</summary>
    static abstract double LogDensity(in TParameters p, double eta, double y, double aux,
        out double gradientEta, ref double sum0, ref double sum1);

    /// <summary>Σ_n of the theta-only terms; assigns every element of ∂/∂theta using the running sums.</summary>
    static abstract double ThetaTerms(in TParameters p, ObservationData data, double sum0, double sum1, Span<double> gradientTheta);

    /// <summary>The theta-only term of one observation (for the pointwise log likelihood).</summary>
    static abstract double ObservationThetaTerm(in TParameters p, double y, double aux);

    /// <summary>E[y | eta, theta] for one observation.</summary>
    static abstract double Mean(in TParameters p, double eta, double aux);

    /// <summary>One draw of the response for one observation.</summary>
    static abstract double Draw(in TParameters p, double eta, double aux, RandomStream rng);
}
