// Gauss–Hermite quadrature for expectations over a standard normal variable, nodes and weights by Golub–Welsch.
using MathNet.Numerics.LinearAlgebra;

namespace BayesGlmm.Numerics.Quadrature;

/// <summary>
/// An n-point Gauss–Hermite rule written for the standard normal: E f(Z) ≈ Σ_i p_i f(z_i), exact when f is
/// a polynomial of degree ≤ 2n − 1. The nodes x_i and weights w_i of the weight e^(−x²) come from the
/// Golub–Welsch algorithm (Golub &amp; Welsch 1969, Math. Comp. 23:221–230, §4): the x_i are the
/// eigenvalues of the symmetric tridiagonal Jacobi matrix of the Hermite recurrence, with zero diagonal
/// and off-diagonal √(k/2), k = 1..n−1, and w_i = √π v_{0i}² for the normalised eigenvector v_i. Then
/// z_i = √2 x_i and p_i = w_i / √π (Abramowitz &amp; Stegun 25.4.46 with the change of variable).
/// Each node is then refined by Newton's method on the orthonormal probabilists' Hermite polynomial q_n
/// (q_0 = 1, q_1 = z, √(k+1) q_{k+1} = z q_k − √k q_{k−1}; q_n' = √n q_{n−1}) and its weight recomputed by the
/// Christoffel formula p_i = 1 / Σ_{k&lt;n} q_k(z_i)² (Gautschi 2004, <em>Orthogonal Polynomials</em>, Thm. 1.46),
/// so the far nodes' tiny weights are accurate in relative terms, which adaptive quadrature needs once it
/// multiplies them by exp(z_i²/2).
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
        for (int i = 0; i < count; i++) weights[i] = Polish(ref nodes[i], count, weights[i] / total);
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

    /// <summary>Newton steps on q_n from the eigenvalue's node; returns the Christoffel weight at the refined node.</summary>
    private static double Polish(ref double node, int count, double eigenvectorWeight)
    {
        double z = node;
        for (int iteration = 0; iteration < 4; iteration++)
        {
            Orthonormal(z, count, out double qn, out double qn1, out _);
            double step = qn / (Math.Sqrt(count) * qn1);
            if (!double.IsFinite(step)) break;
            z -= step;
            if (Math.Abs(step) <= 1e-15 * Math.Max(1, Math.Abs(z))) break;
        }
        if (Math.Abs(z - node) > 1e-6 * Math.Max(1, Math.Abs(node))) return eigenvectorWeight; // Newton wandered: keep the eigensolver's
        node = z;
        Orthonormal(z, count, out _, out _, out double sumSquares);
        return 1.0 / sumSquares;
    }

    /// <summary>q_n(z), q_{n−1}(z) and Σ_{k&lt;n} q_k(z)².</summary>
    private static void Orthonormal(double z, int count, out double qn, out double qn1, out double sumSquares)
    {
        double previous = 0, current = 1;
        sumSquares = 0;
        for (int k = 0; k < count; k++)
        {
            sumSquares += current * current;
            double next = (z * current - Math.Sqrt(k) * previous) / Math.Sqrt(k + 1);
            previous = current;
            current = next;
        }
        qn = current;
        qn1 = previous;
    }
}
