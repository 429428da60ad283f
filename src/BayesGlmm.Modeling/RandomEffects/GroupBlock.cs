// The matrix side of one group-level term in the evaluator's observation order: levels, Z columns, contiguous segments.
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// One group-level term laid out for the log density (MixedModels.jl's ReMat): the level of every
/// observation and the K columns of Z, in the evaluator's (possibly sorted) observation order. Columns
/// of ones (intercepts) are not stored. When the levels are non-decreasing in that order each level is a
/// contiguous segment, and gather and scatter become vector operations over segments (DESIGN.md §4).
/// Effects r are stored coefficient-major: r[k · J + j] is coefficient k of level j.
/// </summary>
public sealed class GroupBlock
{
    private readonly int[] _level;
    private readonly double[]?[] _z;
    private readonly int[]? _segmentStart;

    /// <summary>Lays out <paramref name="term"/> for the observation order <paramref name="order"/> (order[n] = frame row of observation n).</summary>
    public GroupBlock(GroupTerm term, ReadOnlySpan<int> order)
    {
        Term = term;
        int n = order.Length;
        LevelCount = term.LevelCount;
        CoefficientCount = term.CoefficientCount;
        Correlated = term.Correlated && CoefficientCount > 1;
        Student = term.Distribution == RandomEffectDistribution.Student;
        _level = new int[n];
        for (int i = 0; i < n; i++) _level[i] = term.LevelOfObservation[order[i]];
        _z = new double[]?[CoefficientCount];
        for (int k = 0; k < CoefficientCount; k++)
        {
            var source = term.Z.Column(k);
            var column = new double[n];
            bool ones = true;
            for (int i = 0; i < n; i++)
            {
                column[i] = source[order[i]];
                ones &= column[i] == 1.0;
            }
            _z[k] = ones ? null : column;
        }
        bool sorted = true;
        for (int i = 1; i < n && sorted; i++) sorted = _level[i] >= _level[i - 1];
        if (sorted)
        {
            _segmentStart = new int[LevelCount + 1];
            int i = 0;
            for (int j = 0; j < LevelCount; j++)
            {
                _segmentStart[j] = i;
                while (i < n && _level[i] == j) i++;
            }
            _segmentStart[LevelCount] = n;
        }
    }

    /// <summary>The term as the frame describes it (frame order).</summary>
    public GroupTerm Term { get; }

    /// <summary>The number of levels J.</summary>
    public int LevelCount { get; }

    /// <summary>The number of coefficients K.</summary>
    public int CoefficientCount { get; }

    /// <summary>Whether the coefficients are correlated (a Cholesky factor and an LKJ prior).</summary>
    public bool Correlated { get; }

    /// <summary>Whether the effects are Student-t (brms's <c>gr(g, dist = "student")</c>): a scale mixture with per-level scales.</summary>
    public bool Student { get; }

    /// <summary>Whether the levels form contiguous segments in the evaluator's order.</summary>
    public bool IsSegmented => _segmentStart is not null;

    /// <summary>eta_n += Σ_k Z_nk r[k, level(n)].</summary>
    public void AddTo(Span<double> eta, ReadOnlySpan<double> r)
    {
        int levels = LevelCount;
        for (int k = 0; k < CoefficientCount; k++)
        {
            var rk = r.Slice(k * levels, levels);
            double[]? z = _z[k];
            if (_segmentStart is { } seg)
            {
                for (int j = 0; j < levels; j++)
                {
                    int start = seg[j], length = seg[j + 1] - start;
                    if (length == 0) continue;
                    var part = eta.Slice(start, length);
                    if (z is null) TensorPrimitives.Add(part, rk[j], part);
                    else TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(z, start, length), rk[j], part, part);
                }
            }
            else if (z is null)
            {
                for (int i = 0; i < eta.Length; i++) eta[i] += rk[_level[i]];
            }
            else
            {
                for (int i = 0; i < eta.Length; i++) eta[i] += z[i] * rk[_level[i]];
            }
        }
    }

    /// <summary>Sets gr[k, j] = Σ_{n in level j} Z_nk gEta_n (the transpose of <see cref="AddTo"/>).</summary>
    public void Gradient(ReadOnlySpan<double> gradientEta, Span<double> gradientR)
    {
        int levels = LevelCount;
        gradientR[..(levels * CoefficientCount)].Clear();
        for (int k = 0; k < CoefficientCount; k++)
        {
            var gk = gradientR.Slice(k * levels, levels);
            double[]? z = _z[k];
            if (_segmentStart is { } seg)
            {
                for (int j = 0; j < levels; j++)
                {
                    int start = seg[j], length = seg[j + 1] - start;
                    if (length == 0) continue;
                    var part = gradientEta.Slice(start, length);
                    gk[j] = z is null ? TensorPrimitives.Sum(part) : TensorPrimitives.Dot(new ReadOnlySpan<double>(z, start, length), part);
                }
            }
            else if (z is null)
            {
                for (int i = 0; i < gradientEta.Length; i++) gk[_level[i]] += gradientEta[i];
            }
            else
            {
                for (int i = 0; i < gradientEta.Length; i++) gk[_level[i]] += z[i] * gradientEta[i];
            }
        }
    }

    /// <summary>eta_n += Σ_k Z_nk r[k, level(n)] in the frame's own order (for outputs, not the hot path).</summary>
    public static void AddInFrameOrder(GroupTerm term, Span<double> eta, ReadOnlySpan<double> r)
    {
        int levels = term.LevelCount;
        for (int k = 0; k < term.CoefficientCount; k++)
        {
            var z = term.Z.Column(k);
            var rk = r.Slice(k * levels, levels);
            for (int i = 0; i < eta.Length; i++) eta[i] += z[i] * rk[term.LevelOfObservation[i]];
        }
    }
}
