// A candidate draw: the position with its cached log density, gradient and the energy of its phase point.
namespace BayesGlmm.Sampling.Hamiltonians;

/// <summary>
/// A state that can become the next draw. It keeps what the next iteration needs (q, log π(q) and its
/// gradient, so no evaluation is repeated) and the energy H reported as <c>energy__</c>.
/// </summary>
internal sealed class Proposal
{
    public Proposal(int dimension)
    {
        Position = new double[dimension];
        Gradient = new double[dimension];
    }

    /// <summary>The position q.</summary>
    public double[] Position { get; }

    /// <summary>∇ log π(q).</summary>
    public double[] Gradient { get; }

    /// <summary>log π(q).</summary>
    public double LogDensity { get; set; }

    /// <summary>The Hamiltonian of the phase point this state came from.</summary>
    public double Energy { get; set; }

    /// <summary>The signed position of this state in the trajectory it was selected from (0: the chain did not move).</summary>
    public int Index { get; set; }

    /// <summary>Copies the state of a phase point.</summary>
    public void CopyFrom(PhasePoint z)
    {
        z.Position.CopyTo(Position, 0);
        z.Gradient.CopyTo(Gradient, 0);
        LogDensity = z.LogDensity;
        Energy = z.Energy;
        Index = z.Index;
    }

    /// <summary>Copies another proposal.</summary>
    public void CopyFrom(Proposal other)
    {
        other.Position.CopyTo(Position, 0);
        other.Gradient.CopyTo(Gradient, 0);
        LogDensity = other.LogDensity;
        Energy = other.Energy;
        Index = other.Index;
    }
}
