// Gauss–Hermite quadrature for expectations over a standard normal variable, nodes and weights by Golub–Welsch.
using MathNet.Numerics.LinearAlgebra;

namespace BayesGlmm.Analysis.Predictions;

/// <summary>
/// An n-point Gauss–Hermite rule written for the standard normal: E f(Z) ≈ Σ_i p_i f(z_i), exact when f is
/// a polynomial of degree ≤ 2n − 1. The nodes x_i and weights w_i of the weight e^(−x²) come from the
/// Golub–Welsch algorithm (Golub &amp; Welsch 1969, Math. Comp. 23:221–230, §4): the x_i are the
/// eigenvalues of the symmetric tridiagonal Jacobi matrix of the Hermite recurrence, with zero diagonal
/// and off-diagonal √(k/2), k = 1..n−1, and w_i = √π v_{0i}² for the normalised eigenvector v_i. Then
/// z_i = √2 x_i and p_i = w_i / √π (Abramowitz &amp; Stegun 25.4.46 with the change of variable).
/// </summary>
public sealed class GaussHermite
{
    private GaussHermite(double[] nodes, double[] weights)
    {
        Nodes = nodes;
        Weights = weights;
    }

    /// <summary>The standard-normal nodes z_i, ascending.</summary>
    public IReadOnlyList<double> Nodes { get; }

    /// <summary>The probabilities p_i (they sum to 1).</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>The number of nodes.</summary>
    public int Count => Nodes.Count;

    /// <summary>The rule with <paramref name="count"/> nodes (1 to 200).</summary>
    public static GaussHermite Create(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 200);
        var jacobi = Matrix<double>.Build.Dense(count, count);
        for (int k = 1; k < count; k++)
        {
            double beta = Math.Sqrt(k / 2.0);
            jacobi[k - 1, k] = beta;
            jacobi[k, k - 1] = beta;
        }
        var evd = jacobi.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, count).OrderBy(i => evd.EigenValues[i].Real).ToArray();
        var nodes = new double[count];
        var weights = new double[count];
        double total = 0;
        for (int i = 0; i < count; i++)
        {
            int e = order[i];
            double v0 = evd.EigenVectors[0, e];
            nodes[i] = Math.Sqrt(2.0) * evd.EigenValues[e].Real;
            weights[i] = v0 * v0; // √π v0² / √π
            total += weights[i];
        }
        // The eigenvectors are normalised, so the weights sum to 1 up to rounding; make it exact.
        for (int i = 0; i < count; i++) weights[i] /= total;
        // Symmetrise: the rule is symmetric about 0, which rounding in the eigensolver can disturb slightly.
        for (int i = 0; i < count / 2; i++)
        {
            double z = 0.5 * (nodes[count - 1 - i] - nodes[i]), w = 0.5 * (weights[i] + weights[count - 1 - i]);
            nodes[i] = -z;
            nodes[count - 1 - i] = z;
            weights[i] = weights[count - 1 - i] = w;
        }
        if (count % 2 == 1) nodes[count / 2] = 0.0;
        return new GaussHermite(nodes, weights);
    }
}
