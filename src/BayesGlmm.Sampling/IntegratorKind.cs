// How each step of a NUTS trajectory is integrated: one leapfrog step, or WALNUTS's adaptively refined macro step.
namespace BayesGlmm.Sampling;

/// <summary>The integrator of the Hamiltonian trajectories.</summary>
public enum IntegratorKind
{
    /// <summary>One leapfrog step of size ε per trajectory state (Stan's NUTS).</summary>
    Leapfrog,

    /// <summary>
    /// Within-orbit adaptive step size (WALNUTS; Bou-Rabee, Carpenter, Kleppe, Liu &amp; Marsden 2025,
    /// arXiv:2506.18746): each trajectory state is reached by 2^k leapfrog steps of ε/2^k with the smallest k whose
    /// energy error stays under a threshold, checked for reversibility.
    /// </summary>
    Walnuts,
}
