// The data of a gaussian mixed model reduced once to cross-products, with the sparse structure of its effects' precision.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.LinearAlgebra;

namespace BayesGlmm.Modeling.Integrated;

/// <summary>
/// The immutable, shareable part of <see cref="GaussianMarginal"/>: the model y = X β + offset + Z b + ε,
/// ε ~ N(0, R), R = σ² I (or diag(se²) for known standard errors, brms's <c>se()</c>, with no σ), reduced to the
/// weighted cross-products ZᵀWZ (sparse, in K_t × K_u blocks per pair of levels that share an observation),
/// ZᵀWX, ZᵀWy, XᵀWX, XᵀWy and yᵀWy, W = I or diag(1/se²), y taken net of the offset. Every evaluation
/// then costs nothing per observation (Bates, Mächler, Bolker &amp; Walker 2015, JSS 67(1), §3: lme4 keeps the
/// same products). The fill-reducing order is chosen here once, on the graph of levels (approximate minimum
/// degree; each level's coefficients stay together), with the fixed effects last when they are integrated too.
/// </summary>
public sealed class GaussianMarginalDesign
{
    private readonly Lazy<SystemStructure> _marginal;
    private readonly Lazy<SystemStructure> _restricted;

    private GaussianMarginalDesign(EffectLayout layout, int observations, int fixedCount, bool hasSigma, double sumLogKnownVariance)
    {
        Layout = layout;
        ObservationCount = observations;
        FixedCount = fixedCount;
        HasSigma = hasSigma;
        SumLogKnownVariance = sumLogKnownVariance;
        _marginal = new Lazy<SystemStructure>(() => new SystemStructure(this, 0));
        _restricted = new Lazy<SystemStructure>(() => new SystemStructure(this, FixedCount));
    }

    /// <summary>The effects' layout.</summary>
    public EffectLayout Layout { get; }

    /// <summary>N.</summary>
    public int ObservationCount { get; }

    /// <summary>P, the columns of X.</summary>
    public int FixedCount { get; }

    /// <summary>Whether the residual sd σ is a parameter (false with known standard errors).</summary>
    public bool HasSigma { get; }

    /// <summary>Σ_n log se_n² with known standard errors, else 0.</summary>
    public double SumLogKnownVariance { get; }

    /// <summary>The number of nonzero K × K blocks of ZᵀWZ in its lower triangle (by node).</summary>
    public int BlockCount => BlockRow.Length;

    internal int[] BlockRow { get; private init; } = [];
    internal int[] BlockColumn { get; private init; } = [];
    internal int[] BlockValueOffset { get; private init; } = [];
    internal double[] BlockValues { get; private init; } = [];
    internal double[] ZtWX { get; private init; } = [];   // q × P row-major
    internal double[] ZtWy { get; private init; } = [];
    internal double[] XtWX { get; private init; } = [];   // P × P row-major
    internal double[] XtWy { get; private init; } = [];
    internal double YtWy { get; private init; }
    internal int[] NodeOrder { get; private init; } = [];

    internal SystemStructure Marginal => _marginal.Value;

    internal SystemStructure Restricted => _restricted.Value;

    /// <summary>The design of a gaussian model frame over <paramref name="terms"/> (default: the frame's, in formula order).</summary>
    public static GaussianMarginalDesign FromFrame(ModelFrame frame, IReadOnlyList<GroupTerm>? terms = null) =>
        Create(frame.Fixed.X, frame.Response.Values, frame.Offset, frame.Response.KnownStandardErrors, terms ?? frame.Groups);

    /// <summary>
    /// The design of y = X β + offset + Σ_t Z_t b_t + ε. Rows of <paramref name="x"/>, <paramref name="y"/>, the
    /// offset, the known standard errors and every term's levels and Z columns are the same observations.
    /// </summary>
    public static GaussianMarginalDesign Create(ColumnMajorMatrix x, ReadOnlySpan<double> y, double[]? offset, double[]? knownStandardErrors, IReadOnlyList<GroupTerm> terms)
    {
        int n = y.Length, p = x.Columns;
        if (x.Rows != n) throw new ArgumentException($"X has {x.Rows} rows for {n} observations.", nameof(x));
        var layout = new EffectLayout(terms);
        int q = layout.EffectCount, termCount = terms.Count;
        var weight = new double[n];
        double sumLog = 0;
        for (int i = 0; i < n; i++)
        {
            if (knownStandardErrors is null) weight[i] = 1;
            else
            {
                double se = knownStandardErrors[i];
                weight[i] = 1.0 / (se * se);
                sumLog += 2 * Math.Log(se);
            }
        }
        var response = new double[n];
        for (int i = 0; i < n; i++) response[i] = y[i] - (offset?[i] ?? 0.0);

        // Blocks of ZᵀWZ keyed by (row node, column node), row ≥ column.
        var blockIndex = new Dictionary<long, int>();
        var rows = new List<int>();
        var columns = new List<int>();
        var valueOffset = new List<int>();
        var values = new List<double>();
        int Block(int row, int column)
        {
            long key = (long)row * layout.NodeCount + column;
            if (blockIndex.TryGetValue(key, out int b)) return b;
            b = rows.Count;
            blockIndex.Add(key, b);
            rows.Add(row);
            columns.Add(column);
            valueOffset.Add(values.Count);
            int size = layout.Coefficients[layout.NodeTerm[row]] * layout.Coefficients[layout.NodeTerm[column]];
            for (int e = 0; e < size; e++) values.Add(0);
            return b;
        }
        for (int node = 0; node < layout.NodeCount; node++) Block(node, node); // every level has a diagonal block

        var ztwx = new double[q * p];
        var ztwy = new double[q];
        var xtwx = new double[p * p];
        var xtwy = new double[p];
        double ytwy = 0;
        var nodes = new int[termCount];
        for (int i = 0; i < n; i++)
        {
            double w = weight[i], yi = response[i];
            ytwy += w * yi * yi;
            for (int a = 0; a < p; a++)
            {
                double xa = x[i, a];
                xtwy[a] += w * xa * yi;
                for (int b = 0; b <= a; b++) xtwx[a * p + b] += w * xa * x[i, b];
            }
            for (int t = 0; t < termCount; t++) nodes[t] = layout.NodeOffset[t] + terms[t].LevelOfObservation[i];
            for (int t = 0; t < termCount; t++)
            {
                int kt = layout.Coefficients[t], et = layout.NodeEffect[nodes[t]];
                var zt = terms[t].Z;
                for (int c = 0; c < kt; c++)
                {
                    double wz = w * zt[i, c];
                    ztwy[et + c] += wz * yi;
                    for (int a = 0; a < p; a++) ztwx[(et + c) * p + a] += wz * x[i, a];
                }
                for (int u = 0; u <= t; u++)
                {
                    int ku = layout.Coefficients[u];
                    var zu = terms[u].Z;
                    // Term order puts higher terms at higher nodes, so (t, u) with t ≥ u is the lower block.
                    int b = Block(nodes[t], nodes[u]);
                    int o = valueOffset[b];
                    for (int c = 0; c < kt; c++)
                    {
                        double wz = w * zt[i, c];
                        for (int d = 0; d < ku; d++) values[o + c * ku + d] += wz * zu[i, d];
                    }
                }
            }
        }
        for (int a = 0; a < p; a++)
            for (int b = 0; b < a; b++) xtwx[b * p + a] = xtwx[a * p + b];

        // The fill-reducing order on the graph of levels.
        var adjacency = new List<int>[layout.NodeCount];
        for (int node = 0; node < layout.NodeCount; node++) adjacency[node] = [];
        for (int b = 0; b < rows.Count; b++)
            if (rows[b] != columns[b])
            {
                adjacency[rows[b]].Add(columns[b]);
                adjacency[columns[b]].Add(rows[b]);
            }
        var order = MinimumDegreeOrdering.Order(adjacency.Select(a => a.ToArray()).ToArray());

        return new GaussianMarginalDesign(layout, n, p, knownStandardErrors is null, sumLog)
        {
            BlockRow = rows.ToArray(),
            BlockColumn = columns.ToArray(),
            BlockValueOffset = valueOffset.ToArray(),
            BlockValues = values.ToArray(),
            ZtWX = ztwx,
            ZtWy = ztwy,
            XtWX = xtwx,
            XtWy = xtwy,
            YtWy = ytwy,
            NodeOrder = order,
        };
    }

    /// <summary>
    /// The pattern of the system the effects (and, for the restricted likelihood, the fixed effects after them)
    /// are solved in, with where each block entry lands and the elimination order.
    /// </summary>
    internal sealed class SystemStructure
    {
        public SystemStructure(GaussianMarginalDesign design, int fixedCount)
        {
            var layout = design.Layout;
            int q = layout.EffectCount, size = q + fixedCount, p = design.FixedCount;
            FixedCount = fixedCount;
            var pairs = new List<(int, int)>();
            for (int b = 0; b < design.BlockCount; b++)
            {
                int row = design.BlockRow[b], column = design.BlockColumn[b];
                int kr = layout.Coefficients[layout.NodeTerm[row]], kc = layout.Coefficients[layout.NodeTerm[column]];
                int er = layout.NodeEffect[row], ec = layout.NodeEffect[column];
                for (int c = 0; c < kr; c++)
                    for (int d = 0; d < kc; d++)
                        if (row != column || d <= c) pairs.Add((er + c, ec + d));
            }
            for (int a = 0; a < fixedCount; a++)
            {
                for (int i = 0; i < q + a; i++) pairs.Add((q + a, i));
            }
            Pattern = SymmetricPattern.FromEntries(size, pairs);

            BlockEntry = new int[design.BlockValues.Length];
            for (int b = 0; b < design.BlockCount; b++)
            {
                int row = design.BlockRow[b], column = design.BlockColumn[b];
                int kr = layout.Coefficients[layout.NodeTerm[row]], kc = layout.Coefficients[layout.NodeTerm[column]];
                int er = layout.NodeEffect[row], ec = layout.NodeEffect[column], o = design.BlockValueOffset[b];
                for (int c = 0; c < kr; c++)
                    for (int d = 0; d < kc; d++)
                        BlockEntry[o + c * kc + d] = row != column || d <= c ? Pattern.IndexOf(er + c, ec + d) : -1;
            }
            FixedEffectEntry = new int[q * fixedCount];
            FixedFixedEntry = new int[fixedCount * fixedCount];
            for (int a = 0; a < fixedCount; a++)
            {
                for (int i = 0; i < q; i++) FixedEffectEntry[i * fixedCount + a] = Pattern.IndexOf(q + a, i);
                for (int b = 0; b < fixedCount; b++) FixedFixedEntry[a * fixedCount + b] = Pattern.IndexOf(q + a, q + b);
            }
            _ = p;

            var order = new int[size];
            int k = 0;
            foreach (int node in design.NodeOrder)
                for (int c = 0; c < layout.Coefficients[layout.NodeTerm[node]]; c++) order[k++] = layout.NodeEffect[node] + c;
            for (int a = 0; a < fixedCount; a++) order[k++] = q + a;
            Order = order;
        }

        /// <summary>The number of fixed effects in the system (0, or P for the restricted likelihood).</summary>
        public int FixedCount { get; }

        public SymmetricPattern Pattern { get; }

        /// <summary>For each value of <see cref="BlockValues"/>, its entry in <see cref="Pattern"/> (−1 above a diagonal block's diagonal).</summary>
        public int[] BlockEntry { get; }

        /// <summary>Entry of (q + a, effect i) at [i · P + a].</summary>
        public int[] FixedEffectEntry { get; }

        /// <summary>Entry of (q + a, q + b) at [a · P + b] (lower and upper give the same entry).</summary>
        public int[] FixedFixedEntry { get; }

        public int[] Order { get; }

        public ICholeskyFactor CreateFactor() => CholeskyFactor.Create(Pattern, Order);
    }
}
