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
    private GaussianMarginalDesign(EffectBlocks blocks, int fixedCount, bool hasSigma, double sumLogKnownVariance)
    {
        Blocks = blocks;
        FixedCount = fixedCount;
        HasSigma = hasSigma;
        SumLogKnownVariance = sumLogKnownVariance;
    }

    /// <summary>The sparse structure of the effects.</summary>
    public EffectBlocks Blocks { get; }

    /// <summary>The effects' layout.</summary>
    public EffectLayout Layout => Blocks.Layout;

    /// <summary>N.</summary>
    public int ObservationCount => Blocks.ObservationCount;

    /// <summary>P, the columns of X.</summary>
    public int FixedCount { get; }

    /// <summary>Whether the residual sd σ is a parameter (false with known standard errors).</summary>
    public bool HasSigma { get; }

    /// <summary>Σ_n log se_n² with known standard errors, else 0.</summary>
    public double SumLogKnownVariance { get; }

    internal double[] BlockValues { get; private init; } = [];
    internal double[] ZtWX { get; private init; } = [];   // q × P row-major
    internal double[] ZtWy { get; private init; } = [];
    internal double[] XtWX { get; private init; } = [];   // P × P row-major
    internal double[] XtWy { get; private init; } = [];
    internal double YtWy { get; private init; }
    internal double[] Response { get; private init; } = [];   // y per observation (the offset not taken off)
    internal double[] Weight { get; private init; } = [];     // W's diagonal
    internal double[] ObservationZ { get; private init; } = [];  // Z_t[n, c] at [n · ΣK + (Σ_{u<t} K_u) + c]

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
        var blocks = new EffectBlocks(terms, n);
        var layout = blocks.Layout;
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
        var blockValues = new double[blocks.BlockValueCount];
        blocks.AccumulateWeighted(weight, blockValues);
        var ztwx = new double[q * p];
        var ztwy = new double[q];
        var xtwx = new double[p * p];
        var xtwy = new double[p];
        double ytwy = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weight[i], yi = y[i] - (offset?[i] ?? 0.0);
            ytwy += w * yi * yi;
            for (int a = 0; a < p; a++)
            {
                double xa = x[i, a];
                xtwy[a] += w * xa * yi;
                for (int b = 0; b <= a; b++) xtwx[a * p + b] += w * xa * x[i, b];
            }
            for (int t = 0; t < termCount; t++)
            {
                int kt = layout.Coefficients[t], et = layout.NodeEffect[blocks.ObservationNode[i * termCount + t]];
                var zt = terms[t].Z;
                for (int c = 0; c < kt; c++)
                {
                    double wz = w * zt[i, c];
                    ztwy[et + c] += wz * yi;
                    for (int a = 0; a < p; a++) ztwx[(et + c) * p + a] += wz * x[i, a];
                }
            }
        }
        for (int a = 0; a < p; a++)
            for (int b = 0; b < a; b++) xtwx[b * p + a] = xtwx[a * p + b];
        int width = layout.Coefficients.Sum();
        var z = new double[n * width];
        var net = new double[n];
        for (int i = 0; i < n; i++)
        {
            net[i] = y[i];
            for (int t = 0, o = 0; t < termCount; o += layout.Coefficients[t], t++)
                for (int c = 0; c < layout.Coefficients[t]; c++) z[i * width + o + c] = terms[t].Z[i, c];
        }

        return new GaussianMarginalDesign(blocks, p, knownStandardErrors is null, sumLog)
        {
            BlockValues = blockValues,
            ZtWX = ztwx,
            ZtWy = ztwy,
            XtWX = xtwx,
            XtWy = xtwy,
            YtWy = ytwy,
            Response = net,
            Weight = weight,
            ObservationZ = z,
        };
    }
}
