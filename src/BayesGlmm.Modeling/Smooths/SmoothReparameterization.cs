// From a penalised basis to brms's fixed and random parts: centring constraint, penalty scaling, diagonal penalty, smooth2random.
using BayesGlmm.Modeling.Frames;
using MathNet.Numerics.LinearAlgebra;

namespace BayesGlmm.Modeling.Smooths;

/// <summary>
/// Rewrites a penalised spline f = Xβ, penalty λβ'Sβ, as a mixed model f = X_f β_f + Z b with b ~ N(0, σ² I) and β_f
/// unpenalised (Wood 2017, §6.6.1; Kimeldorf &amp; Wahba 1970; Wand &amp; Ormerod 2008), in the parameterisation
/// mgcv's <c>smoothCon(absorb.cons = TRUE, diagonal.penalty = TRUE)</c> and <c>smooth2random(type = 2)</c> give brms:
/// <list type="number">
/// <item>the sum-to-zero constraint 1'Xβ = 0 (Wood 2017, §5.4.1) is absorbed with an orthonormal basis Z_c of the null
/// space of c = colMeans(X): X ← X Z_c, S ← Z_c' S Z_c. Any orthonormal basis gives the same final design up to column
/// signs, since the eigenvectors of the penalty below rotate with it;</item>
/// <item>before that, S is scaled by ‖X‖_∞² / ‖S‖_1 (mgcv's <c>scale.penalty</c>), which sets the scale of the random
/// effects and hence the meaning of their sd;</item>
/// <item>S = U Λ U' with eigenvalues in decreasing order; the r = rank(S) penalised directions are scaled to unit
/// penalty, X U_r Λ_r^(−1/2), and each unpenalised direction by √(‖X u_j‖² / ā) with ā the mean squared norm of the
/// penalised columns (mgcv's <c>nat.param</c>, type 2, after Wood 2017, §5.4.2); the penalty is then diag(1, …, 1, 0);</item>
/// <item>the eigen-decomposition of that diagonal penalty as R's <c>eigen</c> returns it (LAPACK's selection sort of
/// equal eigenvalues, reversed) orders the penalised columns 1, r, r − 1, …, 2; they are Z (brms's <c>Zs</c>, the
/// coefficients <c>s_</c>), and the unpenalised ones X_f (brms's <c>Xs</c>, the coefficients <c>bs_</c>).</item>
/// </list>
/// With a factor <c>by</c> variable each level's part is the same basis multiplied by the level's indicator, with the
/// constraint, scaling and reparameterisation of the whole data, and the scaling of unpenalised columns computed from
/// the first level's columns (mgcv).
/// </summary>
internal sealed class SmoothReparameterization
{
    private SmoothReparameterization(Matrix<double> transform, int penalised)
    {
        Transform = transform;
        PenalisedCount = penalised;
    }

    /// <summary>The k × (k − 1) map from the basis's coefficients to [Z columns, X_f columns]: design = basis × Transform.</summary>
    public Matrix<double> Transform { get; }

    /// <summary>The number of penalised (random) columns r; the remaining k − 1 − r are unpenalised (fixed).</summary>
    public int PenalisedCount { get; }

    /// <summary>The number of unpenalised (fixed) columns.</summary>
    public int FixedCount => Transform.ColumnCount - PenalisedCount;

    /// <summary>
    /// The reparameterisation of <paramref name="basis"/> over its data; <paramref name="firstLevelRows"/> marks the rows
    /// of a factor <c>by</c> variable's first level (null without one).
    /// </summary>
    public static SmoothReparameterization Create(ISmoothBasis basis, bool[]? firstLevelRows = null)
    {
        var x = basis.Basis;
        int n = x.Rows, k = x.Columns;
        var s = Matrix<double>.Build.Dense(k, k, (double[])basis.Penalty.Clone());
        // mgcv's scale.penalty: S / (‖S‖_1 / ‖X‖_∞²).
        double rowSumMax = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < k; j++) sum += Math.Abs(x[i, j]);
            rowSumMax = Math.Max(rowSumMax, sum);
        }
        double columnSumMax = 0;
        for (int j = 0; j < k; j++) columnSumMax = Math.Max(columnSumMax, s.Column(j).Sum(Math.Abs));
        s = s / (columnSumMax / (rowSumMax * rowSumMax));

        // The centring constraint: an orthonormal basis of the null space of c = colMeans(X) (a Householder reflection).
        var c = new double[k];
        for (int j = 0; j < k; j++) c[j] = x.Column(j).ToArray().Average();
        var nullSpace = ConstraintNullSpace(c);
        var xMatrix = Matrix<double>.Build.Dense(n, k, x.Values);
        var xc = xMatrix * nullSpace;
        var sc = nullSpace.Transpose() * s * nullSpace;
        int p = k - 1, rank = Math.Min(basis.PenaltyRank, p);

        // nat.param type 2: eigenvectors of S in decreasing order of eigenvalue; unit penalty; null columns rescaled.
        var evd = sc.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, p).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        var u = Matrix<double>.Build.Dense(p, p, (i, j) => evd.EigenVectors[i, order[j]]);
        var scale = new double[p];
        for (int j = 0; j < rank; j++) scale[j] = Math.Sqrt(evd.EigenValues[order[j]].Real);
        for (int j = rank; j < p; j++) scale[j] = 1.0;
        var reference = firstLevelRows is null ? xc : Matrix<double>.Build.Dense(n, p, (i, j) => firstLevelRows[i] ? xc[i, j] : 0.0);
        var projected = reference * u;
        var columnNorm = new double[p];
        for (int j = 0; j < p; j++) columnNorm[j] = projected.Column(j).Sum(v => v * v) / (scale[j] * scale[j]);
        double average = columnNorm.Take(rank).Average();
        for (int j = rank; j < p; j++) scale[j] = Math.Sqrt(columnNorm[j] / average);
        var natural = Matrix<double>.Build.Dense(p, p, (i, j) => u[i, j] / scale[j]);

        // smooth2random: the columns in the order R's eigen gives for diag(1, ..., 1, 0, ..., 0).
        var permutation = EigenOrderOfUnitDiagonal(rank, p);
        var ordered = Matrix<double>.Build.Dense(p, p, (i, j) => natural[i, permutation[j]]);
        return new SmoothReparameterization(nullSpace * ordered, rank);
    }

    /// <summary>
    /// The column order R's <c>eigen</c> returns for the diagonal matrix diag(1 × <paramref name="rank"/>, 0 × (p − rank)):
    /// LAPACK's dsyevr splits it into 1 × 1 blocks, sorts the eigenvalues increasingly by selection (each position takes
    /// the first strictly smaller value after it, swapping with it), and R reverses the result.
    /// </summary>
    internal static int[] EigenOrderOfUnitDiagonal(int rank, int p)
    {
        var values = Enumerable.Range(0, p).Select(i => i < rank ? 1.0 : 0.0).ToArray();
        var index = Enumerable.Range(0, p).ToArray();
        for (int j = 0; j < p - 1; j++)
        {
            int swap = -1;
            double smallest = values[j];
            for (int jj = j + 1; jj < p; jj++)
                if (values[jj] < smallest) { swap = jj; smallest = values[jj]; }
            if (swap < 0) continue;
            (values[j], values[swap]) = (values[swap], values[j]);
            (index[j], index[swap]) = (index[swap], index[j]);
        }
        Array.Reverse(index);
        return index;
    }

    /// <summary>
    /// A k × (k − 1) matrix with orthonormal columns spanning {β : c'β = 0}: the last k − 1 columns of the Householder
    /// reflection that maps c onto a multiple of the first unit vector (Golub &amp; Van Loan 2013, §5.1.2; Wood 2017, §1.8.1).
    /// </summary>
    internal static Matrix<double> ConstraintNullSpace(double[] c)
    {
        int k = c.Length;
        double norm = Math.Sqrt(c.Sum(v => v * v));
        var v = (double[])c.Clone();
        v[0] += c[0] >= 0 ? norm : -norm;
        double vv = v.Sum(e => e * e);
        var h = Matrix<double>.Build.DenseIdentity(k);
        if (vv > 0)
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++) h[i, j] -= 2 * v[i] * v[j] / vv;
        return h.SubMatrix(0, k, 1, k - 1);
    }

    /// <summary>The design at the rows of <paramref name="basis"/>: basis × <see cref="Transform"/>, penalised columns first.</summary>
    public ColumnMajorMatrix Apply(ColumnMajorMatrix basis)
    {
        int m = basis.Rows, p = Transform.ColumnCount;
        var result = new ColumnMajorMatrix(m, p);
        for (int j = 0; j < p; j++)
            for (int l = 0; l < Transform.RowCount; l++)
            {
                double t = Transform[l, j];
                if (t == 0) continue;
                var source = basis.Column(l);
                var target = result.Column(j);
                for (int i = 0; i < m; i++) target[i] += source[i] * t;
            }
        return result;
    }
}
