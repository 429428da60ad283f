// The k eigenpairs of largest magnitude of a symmetric matrix by Lanczos iteration with full reorthogonalisation.
using MathNet.Numerics.LinearAlgebra;

namespace BayesGlmm.Modeling.Smooths;

/// <summary>
/// Lanczos iteration (Golub &amp; Van Loan 2013, <i>Matrix Computations</i>, 4th ed., Alg. 10.1.1) with complete
/// reorthogonalisation against every previous Lanczos vector (twice, §10.3.1), as Wood (2003, §2.1) proposes for the
/// truncated eigen-decomposition of a thin plate spline's E: O(n²k) work instead of O(n³). Every few steps the
/// tridiagonal T_j is diagonalised; a Ritz value θ_i has converged when |β_j s_ji| ≤ tol ‖T_j‖ (the residual norm of
/// its Ritz vector, Golub &amp; Van Loan eq. 10.1.8), and the iteration stops when the k Ritz values of largest
/// magnitude have all converged (or after n steps, when T_n is similar to A and every pair is exact).
/// </summary>
internal static class SymmetricLanczos
{
    /// <summary>The default relative tolerance, ε^0.7.</summary>
    public static readonly double DefaultTolerance = Math.Pow(2.220446049250313e-16, 0.7);

    /// <summary>
    /// The <paramref name="k"/> eigenvalues of largest magnitude of the symmetric n × n matrix <paramref name="a"/>
    /// (column-major) with their unit eigenvectors, in decreasing order of value (the positive ones first, each
    /// sign's largest first among the positive); each eigenvector's sign is arbitrary.
    /// </summary>
    public static (double[] Values, Matrix<double> Vectors) LargestMagnitude(double[] a, int n, int k, double? tolerance = null)
    {
        if (a.Length != n * n) throw new ArgumentException("The matrix must be n × n.", nameof(a));
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k));
        double tol = tolerance ?? DefaultTolerance;
        var q = new List<double[]>();
        var alpha = new List<double>();
        var beta = new List<double>();
        // A fixed, irregular start vector (Demmel 1997, §7.2: a random start avoids orthogonality to an eigenvector).
        var v = new double[n];
        ulong state = 1;
        double norm = 0;
        for (int i = 0; i < n; i++)
        {
            state = (state * 106 + 1283) % 6075;
            v[i] = state / 6075.0 - 0.5;
            norm += v[i] * v[i];
        }
        norm = Math.Sqrt(norm);
        for (int i = 0; i < n; i++) v[i] /= norm;
        var z = new double[n];
        int check = Math.Max(1, Math.Min(Math.Max(10, k / 2), Math.Max(1, n / 10)));
        Vector<double>? ritzValues = null;
        Matrix<double>? ritzVectors = null;
        int[] chosen = [];
        for (int j = 0; j < n; j++)
        {
            q.Add(v);
            // z = A q_j, α_j = q_j'z, z ← z − α_j q_j − β_{j−1} q_{j−1}, then reorthogonalise twice.
            Array.Clear(z);
            for (int c = 0; c < n; c++)
            {
                double qc = v[c];
                if (qc == 0) continue;
                int offset = c * n;
                for (int r = 0; r < n; r++) z[r] += a[offset + r] * qc;
            }
            double aj = Dot(v, z);
            alpha.Add(aj);
            for (int r = 0; r < n; r++) z[r] -= aj * v[r] + (j > 0 ? beta[j - 1] * q[j - 1][r] : 0.0);
            for (int pass = 0; pass < 2; pass++)
                foreach (var qi in q)
                {
                    double d = Dot(z, qi);
                    for (int r = 0; r < n; r++) z[r] -= d * qi[r];
                }
            double bj = Math.Sqrt(Dot(z, z));
            beta.Add(bj);
            bool last = j == n - 1 || bj == 0;
            if ((j + 1 >= k && (j + 1) % check == 0) || last)
            {
                int m = j + 1;
                var t = Matrix<double>.Build.Dense(m, m);
                for (int i = 0; i < m; i++)
                {
                    t[i, i] = alpha[i];
                    if (i + 1 < m) t[i, i + 1] = t[i + 1, i] = beta[i];
                }
                var evd = t.Evd(Symmetricity.Symmetric);
                var values = evd.EigenValues.Select(c => c.Real).ToArray();
                var order = Enumerable.Range(0, m).OrderByDescending(i => Math.Abs(values[i])).Take(Math.Min(k, m)).ToArray();
                double normT = values.Max(Math.Abs);
                bool converged = order.Length == k && order.All(i => Math.Abs(bj * evd.EigenVectors[m - 1, i]) <= tol * normT);
                if (converged || last)
                {
                    if (order.Length < k) throw new InvalidOperationException("The Lanczos iteration ended before k eigenpairs were found.");
                    ritzValues = Vector<double>.Build.DenseOfArray(values);
                    ritzVectors = evd.EigenVectors;
                    chosen = order;
                    break;
                }
            }
            if (bj == 0) break;
            v = new double[n];
            for (int r = 0; r < n; r++) v[r] = z[r] / bj;
        }
        // Ritz vectors y_i = Q s_i, sorted by decreasing value.
        var sorted = chosen.OrderByDescending(i => ritzValues![i]).ToArray();
        var vectors = Matrix<double>.Build.Dense(n, k);
        var result = new double[k];
        for (int c = 0; c < k; c++)
        {
            int i = sorted[c];
            result[c] = ritzValues![i];
            for (int l = 0; l < q.Count; l++)
            {
                double s = ritzVectors![l, i];
                var ql = q[l];
                for (int r = 0; r < n; r++) vectors[r, c] += ql[r] * s;
            }
        }
        return (result, vectors);
    }

    private static double Dot(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }
}
