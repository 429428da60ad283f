// A population-level coefficient constant within a nested pair's inner levels, moved against the inner totals.
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Glmm;

/// <summary>
/// For a nested pair sampled as inner totals v (<see cref="NestedCentredEffects"/>, not centred on the intercept) and a
/// column k of X whose internal values c_a are constant within each inner level a (the intercept; a covariate measured per
/// level, such as grouseticks' YEAR within a brood): the translation b_k → b_k + δ, v_a → v_a − δ c_a leaves every η, hence
/// the likelihood, unchanged, so δ has a likelihood-free conditional, log p(b_k + δ) − Σ_a (v_a − δ c_a − r_B,p(a))² / 2sd_A²,
/// drawn by one slice-sampling update from δ = 0 (<see cref="SliceSampler"/>). A translation has Jacobian 1, so this is an exact Gibbs step along it
/// (Liu &amp; Sabatti 2000, J. Amer. Statist. Assoc. 95:1241–1255, the generalised Gibbs sampler). It moves the
/// coefficient where the Hamiltonian's coordinates trade it off against the totals.
/// </summary>
internal sealed class TotalsShift
{
    private readonly NestedCentredEffects _pair;
    private readonly FixedEffects _fixed;
    private readonly int _column;
    private readonly double[] _levelValue; // c_a per inner level
    private readonly double[] _base;       // scratch: the internal coefficients at δ = 0
    private readonly double[] _shifted;    // scratch: at δ
    private readonly double[] _priorScale; // scratch: the coefficients as their priors see them

    private TotalsShift(NestedCentredEffects pair, FixedEffects fixedEffects, int column, double[] levelValue)
    {
        _pair = pair;
        _fixed = fixedEffects;
        _column = column;
        _levelValue = levelValue;
        _base = new double[fixedEffects.Count];
        _shifted = new double[fixedEffects.Count];
        _priorScale = new double[fixedEffects.Count];
    }

    /// <summary>The column k of X (its coefficient's place in the position).</summary>
    public int Column => _column;

    /// <summary>c_a: the column's internal value in each inner level.</summary>
    public IReadOnlyList<double> LevelValues => _levelValue;

    /// <summary>The shifts of <paramref name="structure"/>: one per nested pair and column constant within its inner levels.</summary>
    public static TotalsShift[] For(GlmmStructure structure)
    {
        var f = structure.Fixed;
        if (f.PredictorCount != 1 || structure.PriorOnly) return [];
        var shifts = new List<TotalsShift>();
        foreach (var pair in structure.Blocks.OfType<NestedCentredEffects>())
        {
            if (pair.CentredOnIntercept) continue;
            var level = pair.Inner.Term.LevelOfObservation;
            for (int k = 0; k < f.Count; k++)
            {
                var values = new double[pair.Inner.LevelCount];
                var seen = new bool[values.Length];
                bool constant = true;
                for (int i = 0; i < level.Length && constant; i++)
                {
                    double x = f.FrameX[i, k] - f.ColumnMeans[k];
                    int a = level[i];
                    if (!seen[a]) (values[a], seen[a]) = (x, true);
                    else constant = values[a] == x;
                }
                if (constant && values.Any(v => v != 0)) shifts.Add(new TotalsShift(pair, f, k, values));
            }
        }
        return [.. shifts];
    }

    /// <summary>One draw of δ and the translation; returns whether the position moved.</summary>
    public bool Move(Span<double> position, RandomStream rng)
    {
        var pair = _pair;
        var v = position.Slice(pair.InnerLatent, pair.Inner.LevelCount);
        var z = position.Slice(pair.OuterLatent, pair.Outer.LevelCount);
        double sdB = Math.Exp(position[pair.OuterLogSd]), sdA = Math.Exp(position[pair.InnerLogSd]);
        var parent = pair.Parent;
        double precision = 0, linear = 0;
        for (int a = 0; a < v.Length; a++)
        {
            double c = _levelValue[a];
            precision += c * c;
            linear += c * (v[a] - sdB * z[parent[a]]);
        }
        precision /= sdA * sdA;
        linear /= sdA * sdA;
        position[.._fixed.Count].CopyTo(_base);
        var conditional = new Conditional(this, precision, linear);
        if (!SliceSampler.TryUpdate(ref conditional, 0.0, 2.0 / Math.Sqrt(precision), rng, out double delta) || delta == 0) return false;
        position[_column] += delta;
        for (int a = 0; a < v.Length; a++) v[a] -= delta * _levelValue[a];
        return true;
    }

    /// <summary>log p(b + δ e_k) (the coefficients' priors at the intercepts they apply to) − P δ²/2 + L δ.</summary>
    private double LogConditional(double delta, double precision, double linear)
    {
        var f = _fixed;
        _base.CopyTo(_shifted, 0);
        _shifted[_column] += delta;
        f.PriorScaleFixed(_shifted, _priorScale);
        double lp = 0;
        for (int j = 0; j < f.Count; j++) lp += f.Priors[j].LogDensity(_priorScale[j], out _);
        return lp - 0.5 * precision * delta * delta + linear * delta;
    }

    private readonly struct Conditional(TotalsShift shift, double precision, double linear) : SliceSampler.ILogConditional
    {
        public double At(double delta) => shift.LogConditional(delta, precision, linear);
    }
}
