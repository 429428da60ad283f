// The sparse structure shared by every integrated likelihood: which pairs of levels meet in an observation, the system's pattern and its fill-reducing order.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.LinearAlgebra;

namespace BayesGlmm.Modeling.Integrated;

/// <summary>
/// The K_t × K_u blocks of ZᵀWZ that can be nonzero (a pair of levels that share an observation, lower triangle by node;
/// every level's diagonal block), for any weights W; each observation's nodes and the blocks it adds into; and the
/// elimination order, approximate minimum degree on the graph of levels (each level's coefficients kept together).
/// The systems the likelihoods factor (I + ΛᵀZᵀWZΛ, with the fixed effects appended for the restricted likelihood)
/// are laid out by <see cref="SystemStructure"/>.
/// </summary>
public sealed class EffectBlocks
{
    private readonly Dictionary<int, SystemStructure> _systems = [];

    /// <summary>The blocks of <paramref name="terms"/> (their levels and Z columns are per observation).</summary>
    public EffectBlocks(IReadOnlyList<GroupTerm> terms, int observations)
    {
        var layout = Layout = new EffectLayout(terms);
        int termCount = terms.Count, pairs = termCount * (termCount + 1) / 2;
        ObservationCount = observations;
        PairCount = pairs;
        ObservationNode = new int[observations * termCount];
        ObservationBlock = new int[observations * pairs];
        var blockIndex = new Dictionary<long, int>();
        var rows = new List<int>();
        var columns = new List<int>();
        var offsets = new List<int>();
        int valueCount = 0;
        int Block(int row, int column)
        {
            long key = (long)row * layout.NodeCount + column;
            if (blockIndex.TryGetValue(key, out int b)) return b;
            b = rows.Count;
            blockIndex.Add(key, b);
            rows.Add(row);
            columns.Add(column);
            offsets.Add(valueCount);
            valueCount += layout.Coefficients[layout.NodeTerm[row]] * layout.Coefficients[layout.NodeTerm[column]];
            return b;
        }
        for (int node = 0; node < layout.NodeCount; node++) Block(node, node);
        for (int i = 0; i < observations; i++)
        {
            for (int t = 0; t < termCount; t++) ObservationNode[i * termCount + t] = layout.NodeOffset[t] + terms[t].LevelOfObservation[i];
            int pair = 0;
            for (int t = 0; t < termCount; t++)
                for (int u = 0; u <= t; u++) // later terms sit at higher nodes: (t, u) with t ≥ u is a lower block
                    ObservationBlock[i * pairs + pair++] = Block(ObservationNode[i * termCount + t], ObservationNode[i * termCount + u]);
        }
        BlockRow = rows.ToArray();
        BlockColumn = columns.ToArray();
        BlockValueOffset = offsets.ToArray();
        BlockValueCount = valueCount;
        Shapes = new BlockShape[rows.Count];
        for (int b = 0; b < rows.Count; b++)
        {
            int row = rows[b], column = columns[b], tr = layout.NodeTerm[row], tc = layout.NodeTerm[column];
            Shapes[b] = new BlockShape(row == column, layout.Coefficients[tr], layout.Coefficients[tc], layout.NodeEffect[row], layout.NodeEffect[column],
                layout.FactorOffset[tr], layout.FactorOffset[tc], offsets[b], layout.NodeSquareOffset[row], layout.NodeSquareOffset[column]);
        }

        var adjacency = new List<int>[layout.NodeCount];
        for (int node = 0; node < layout.NodeCount; node++) adjacency[node] = [];
        for (int b = 0; b < rows.Count; b++)
            if (rows[b] != columns[b])
            {
                adjacency[rows[b]].Add(columns[b]);
                adjacency[columns[b]].Add(rows[b]);
            }
        NodeOrder = MinimumDegreeOrdering.Order(adjacency.Select(a => a.ToArray()).ToArray());
    }

    /// <summary>The effects' layout.</summary>
    public EffectLayout Layout { get; }

    /// <summary>N.</summary>
    public int ObservationCount { get; }

    /// <summary>The number of blocks.</summary>
    public int BlockCount => BlockRow.Length;

    /// <summary>The length of an array of every block's values (each block row-major).</summary>
    public int BlockValueCount { get; }

    /// <summary>Each block's row node (≥ its column node).</summary>
    public int[] BlockRow { get; }

    /// <summary>Each block's column node.</summary>
    public int[] BlockColumn { get; }

    /// <summary>Where each block's values start.</summary>
    public int[] BlockValueOffset { get; }

    /// <summary>Each block's sizes and offsets, read once per block by the loops of an evaluation.</summary>
    internal BlockShape[] Shapes { get; }

    /// <summary>
    /// One block's shape: whether it is a node's diagonal block, its row and column node's coefficient counts K_r, K_c, first effect
    /// indices, their terms' factor offsets, where its values start, and the row and column node's K × K gradient blocks.
    /// </summary>
    internal readonly record struct BlockShape(bool Diagonal, int RowCount, int ColumnCount, int RowEffect, int ColumnEffect,
        int RowFactor, int ColumnFactor, int Values, int RowSquare, int ColumnSquare);

    /// <summary>Observation i's node in term t at [i · terms + t].</summary>
    public int[] ObservationNode { get; }

    /// <summary>The number of term pairs (t ≥ u) per observation.</summary>
    public int PairCount { get; }

    /// <summary>Observation i's block for its p-th term pair (t, u), t ≥ u in order (0,0), (1,0), (1,1), ..., at [i · pairs + p].</summary>
    public int[] ObservationBlock { get; }

    /// <summary>The fill-reducing order of the nodes.</summary>
    public int[] NodeOrder { get; }

    /// <summary>The layout of the system with <paramref name="fixedCount"/> fixed effects appended (0 for the effects alone).</summary>
    public SystemStructure System(int fixedCount)
    {
        lock (_systems)
        {
            if (!_systems.TryGetValue(fixedCount, out var system)) _systems[fixedCount] = system = new SystemStructure(this, fixedCount);
            return system;
        }
    }

    /// <summary>Adds Σ_i w_i z_i^(t) z_i^(u)ᵀ into every block (values laid out as <see cref="BlockValueOffset"/>) for the given weights.</summary>
    public void AccumulateWeighted(ReadOnlySpan<double> weight, Span<double> blockValues)
    {
        blockValues[..BlockValueCount].Clear();
        var layout = Layout;
        var terms = layout.Terms;
        int termCount = terms.Count;
        for (int i = 0; i < ObservationCount; i++)
        {
            double w = weight[i];
            if (w == 0) continue;
            int pair = 0;
            for (int t = 0; t < termCount; t++)
            {
                int kt = layout.Coefficients[t];
                var zt = terms[t].Z;
                for (int u = 0; u <= t; u++)
                {
                    int ku = layout.Coefficients[u], o = BlockValueOffset[ObservationBlock[i * PairCount + pair++]];
                    var zu = terms[u].Z;
                    for (int c = 0; c < kt; c++)
                    {
                        double wz = w * zt[i, c];
                        for (int d = 0; d < ku; d++) blockValues[o + c * ku + d] += wz * zu[i, d];
                    }
                }
            }
        }
    }

    /// <summary>
    /// Writes the effects' part of the system, s ΛᵀBΛ + I for the blocks B (<paramref name="blockValues"/>) and the factors T_t
    /// (<paramref name="factors"/>, lower triangles row-major at <see cref="EffectLayout.FactorOffset"/>), into
    /// <paramref name="values"/> laid out as the system's pattern; every other entry is set to 0.
    /// </summary>
    public void AssembleEffects(SystemStructure system, ReadOnlySpan<double> blockValues, ReadOnlySpan<double> factors, double scale,
        Span<double> values, Span<double> scratch)
    {
        var layout = Layout;
        values.Clear();
        var entry = system.BlockEntry;
        var shapes = Shapes;
        for (int b = 0; b < shapes.Length; b++)
        {
            var shape = shapes[b];
            int kr = shape.RowCount, kc = shape.ColumnCount, or = shape.RowFactor, ov = shape.Values;
            BlockTimesFactor(blockValues, ov, kr, kc, factors, shape.ColumnFactor, scratch); // scratch = B T_c, then T_rᵀ scratch
            for (int e = 0; e < kr; e++)
                for (int c = 0; c < kc; c++)
                {
                    int index = entry[ov + e * kc + c];
                    if (index < 0) continue;
                    double v = 0;
                    for (int a = e; a < kr; a++) v += factors[or + a * kr + e] * scratch[a * kc + c];
                    values[index] += scale * v;
                }
        }
        var pattern = system.Pattern;
        for (int i = 0; i < layout.EffectCount; i++) values[pattern.ColumnStart[i]] += 1.0; // the diagonal entry comes first in its column
    }

    /// <summary>result = B T (kr × kc, row-major) for the block B at <paramref name="offset"/> and the lower-triangular factor T at <paramref name="factorOffset"/>.</summary>
    public static void BlockTimesFactor(ReadOnlySpan<double> blockValues, int offset, int kr, int kc, ReadOnlySpan<double> factors, int factorOffset, Span<double> result)
    {
        for (int a = 0; a < kr; a++)
            for (int c = 0; c < kc; c++)
            {
                double v = 0;
                for (int e = c; e < kc; e++) v += blockValues[offset + a * kc + e] * factors[factorOffset + e * kc + c];
                result[a * kc + c] = v;
            }
    }

    /// <summary>
    /// The pattern of a system over the effects (and, for the restricted likelihood, the fixed effects after them), with where
    /// each block entry lands and the elimination order.
    /// </summary>
    public sealed class SystemStructure
    {
        internal SystemStructure(EffectBlocks blocks, int fixedCount)
        {
            var layout = blocks.Layout;
            int q = layout.EffectCount, size = q + fixedCount;
            FixedCount = fixedCount;
            var pairs = new List<(int, int)>();
            for (int b = 0; b < blocks.BlockCount; b++)
            {
                int row = blocks.BlockRow[b], column = blocks.BlockColumn[b];
                int kr = layout.Coefficients[layout.NodeTerm[row]], kc = layout.Coefficients[layout.NodeTerm[column]];
                int er = layout.NodeEffect[row], ec = layout.NodeEffect[column];
                for (int c = 0; c < kr; c++)
                    for (int d = 0; d < kc; d++)
                        if (row != column || d <= c) pairs.Add((er + c, ec + d));
            }
            for (int a = 0; a < fixedCount; a++)
                for (int i = 0; i < q + a; i++) pairs.Add((q + a, i));
            Pattern = SymmetricPattern.FromEntries(size, pairs);

            BlockEntry = new int[blocks.BlockValueCount];
            for (int b = 0; b < blocks.BlockCount; b++)
            {
                int row = blocks.BlockRow[b], column = blocks.BlockColumn[b];
                int kr = layout.Coefficients[layout.NodeTerm[row]], kc = layout.Coefficients[layout.NodeTerm[column]];
                int er = layout.NodeEffect[row], ec = layout.NodeEffect[column], o = blocks.BlockValueOffset[b];
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

            var order = new int[size];
            int k = 0;
            foreach (int node in blocks.NodeOrder)
                for (int c = 0; c < layout.Coefficients[layout.NodeTerm[node]]; c++) order[k++] = layout.NodeEffect[node] + c;
            for (int a = 0; a < fixedCount; a++) order[k++] = q + a;
            Order = order;
        }

        /// <summary>The number of fixed effects in the system (0, or P for the restricted likelihood).</summary>
        public int FixedCount { get; }

        /// <summary>The system's pattern.</summary>
        public SymmetricPattern Pattern { get; }

        /// <summary>For each block value, its entry in <see cref="Pattern"/> (−1 above a diagonal block's diagonal).</summary>
        public int[] BlockEntry { get; }

        /// <summary>Entry of (q + a, effect i) at [i · P + a].</summary>
        public int[] FixedEffectEntry { get; }

        /// <summary>Entry of (q + a, q + b) at [a · P + b] (lower and upper give the same entry).</summary>
        public int[] FixedFixedEntry { get; }

        /// <summary>The elimination order: the nodes' coefficients, then the fixed effects.</summary>
        public int[] Order { get; }

        /// <summary>A new factorization for this pattern and order, of <paramref name="kind"/> (by default chosen from the pattern's structure).</summary>
        public ICholeskyFactor CreateFactor(CholeskyKind kind = CholeskyKind.Auto) => CholeskyFactor.Create(Pattern, Order, kind);
    }
}
