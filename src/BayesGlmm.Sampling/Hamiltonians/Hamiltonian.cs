// The Euclidean Hamiltonian system: the log density, the metric and the leapfrog integrator.
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Sampling.Hamiltonians;

/// <summary>
/// H(q, p) = −log π(q) + ½ pᵀM⁻¹p with the leapfrog (Störmer–Verlet) integrator (Neal 2011, eq. 5.18–5.20;
/// Stan's <c>expl_leapfrog</c>). Each step costs exactly one evaluation of the density; the gradient at the
/// current point is cached in the <see cref="PhasePoint"/>, so nothing is evaluated twice.
/// </summary>
internal sealed class Hamiltonian
{
    private readonly ILogDensity _density;

    public Hamiltonian(ILogDensity density, EuclideanMetric metric)
    {
        _density = density;
        Metric = metric;
    }

    /// <summary>The metric (replaced in place by adaptation).</summary>
    public EuclideanMetric Metric { get; }

    /// <summary>The dimension d.</summary>
    public int Dimension => Metric.Dimension;

    /// <summary>The number of density evaluations made so far.</summary>
    public long GradientEvaluations { get; private set; }

    /// <summary>Counts <paramref name="evaluations"/> made on the chain's behalf outside <see cref="Evaluate"/>.</summary>
    public void CountEvaluations(int evaluations) => GradientEvaluations += evaluations;

    /// <summary>Evaluates log π and its gradient at <paramref name="position"/> (one counted evaluation).</summary>
    /// <exception cref="DensityFailureException">The density threw; the original exception is inside.</exception>
    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient)
    {
        GradientEvaluations++;
        try
        {
            return _density.Evaluate(position, gradient);
        }
        catch (Exception ex)
        {
            throw new DensityFailureException(ex);
        }
    }

    /// <summary>Draws a fresh momentum for <paramref name="z"/> and updates its velocity and kinetic energy.</summary>
    public void SampleMomentum(PhasePoint z, RandomStream rng)
    {
        Metric.SampleMomentum(rng, z.Momentum);
        UpdateKinetic(z);
    }

    /// <summary>Recomputes p♯ = M⁻¹p and K = ½ p·p♯.</summary>
    public void UpdateKinetic(PhasePoint z)
    {
        Metric.Sharp(z.Momentum, z.Velocity);
        z.Kinetic = 0.5 * TensorPrimitives.Dot(z.Momentum, z.Velocity);
    }

    /// <summary>
    /// One leapfrog step of size <paramref name="epsilon"/> (negative to integrate backwards):
    /// p ← p + ε/2·∇log π(q); q ← q + ε·M⁻¹p; p ← p + ε/2·∇log π(q).
    /// A non-finite density leaves a non-finite energy, which the caller treats as a divergence.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Leapfrog(PhasePoint z, double epsilon)
    {
        double half = 0.5 * epsilon;
        TensorPrimitives.MultiplyAdd(z.Gradient, half, z.Momentum, z.Momentum);
        Metric.Sharp(z.Momentum, z.Velocity);
        TensorPrimitives.MultiplyAdd(z.Velocity, epsilon, z.Position, z.Position);
        z.LogDensity = Evaluate(z.Position, z.Gradient);
        TensorPrimitives.MultiplyAdd(z.Gradient, half, z.Momentum, z.Momentum);
        UpdateKinetic(z);
    }
}
