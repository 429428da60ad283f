// The Laplace approximation to a generalized mixed model's likelihood with any normal group-level terms (crossed, nested, correlated), through the sparse system.
using BayesGlmm.Numerics.LinearAlgebra;

namespace BayesGlmm.Modeling.Integrated;

/// <summary>
/// log ∫ p(y | η + ZΛu) N(u; 0, I) du ≈ Σ_n ℓ_n(η̂_n) − ½ ûᵀû − ½ log det(I + ΛᵀZᵀWZΛ), W = diag(−ℓ_n''(η̂_n)), at the
/// conditional mode û found by penalised Newton steps (Bates et al. 2015, JSS 67(1), §5 for the form; Breslow &amp; Clayton
/// 1993 for the approximation); η̂ = η + ZΛû. This is the Laplace deviance glmer reports (its log-likelihood is −½ of it)
/// for canonical links, where W is also the expected information; for other links glmer puts the expected information in
/// the determinant while this class uses the observed one, the Laplace approximation proper.
/// </summary>
/// <remarks>
/// The mode search starts from the previous mode, takes Newton steps with the matrix I + ΛᵀZᵀW⁺ZΛ (W⁺ the weights floored at
/// 0 where ℓ is not concave), halves steps until the objective does not decrease (close to the mode, where the gain is below
/// rounding, it takes the whole step), and stops at a Newton decrement below 1e-22. The value is −∞ when the curvature at the mode is not positive definite. One instance is for one thread at a time.
/// </remarks>
public sealed class LaplaceMarginal
{
    private readonly ObservationDerivatives _family;
    private readonly EffectBlocks _blocks;
    private readonly EffectBlocks.SystemStructure _system;
    private readonly ICholeskyFactor _factor;
    private readonly double[] _u;
    private readonly double[] _trial;
    private readonly double[] _effects;
    private readonly double[] _eta;
    private readonly double[] _first;
    private readonly double[] _weight;
    private readonly double[] _blockValues;
    private readonly double[] _values;
    private readonly double[] _gradient;
    private readonly double[] _step;
    private readonly double[] _scratch;
    private double[] _factors = [];

    /// <summary>An evaluator for <paramref name="family"/> over the terms of <paramref name="blocks"/>.</summary>
    public LaplaceMarginal(ObservationDerivatives family, EffectBlocks blocks)
    {
        if (family.ObservationCount != blocks.ObservationCount) throw new ArgumentException("The family and the blocks have different observations.", nameof(blocks));
        _family = family;
        _blocks = blocks;
        _system = blocks.System(0);
        _factor = _system.CreateFactor();
        int q = blocks.Layout.EffectCount, n = blocks.ObservationCount, kmax = Math.Max(1, blocks.Layout.Coefficients.DefaultIfEmpty(1).Max());
        _u = new double[q];
        _trial = new double[q];
        _effects = new double[q];
        _eta = new double[n];
        _first = new double[n];
        _weight = new double[n];
        _blockValues = new double[blocks.BlockValueCount];
        _values = new double[_system.Pattern.EntryCount];
        _gradient = new double[q];
        _step = new double[q];
        _scratch = new double[kmax * kmax];
    }

    /// <summary>After <see cref="Evaluate"/>: û.</summary>
    public ReadOnlySpan<double> SphericalMode => _u;

    /// <summary>After <see cref="Evaluate"/>: the conditional mode of the effects, b̂ = Λ û (level-major).</summary>
    public ReadOnlySpan<double> EffectMode => _effects;

    /// <summary>The factorization (its fill, for reports).</summary>
    public ICholeskyFactor Factor => _factor;

    /// <summary>
    /// The Laplace approximation at the population-level predictor <paramref name="eta"/> (X β + offset), the factors T_t
    /// (packed as <see cref="EffectLayout.FactorOffset"/>; absolute: the effects of a level have covariance T_t T_tᵀ) and the
    /// family parameters θ. −∞ when there is no proper mode.
    /// </summary>
    public double Evaluate(ReadOnlySpan<double> eta, ReadOnlySpan<double> factors, ReadOnlySpan<double> theta)
    {
        _family.SetParameters(theta);
        if (_factors.Length != factors.Length) _factors = new double[factors.Length];
        var layout = _blocks.Layout;
        layout.LowerTriangles(factors, _factors);
        double f = Objective(eta, _u, curvature: true);
        if (!double.IsFinite(f))
        {
            Array.Clear(_u);
            f = Objective(eta, _u, curvature: true);
            if (!double.IsFinite(f)) return double.NegativeInfinity;
        }
        int q = layout.EffectCount;
        for (int iteration = 0; iteration < 100; iteration++)
        {
            // gradient Λᵀ Zᵀ ℓ' − u, Newton matrix I + ΛᵀZᵀW⁺ZΛ.
            ScatterTransposed(_first, _gradient);
            for (int i = 0; i < q; i++) _gradient[i] -= _u[i];
            for (int n = 0; n < _weight.Length; n++) _weight[n] = Math.Max(_weight[n], 0);
            if (!FactorCurvature()) return double.NegativeInfinity;
            _gradient.CopyTo(_step, 0);
            _factor.Solve(_step);
            double decrement = 0;
            for (int i = 0; i < q; i++) decrement += _gradient[i] * _step[i];
            if (decrement < 1e-22) break;
            // Close to the mode the gain of a Newton step is below rounding: take it whole (it converges quadratically there).
            bool close = decrement < 1e-8;
            double alpha = 1, trialValue = double.NaN;
            for (int halving = 0; halving < 50; halving++, alpha *= 0.5)
            {
                for (int i = 0; i < q; i++) _trial[i] = _u[i] + alpha * _step[i];
                trialValue = Objective(eta, _trial, curvature: false);
                if (trialValue >= f || (close && double.IsFinite(trialValue))) break;
            }
            if (!(trialValue >= f) && !(close && double.IsFinite(trialValue))) break; // no ascent left at working precision
            _trial.CopyTo(_u, 0);
            f = Objective(eta, _u, curvature: true);
        }
        f = Objective(eta, _u, curvature: true);
        if (!FactorCurvature()) return double.NegativeInfinity; // the true curvature, not floored
        layout.MultiplyFactor(_factors, _u, _effects);
        return f - 0.5 * _factor.LogDeterminant;
    }

    /// <summary>Σ ℓ_n(η_n + (ZΛu)_n) − ½ uᵀu; with <paramref name="curvature"/> also each ℓ' into _first and −ℓ'' into _weight.</summary>
    private double Objective(ReadOnlySpan<double> eta, ReadOnlySpan<double> u, bool curvature)
    {
        var layout = _blocks.Layout;
        var terms = layout.Terms;
        int termCount = terms.Count;
        layout.MultiplyFactor(_factors, u, _effects);
        double f = 0;
        for (int i = 0; i < u.Length; i++) f -= 0.5 * u[i] * u[i];
        for (int n = 0; n < _eta.Length; n++)
        {
            double value = eta[n];
            for (int t = 0; t < termCount; t++)
            {
                int e = layout.NodeEffect[_blocks.ObservationNode[n * termCount + t]];
                var z = terms[t].Z;
                for (int c = 0; c < layout.Coefficients[t]; c++) value += z[n, c] * _effects[e + c];
            }
            _eta[n] = value;
            f += _family.Value(n, value, out double d1, out double d2, out _);
            if (curvature)
            {
                _first[n] = d1;
                _weight[n] = -d2;
            }
        }
        return f;
    }

    /// <summary>result = Λᵀ Zᵀ v.</summary>
    private void ScatterTransposed(ReadOnlySpan<double> v, Span<double> result)
    {
        var layout = _blocks.Layout;
        var terms = layout.Terms;
        int termCount = terms.Count;
        var zv = _trial; // free here
        Array.Clear(zv);
        for (int n = 0; n < v.Length; n++)
            for (int t = 0; t < termCount; t++)
            {
                int e = layout.NodeEffect[_blocks.ObservationNode[n * termCount + t]];
                var z = terms[t].Z;
                for (int c = 0; c < layout.Coefficients[t]; c++) zv[e + c] += z[n, c] * v[n];
            }
        layout.MultiplyFactorTransposed(_factors, zv, 1.0, result);
    }

    private bool FactorCurvature()
    {
        _blocks.AccumulateWeighted(_weight, _blockValues);
        _blocks.AssembleEffects(_system, _blockValues, _factors, 1.0, _values, _scratch);
        return _factor.TryFactor(_values);
    }
}
