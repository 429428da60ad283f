// The low-rank-plus-diagonal inverse metric that minimises the Fisher divergence on the span of the draws and gradients.
using System.Numerics.Tensors;
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
/// The inverse metric is then diag(σ)(I + U(Λ − I)Uᵀ)diag(σ). An update costs O(d·n·l) flops for the range finder and
/// the projections (l = r + 5) and O(k³) for the k×k algebra; it runs every <see cref="FisherAdaptationOptions.LowRankUpdateInterval"/>
/// draws of the main phase.
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
        // Columns x̃_j and g̃_j as d-vectors: the work below is dot products and axpys of length d (TensorPrimitives),
        // single-threaded, so that an update costs O(d·n·r) flops without a thread pool.
        var x = new double[n][];
        var g = new double[n][];
        var mx = new double[d];
        var mg = new double[d];
        for (int j = 0; j < n; j++)
        {
            TensorPrimitives.Add(mx, draws[j], mx);
            TensorPrimitives.Add(mg, gradients[j], mg);
        }
        TensorPrimitives.Multiply(mx, 1.0 / n, mx);
        TensorPrimitives.Multiply(mg, 1.0 / n, mg);
        var vx = new double[d];
        var vg = new double[d];
        for (int j = 0; j < n; j++)
        {
            x[j] = new double[d];
            g[j] = new double[d];
            TensorPrimitives.Subtract(draws[j], mx, x[j]);
            TensorPrimitives.Subtract(gradients[j], mg, g[j]);
            TensorPrimitives.MultiplyAdd(x[j], x[j], vx, vx);
            TensorPrimitives.MultiplyAdd(g[j], g[j], vg, vg);
        }
        var sigma = new double[d];
        for (int i = 0; i < d; i++)
        {
            double s = Math.Sqrt(Math.Sqrt(vx[i] / vg[i]));
            if (!double.IsFinite(s) || s == 0) return null;
            sigma[i] = s;
        }
        // Rescaled and centred: (x − μ*)/σ − mean = (x − x̄)/σ; σ·g − mean = σ·(g − ḡ).
        for (int j = 0; j < n; j++)
        {
            TensorPrimitives.Divide(x[j], sigma, x[j]);
            TensorPrimitives.Multiply(g[j], sigma, g[j]);
        }

        List<double[]> q = Basis(x, g, d);
        int k = q.Count;
        Matrix<double> c = Regularised(Project(q, x), gamma);
        Matrix<double> gm = Regularised(Project(q, g), gamma);
        Matrix<double>? mean = SpdMean(c, gm);
        if (mean is null) return null;
        var evd = Symmetric(mean).Evd(Symmetricity.Symmetric);
        var kept = new List<int>();
        for (int e = 0; e < evd.EigenValues.Count; e++)
        {
            double lambda = evd.EigenValues[e].Real;
            if (!double.IsFinite(lambda) || lambda <= 0) return null;
            if (lambda > cutoff || lambda < 1.0 / cutoff) kept.Add(e);
        }
        var eigenvalues = new double[kept.Count];
        var directions = new double[kept.Count * d];
        for (int r = 0; r < kept.Count; r++)
        {
            eigenvalues[r] = evd.EigenValues[kept[r]].Real;
            Span<double> u = directions.AsSpan(r * d, d);
            for (int b = 0; b < k; b++) TensorPrimitives.MultiplyAdd(q[b], evd.EigenVectors[b, kept[r]], u, u);
            double norm = TensorPrimitives.Norm(u);
            TensorPrimitives.Multiply(u, 1.0 / norm, u);
            if (!TensorPrimitives.IsFiniteAll(u)) return null;
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
    /// An orthonormal basis (d-vectors) of the leading left singular directions of X and of G (l = r + 5 each, or all
    /// their columns when fewer), or the unit vectors when d ≤ 2l. Directions in which the data are numerically
    /// dependent are dropped, so k ≤ 2l.
    /// </summary>
    private static List<double[]> Basis(double[][] x, double[][] g, int d)
    {
        int l = DirectionsPerSource + Oversampling;
        if (d <= 2 * Math.Min(l, x.Length))
        {
            var identity = new List<double[]>(d);
            for (int i = 0; i < d; i++)
            {
                var e = new double[d];
                e[i] = 1;
                identity.Add(e);
            }
            return identity;
        }
        List<double[]> basis = RangeOf(x, l, d);
        basis.AddRange(RangeOf(g, l, d));
        return Orthonormalised(basis);
    }

    /// <summary>
    /// An orthonormal basis approximating the range of the leading l left singular vectors of A = [a_1 … a_n]
    /// (randomised range finder with power iterations; the test matrix comes from a fixed seed, so the result depends
    /// on the data only). With l ≥ n the columns of A themselves are orthonormalised.
    /// </summary>
    private static List<double[]> RangeOf(double[][] a, int l, int d)
    {
        int n = a.Length;
        if (l >= n) return Orthonormalised(a.Select(c => (double[])c.Clone()).ToList());
        var rng = new Numerics.Random.RandomStream(0x5EEDUL, (ulong)n, (ulong)d);
        var omega = new double[l][];
        for (int c = 0; c < l; c++)
        {
            omega[c] = new double[n];
            for (int j = 0; j < n; j++) omega[c][j] = rng.NextStandardNormal();
        }
        List<double[]> q = Orthonormalised(Combine(a, omega, d));
        for (int i = 0; i < PowerIterations; i++)
        {
            // W = Aᵀ Q (n-vectors), orthonormalised; then Q = A W, orthonormalised.
            var w = new List<double[]>(q.Count);
            for (int c = 0; c < q.Count; c++) w.Add(new double[n]);
            for (int j = 0; j < n; j++)
                for (int c = 0; c < q.Count; c++) w[c][j] = TensorPrimitives.Dot(a[j], q[c]);
            q = Orthonormalised(Combine(a, Orthonormalised(w), d));
        }
        return q;
    }

    /// <summary>
    /// A W: for each coefficient vector w (n values), Σ_j w_j a_j. The loops run over the columns a_j outermost, so A
    /// (n·d values, often larger than the cache) is read once per product rather than once per output column.
    /// </summary>
    private static List<double[]> Combine(double[][] a, IReadOnlyList<double[]> coefficients, int d)
    {
        var result = new List<double[]>(coefficients.Count);
        for (int c = 0; c < coefficients.Count; c++) result.Add(new double[d]);
        for (int j = 0; j < a.Length; j++)
            for (int c = 0; c < coefficients.Count; c++) TensorPrimitives.MultiplyAdd(a[j], coefficients[c][j], result[c], result[c]);
        return result;
    }

    /// <summary>
    /// Modified Gram–Schmidt run twice ("twice is enough": Giraud, Langou &amp; Rozložník 2005, Comput. Math. Appl.
    /// 50:1069–1075), in place; a vector whose remainder is below 10⁻¹⁰ of its length (or zero) is dropped.
    /// </summary>
    internal static List<double[]> Orthonormalised(List<double[]> vectors)
    {
        var kept = new List<double[]>(vectors.Count);
        foreach (double[] v in vectors)
        {
            double before = TensorPrimitives.Norm(v);
            if (!(before > 0) || !double.IsFinite(before)) continue;
            for (int pass = 0; pass < 2; pass++)
                foreach (double[] b in kept) TensorPrimitives.MultiplyAdd(b, -TensorPrimitives.Dot(v, b), v, v);
            double after = TensorPrimitives.Norm(v);
            if (!(after > 1e-10 * before)) continue;
            TensorPrimitives.Multiply(v, 1.0 / after, v);
            kept.Add(v);
        }
        return kept;
    }

    /// <summary>Qᵀ A as k rows of n values.</summary>
    private static double[][] Project(List<double[]> q, double[][] a)
    {
        var p = new double[q.Count][];
        for (int b = 0; b < q.Count; b++) p[b] = new double[a.Length];
        for (int j = 0; j < a.Length; j++)
            for (int b = 0; b < q.Count; b++) p[b][j] = TensorPrimitives.Dot(q[b], a[j]);
        return p;
    }

    /// <summary>P Pᵀ/γ + I for the k×n projection P.</summary>
    private static Matrix<double> Regularised(double[][] projected, double gamma)
    {
        int k = projected.Length;
        var m = Matrix<double>.Build.Dense(k, k);
        for (int a = 0; a < k; a++)
            for (int b = 0; b <= a; b++)
            {
                double v = TensorPrimitives.Dot(projected[a], projected[b]) / gamma + (a == b ? 1.0 : 0.0);
                m[a, b] = v;
                m[b, a] = v;
            }
        return m;
    }

    private static Matrix<double> Symmetric(Matrix<double> m) => (m + m.Transpose()) * 0.5;
}
