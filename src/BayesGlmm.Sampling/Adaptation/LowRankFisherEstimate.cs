// The low-rank-plus-diagonal inverse metric that minimises the Fisher divergence on the span of the draws and gradients.
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// The low-rank Fisher-divergence metric of Seyboldt, Carlson &amp; Carpenter (2026, arXiv:2603.18845, §3.2) as
/// nuts-rs computes it (<c>src/transform/adapt/low_rank.rs</c>: <c>rescale_points</c>, <c>estimate_mass_matrix</c>,
/// <c>spd_mean</c>), from n draws x and gradients g in d dimensions:
/// <list type="number">
/// <item>diagonal pre-scaling σ_i = (Var x_i / Var g_i)^¼ and shift μ*_i = x̄_i + σ_i² ḡ_i (the diagonal estimate);
/// x̃ = (x − μ*)/σ and g̃ = σ ⊙ g, both centred;</item>
/// <item>an orthonormal basis Q of the leading directions of the x̃ and of the g̃: nuts-rs takes the whole span of both
/// (their thin SVDs), k = min(d, 2n) directions, which makes the dense algebra below O(k³) and costs seconds per
/// update in hundreds of dimensions; here each set contributes its <see cref="DirectionsPerSource"/> leading left
/// singular directions, found by a randomised range finder with two power iterations (Halko, Martinsson &amp; Tropp
/// 2011, Algorithms 4.3–4.4), so k ≤ 2·(r + 5). The eigenvalues the cutoff keeps are the extreme ones, which lie in
/// the directions where the draws spread most (large variances) or the gradients do (small variances);</item>
/// <item>projected second moments C = (QᵀX̃)(QᵀX̃)ᵀ/γ + I and G = (QᵀG̃)(QᵀG̃)ᵀ/γ + I;</item>
/// <item>their SPD geometric mean Σ = G^−½ (G^½ C G^½)^½ G^−½, the solution of Σ G Σ = C, which for a Gaussian is
/// its covariance (the Fisher-divergence minimiser over Gaussians with free covariance);</item>
/// <item>the eigenpairs (λ, v) of Σ with λ &gt; c or λ &lt; 1/c, mapped back as U = Q v.</item>
/// </list>
/// The inverse metric is then diag(σ)(I + U(Λ − I)Uᵀ)diag(σ). The dense algebra is O(d·n² + k³) with k = min(d, 2n)
/// and runs only every few warmup draws.
/// </summary>
internal static class LowRankFisherEstimate
{
    /// <summary>The leading directions taken from the draws and from the gradients each (r).</summary>
    public const int DirectionsPerSource = 20;

    private const int Oversampling = 5;
    private const int PowerIterations = 2;

    /// <summary>The estimate: σ (d), the kept eigenvalues Λ (r) and their directions U as r rows of d values.</summary>
    public sealed record Result(double[] Scales, double[] Eigenvalues, double[] Directions);

    /// <summary>Computes the estimate, or null when a variance is zero or the result is not finite.</summary>
    public static Result? Compute(IReadOnlyList<double[]> draws, IReadOnlyList<double[]> gradients, int d, double gamma, double cutoff)
    {
        int n = draws.Count;
        var x = Matrix<double>.Build.Dense(d, n);
        var g = Matrix<double>.Build.Dense(d, n);
        var sigma = new double[d];
        for (int i = 0; i < d; i++)
        {
            double mx = 0, mg = 0;
            for (int j = 0; j < n; j++)
            {
                mx += draws[j][i];
                mg += gradients[j][i];
            }
            mx /= n;
            mg /= n;
            double vx = 0, vg = 0;
            for (int j = 0; j < n; j++)
            {
                double a = draws[j][i] - mx, b = gradients[j][i] - mg;
                vx += a * a;
                vg += b * b;
            }
            double s = Math.Sqrt(Math.Sqrt(vx / vg));
            if (!double.IsFinite(s) || s == 0) return null;
            sigma[i] = s;
            // Rescaled and centred: (x − μ*)/σ − mean = (x − x̄)/σ; σ·g − mean = σ·(g − ḡ).
            for (int j = 0; j < n; j++)
            {
                x[i, j] = (draws[j][i] - mx) / s;
                g[i, j] = (gradients[j][i] - mg) * s;
            }
        }

        Matrix<double> q = Basis(x, g);
        Matrix<double> xp = q.TransposeThisAndMultiply(x);
        Matrix<double> gp = q.TransposeThisAndMultiply(g);
        Matrix<double> c = Regularised(xp, gamma);
        Matrix<double> gm = Regularised(gp, gamma);
        Matrix<double>? mean = SpdMean(c, gm);
        if (mean is null) return null;
        var evd = Symmetric(mean).Evd(Symmetricity.Symmetric);
        var kept = new List<int>();
        for (int k = 0; k < evd.EigenValues.Count; k++)
        {
            double lambda = evd.EigenValues[k].Real;
            if (!double.IsFinite(lambda) || lambda <= 0) return null;
            if (lambda > cutoff || lambda < 1.0 / cutoff) kept.Add(k);
        }
        var eigenvalues = new double[kept.Count];
        var directions = new double[kept.Count * d];
        for (int r = 0; r < kept.Count; r++)
        {
            eigenvalues[r] = evd.EigenValues[kept[r]].Real;
            Vector<double> u = q * evd.EigenVectors.Column(kept[r]);
            double norm = u.L2Norm();
            for (int i = 0; i < d; i++)
            {
                double v = u[i] / norm;
                if (!double.IsFinite(v)) return null;
                directions[r * d + i] = v;
            }
        }
        return new Result(sigma, eigenvalues, directions);
    }

    /// <summary>The SPD geometric mean G^−½ (G^½ C G^½)^½ G^−½ (nuts-rs <c>spd_mean</c>), or null if G is not positive definite.</summary>
    internal static Matrix<double>? SpdMean(Matrix<double> c, Matrix<double> g)
    {
        var eg = Symmetric(g).Evd(Symmetricity.Symmetric);
        var values = eg.EigenValues.Map(v => v.Real);
        if (values.Any(v => !(v > 0) || !double.IsFinite(v))) return null;
        Matrix<double> u = eg.EigenVectors;
        Matrix<double> root = u * Matrix<double>.Build.DenseOfDiagonalVector(values.Map(Math.Sqrt)) * u.Transpose();
        Matrix<double> inverseRoot = u * Matrix<double>.Build.DenseOfDiagonalVector(values.Map(v => 1.0 / Math.Sqrt(v))) * u.Transpose();
        var em = Symmetric(root * c * root).Evd(Symmetricity.Symmetric);
        var mValues = em.EigenValues.Map(v => Math.Sqrt(Math.Max(v.Real, 0.0)));
        Matrix<double> mRoot = em.EigenVectors * Matrix<double>.Build.DenseOfDiagonalVector(mValues) * em.EigenVectors.Transpose();
        return inverseRoot * mRoot * inverseRoot;
    }

    /// <summary>
    /// An orthonormal basis of the leading left singular directions of X and of G (l = r + 5 each, or all their columns
    /// when fewer), or I when d ≤ 2l. Columns beyond the numerical rank come out as arbitrary orthonormal directions;
    /// the data project to ≈ 0 on them, so their regularised eigenvalues are ≈ 1 and the cutoff drops them.
    /// </summary>
    private static Matrix<double> Basis(Matrix<double> x, Matrix<double> g)
    {
        int d = x.RowCount;
        int l = DirectionsPerSource + Oversampling;
        if (d <= 2 * Math.Min(l, x.ColumnCount)) return Matrix<double>.Build.DenseIdentity(d);
        return RangeOf(x, l).Append(RangeOf(g, l)).QR(QRMethod.Thin).Q;
    }

    /// <summary>
    /// An orthonormal d×l basis approximating the range of the leading l left singular vectors of <paramref name="a"/>
    /// (randomised range finder with power iterations; the test matrix comes from a fixed seed, so the result depends
    /// on the data only). With l ≥ n the columns of A themselves are orthonormalised.
    /// </summary>
    private static Matrix<double> RangeOf(Matrix<double> a, int l)
    {
        if (l >= a.ColumnCount) return a.QR(QRMethod.Thin).Q;
        var rng = new Numerics.Random.RandomStream(0x5EEDUL, (ulong)a.ColumnCount, (ulong)a.RowCount);
        var omega = Matrix<double>.Build.Dense(a.ColumnCount, l, (_, _) => rng.NextStandardNormal());
        Matrix<double> q = (a * omega).QR(QRMethod.Thin).Q;
        for (int i = 0; i < PowerIterations; i++)
        {
            Matrix<double> w = a.TransposeThisAndMultiply(q).QR(QRMethod.Thin).Q;
            q = (a * w).QR(QRMethod.Thin).Q;
        }
        return q;
    }

    private static Matrix<double> Regularised(Matrix<double> projected, double gamma)
    {
        Matrix<double> m = projected.TransposeAndMultiply(projected) / gamma;
        for (int i = 0; i < m.RowCount; i++) m[i, i] += 1.0;
        return m;
    }

    private static Matrix<double> Symmetric(Matrix<double> m) => (m + m.Transpose()) * 0.5;
}
