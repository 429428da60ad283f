// lme4's θ: the lower-triangular entries of every term's covariance factor, with the bounds and the map to sds and correlations.
using BayesGlmm.Modeling.Integrated;

namespace BayesGlmm.Modeling.Estimation;

/// <summary>
/// The covariance parameters θ of lme4 (Bates et al. 2015, §3.1): for each term, the lower triangle of its factor Λ_t taken
/// column by column ((1,1), (2,1), …, (2,2), …), only the diagonal for an uncorrelated term (<c>||</c>); diagonal entries are
/// bounded below by 0. The effects of a level have covariance scale² Λ_t Λ_tᵀ (scale = σ for linear mixed models, 1 otherwise).
/// </summary>
public sealed class RelativeFactor
{
    private readonly EffectLayout _layout;
    private readonly int[] _entry;    // θ_i → index in the packed factors

    /// <summary>The parameters of <paramref name="layout"/>'s terms.</summary>
    public RelativeFactor(EffectLayout layout)
    {
        _layout = layout;
        var entries = new List<int>();
        var lower = new List<double>();
        for (int t = 0; t < layout.Terms.Count; t++)
        {
            int k = layout.Coefficients[t], o = layout.FactorOffset[t];
            bool correlated = layout.Terms[t].Correlated;
            for (int c = 0; c < k; c++)
                for (int r = c; r < k; r++)
                {
                    if (r != c && !correlated) continue;
                    entries.Add(o + r * k + c);
                    lower.Add(r == c ? 0.0 : double.NegativeInfinity);
                }
        }
        _entry = entries.ToArray();
        LowerBounds = lower.ToArray();
    }

    /// <summary>The number of parameters.</summary>
    public int Count => _entry.Length;

    /// <summary>0 for diagonal entries, −∞ for the others.</summary>
    public double[] LowerBounds { get; }

    /// <summary>Whether θ_i is a diagonal entry.</summary>
    public bool IsDiagonal(int i) => LowerBounds[i] == 0.0;

    /// <summary>lme4's start: 1 on the diagonals, 0 elsewhere.</summary>
    public double[] Start() => LowerBounds.Select(b => b == 0.0 ? 1.0 : 0.0).ToArray();

    /// <summary>The packed factors T_t = scale · Λ_t(θ) (<see cref="EffectLayout.FactorOffset"/>).</summary>
    public void ToFactors(ReadOnlySpan<double> theta, double scale, Span<double> factors)
    {
        factors[.._layout.FactorLength].Clear();
        for (int i = 0; i < _entry.Length; i++) factors[_entry[i]] = scale * theta[i];
    }

    /// <summary>∂/∂θ_i = scale · ∂/∂T at θ_i's entry.</summary>
    public void ToParameterGradient(ReadOnlySpan<double> gradientFactors, double scale, Span<double> gradientTheta)
    {
        for (int i = 0; i < _entry.Length; i++) gradientTheta[i] = scale * gradientFactors[_entry[i]];
    }

    /// <summary>Whether any diagonal θ_i is below 1e-4 (lme4's isSingular with its default tolerance).</summary>
    public bool IsSingular(ReadOnlySpan<double> theta)
    {
        for (int i = 0; i < _entry.Length; i++)
            if (IsDiagonal(i) && theta[i] < 1e-4) return true;
        return false;
    }

    /// <summary>
    /// The sds (K_t) and correlations (pairs (1,2), (1,3), (2,3), … for a correlated term) of term t's effects from
    /// Σ_t = scale² Λ_t Λ_tᵀ; a correlation with an sd of 0 is NaN, as R reports it.
    /// </summary>
    public (double[] Sd, double[] Correlations) Moments(int t, ReadOnlySpan<double> theta, double scale)
    {
        int k = _layout.Coefficients[t], o = _layout.FactorOffset[t];
        var factors = new double[_layout.FactorLength];
        ToFactors(theta, scale, factors);
        var cov = new double[k, k];
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
                for (int c = 0; c <= Math.Min(a, b); c++) cov[a, b] += factors[o + a * k + c] * factors[o + b * k + c];
        var sd = new double[k];
        for (int a = 0; a < k; a++) sd[a] = Math.Sqrt(cov[a, a]);
        var correlations = new List<double>();
        if (_layout.Terms[t].Correlated)
            for (int j = 1; j < k; j++)
                for (int i = 0; i < j; i++)
                    correlations.Add(sd[i] > 0 && sd[j] > 0 ? Math.Clamp(cov[i, j] / (sd[i] * sd[j]), -1, 1) : double.NaN);
        return (sd, correlations.ToArray());
    }
}
