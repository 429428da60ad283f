// The group-level effects of several terms as one vector: one block of K coefficients per (term, level).
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Integrated;

/// <summary>
/// The effects of the group-level terms laid out level by level (MixedModels.jl's and lme4's order of u): term t
/// owns nodes <see cref="NodeOffset"/>[t] + j, one per level j, and node n's K_t coefficients are the effect
/// indices <see cref="NodeEffect"/>[n] + c. The covariance factor of term t (K_t × K_t, lower triangular,
/// row-major) sits at <see cref="FactorOffset"/>[t] of a packed array of all terms' factors.
/// The model's reported <c>r_</c> effects are coefficient-major (r[c · J + j]); <see cref="ToCoefficientMajor"/> converts.
/// </summary>
public sealed class EffectLayout
{
    /// <summary>The layout of <paramref name="terms"/>, in that order.</summary>
    public EffectLayout(IReadOnlyList<GroupTerm> terms)
    {
        Terms = terms;
        int count = terms.Count;
        Coefficients = new int[count];
        Levels = new int[count];
        NodeOffset = new int[count + 1];
        EffectOffset = new int[count + 1];
        FactorOffset = new int[count + 1];
        for (int t = 0; t < count; t++)
        {
            Coefficients[t] = terms[t].CoefficientCount;
            Levels[t] = terms[t].LevelCount;
            NodeOffset[t + 1] = NodeOffset[t] + Levels[t];
            EffectOffset[t + 1] = EffectOffset[t] + Levels[t] * Coefficients[t];
            FactorOffset[t + 1] = FactorOffset[t] + Coefficients[t] * Coefficients[t];
        }
        NodeCount = NodeOffset[count];
        EffectCount = EffectOffset[count];
        FactorLength = FactorOffset[count];
        NodeTerm = new int[NodeCount];
        NodeEffect = new int[NodeCount];
        NodeSquareOffset = new int[NodeCount + 1];
        for (int t = 0; t < count; t++)
            for (int j = 0; j < Levels[t]; j++)
            {
                int node = NodeOffset[t] + j;
                NodeTerm[node] = t;
                NodeEffect[node] = EffectOffset[t] + j * Coefficients[t];
                NodeSquareOffset[node + 1] = NodeSquareOffset[node] + Coefficients[t] * Coefficients[t];
            }
    }

    /// <summary>The terms, in layout order.</summary>
    public IReadOnlyList<GroupTerm> Terms { get; }

    /// <summary>K_t per term.</summary>
    public int[] Coefficients { get; }

    /// <summary>J_t per term.</summary>
    public int[] Levels { get; }

    /// <summary>The first node of each term (length terms + 1).</summary>
    public int[] NodeOffset { get; }

    /// <summary>The first effect index of each term (length terms + 1).</summary>
    public int[] EffectOffset { get; }

    /// <summary>Where each term's K_t × K_t factor starts in a packed factor array (length terms + 1).</summary>
    public int[] FactorOffset { get; }

    /// <summary>The term of each node.</summary>
    public int[] NodeTerm { get; }

    /// <summary>The first effect index of each node.</summary>
    public int[] NodeEffect { get; }

    /// <summary>Where node n's K × K block starts in an array of one such block per node (length nodes + 1).</summary>
    public int[] NodeSquareOffset { get; }

    /// <summary>The number of nodes (levels over all terms).</summary>
    public int NodeCount { get; }

    /// <summary>q, the number of effects.</summary>
    public int EffectCount { get; }

    /// <summary>The length of a packed array of every term's factor.</summary>
    public int FactorLength { get; }

    /// <summary>Copies the lower triangles of every term's factor (row-major K × K at <see cref="FactorOffset"/>) and zeros above them.</summary>
    public void LowerTriangles(ReadOnlySpan<double> factors, Span<double> destination)
    {
        for (int t = 0; t < Terms.Count; t++)
        {
            int k = Coefficients[t], o = FactorOffset[t];
            for (int a = 0; a < k; a++)
                for (int b = 0; b < k; b++) destination[o + a * k + b] = b <= a ? factors[o + a * k + b] : 0.0;
        }
    }

    /// <summary>b = Λ u: each node's K coefficients times its term's lower-triangular factor (level-major vectors of length q).</summary>
    public void MultiplyFactor(ReadOnlySpan<double> factors, ReadOnlySpan<double> u, Span<double> b)
    {
        for (int node = 0; node < NodeCount; node++)
        {
            int t = NodeTerm[node], k = Coefficients[t], e = NodeEffect[node], o = FactorOffset[t];
            for (int a = k - 1; a >= 0; a--)
            {
                double v = 0;
                for (int c = 0; c <= a; c++) v += factors[o + a * k + c] * u[e + c];
                b[e + a] = v;
            }
        }
    }

    /// <summary>w = scale · Λᵀ v (level-major vectors of length q).</summary>
    public void MultiplyFactorTransposed(ReadOnlySpan<double> factors, ReadOnlySpan<double> v, double scale, Span<double> w)
    {
        for (int node = 0; node < NodeCount; node++)
        {
            int t = NodeTerm[node], k = Coefficients[t], e = NodeEffect[node], o = FactorOffset[t];
            for (int c = 0; c < k; c++)
            {
                double sum = 0;
                for (int a = c; a < k; a++) sum += factors[o + a * k + c] * v[e + a];
                w[e + c] = scale * sum;
            }
        }
    }

    /// <summary>Copies term t's effects from the level-major vector <paramref name="effects"/> (length q) to <paramref name="r"/> (K_t · J_t, coefficient-major).</summary>
    public void ToCoefficientMajor(int t, ReadOnlySpan<double> effects, Span<double> r)
    {
        int k = Coefficients[t], levels = Levels[t], offset = EffectOffset[t];
        for (int j = 0; j < levels; j++)
            for (int c = 0; c < k; c++) r[c * levels + j] = effects[offset + j * k + c];
    }
}
