// A point in phase space with its cached log density, gradient, velocity and kinetic energy.
namespace BayesGlmm.Sampling.Hamiltonians;

/// <summary>
/// A phase-space point (q, p) with everything the integrator and the U-turn test reuse: the log density
/// and its gradient at q, the velocity p♯ = M⁻¹p and the kinetic energy ½ p·p♯ (Stan's <c>ps_point</c>).
/// The buffers are allocated once and reused.
/// </summary>
internal sealed class PhasePoint
{
    public PhasePoint(int dimension)
    {
        Position = new double[dimension];
        Momentum = new double[dimension];
        Velocity = new double[dimension];
        Gradient = new double[dimension];
    }

    /// <summary>The position q.</summary>
    public double[] Position { get; }

    /// <summary>The momentum p.</summary>
    public double[] Momentum { get; }

    /// <summary>The velocity p♯ = M⁻¹p.</summary>
    public double[] Velocity { get; }

    /// <summary>∇ log π(q).</summary>
    public double[] Gradient { get; }

    /// <summary>log π(q).</summary>
    public double LogDensity { get; set; }

    /// <summary>½ p·p♯.</summary>
    public double Kinetic { get; set; }

    /// <summary>The signed number of trajectory states between this point and the start of its trajectory.</summary>
    public int Index { get; set; }

    /// <summary>
    /// The Hamiltonian H = −log π(q) + K(p). NaN becomes +∞ (Stan's <c>base_nuts</c>), and so does any
    /// non-finite log density: a rejected proposal is a divergence.
    /// </summary>
    public double Energy
    {
        get
        {
            if (!double.IsFinite(LogDensity)) return double.PositiveInfinity;
            double h = Kinetic - LogDensity;
            return double.IsNaN(h) ? double.PositiveInfinity : h;
        }
    }

    /// <summary>Copies every field of <paramref name="other"/> into this point.</summary>
    public void CopyFrom(PhasePoint other)
    {
        other.Position.CopyTo(Position, 0);
        other.Momentum.CopyTo(Momentum, 0);
        other.Velocity.CopyTo(Velocity, 0);
        other.Gradient.CopyTo(Gradient, 0);
        LogDensity = other.LogDensity;
        Kinetic = other.Kinetic;
        Index = other.Index;
    }
}
