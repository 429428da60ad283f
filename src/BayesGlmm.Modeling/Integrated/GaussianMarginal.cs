// The gaussian mixed model's likelihood with the normal effects integrated out exactly, its gradient, and the effects' exact conditional.
using BayesGlmm.Numerics.LinearAlgebra;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Integrated;

/// <summary>
/// log p(y | β, Λ, σ) for y = X β + Z b + ε, b = Λ u, u ~ N(0, I), ε ~ N(0, R) with the effects integrated out,
/// and its gradient with respect to β, every term's covariance factor T_t (Λ = blockdiag(I_{J_t} ⊗ T_t), so the
/// effects of one level have covariance T_t T_tᵀ) and log σ. With <c>restricted</c>, β is integrated too under a
/// flat prior: the restricted (REML) likelihood of Patterson &amp; Thompson (1971).
/// </summary>
/// <remarks>
/// <para>
/// The spherical form of Bates et al. (2015, JSS 67(1), eqs. 12–34), with s = 1/σ² (1 with known standard errors),
/// W = R⁻¹/s, and the unknowns w = u (or (u, β) when restricted) solved in the system
/// <code>H = s CᵀWC + diag(I_q, 0),   C = [Z Λ, X],   c = s CᵀW e,   ŵ = H⁻¹ c,   r² = s eᵀWe − cᵀŵ</code>
/// (e = y − offset − X β, or y − offset when restricted), so that
/// <code>log p = −½ [ (N − p) log 2π + Σ log R_nn + log det H + r² ]     (p = P when restricted, else 0).</code>
/// H is factored by <see cref="ICholeskyFactor"/> with the design's fill-reducing order; near a zero variance H
/// stays well conditioned (it is I plus a semidefinite matrix), which is why u and not b is solved for.
/// </para>
/// <para>
/// Gradient (derived for this form; the trace terms need only the entries of Σ = H⁻¹ on H's pattern, from
/// <see cref="ICholeskyFactor.SelectedInverse"/>; Takahashi et al. 1973, Rue &amp; Martino 2007):
/// <code>∂/∂Λ = −s (ZᵀWZ Λ Σ_uu + ZᵀWX Σ_βu) + s ZᵀW(e − C ŵ) ûᵀ     (the blocks on Λ's diagonal, summed over levels)
/// ∂/∂β = s Xᵀ W (e − Z Λ û)                                      (not restricted)
/// ∂/∂log σ = −N + q + p − tr Σ_uu + r² − ûᵀû.</code>
/// </para>
/// One instance is for one thread at a time; nothing allocates per evaluation.
/// </remarks>
public sealed class GaussianMarginal
{
    private const double LogTwoPi = 1.8378770664093454835606594728112;

    private readonly GaussianMarginalDesign _design;
    private readonly EffectBlocks.SystemStructure _system;
    private readonly EffectBlocks _blocks;
    private readonly ICholeskyFactor _factor;
    private readonly EffectLayout _layout;
    private readonly int _q;
    private readonly int _p;        // columns of X
    private readonly int _pi;       // fixed effects in the system
    private readonly double[] _values;
    private readonly double[] _inverse;
    private readonly double[] _rhs;
    private readonly double[] _solution;
    private readonly double[] _zwe;
    private readonly double[] _xwe;
    private readonly double[] _effects;
    private readonly double[] _residual;
    private readonly double[] _gradientBlock;
    private readonly double[] _scratch;
    private readonly double[] _sigmaBlock;
    private readonly double[] _tmp;
    private readonly double[] _factors;
    private bool _factored;

    /// <summary>
    /// An evaluator over <paramref name="design"/>; <paramref name="restricted"/> integrates β too (REML); <paramref name="factor"/>
    /// forces a kind of factorization (by default chosen from the system's structure, <see cref="CholeskyFactor.Create"/>).
    /// </summary>
    public GaussianMarginal(GaussianMarginalDesign design, bool restricted = false, CholeskyKind factor = CholeskyKind.Auto)
    {
        _design = design;
        _layout = design.Layout;
        _blocks = design.Blocks;
        _system = _blocks.System(restricted ? design.FixedCount : 0);
        _factor = _system.CreateFactor(factor);
        _q = _layout.EffectCount;
        _p = design.FixedCount;
        _pi = _system.FixedCount;
        Restricted = restricted;
        int size = _q + _pi, kmax = Math.Max(1, _layout.Coefficients.DefaultIfEmpty(1).Max());
        _values = new double[_system.Pattern.EntryCount];
        _inverse = new double[_system.Pattern.EntryCount];
        _rhs = new double[size];
        _solution = new double[size];
        _zwe = new double[_q];
        _xwe = new double[_p];
        _effects = new double[_q];
        _residual = new double[_q];
        _gradientBlock = new double[_layout.NodeSquareOffset[_layout.NodeCount]];
        _scratch = new double[Math.Max(size, kmax * Math.Max(kmax, _p))];
        _sigmaBlock = new double[kmax * kmax];
        _tmp = new double[kmax * Math.Max(kmax, _p)];
        _factors = new double[_layout.FactorLength];
    }

    /// <summary>The design.</summary>
    public GaussianMarginalDesign Design => _design;

    /// <summary>Whether β is integrated out (the restricted likelihood).</summary>
    public bool Restricted { get; }

    /// <summary>The factorization (its fill, for reports).</summary>
    public ICholeskyFactor Factor => _factor;

    /// <summary>After <see cref="Evaluate"/>: r², the penalised weighted residual sum of squares at the conditional mode, times s.</summary>
    public double PenalizedResidual { get; private set; }

    /// <summary>After <see cref="Evaluate"/>: log det H.</summary>
    public double LogDeterminant { get; private set; }

    /// <summary>After <see cref="Evaluate"/>: the conditional mean E[b | y, ...] in the layout's level-major order (for the restricted likelihood, at β = <see cref="FixedEstimate"/>).</summary>
    public ReadOnlySpan<double> EffectMean => _effects;

    /// <summary>After <see cref="Evaluate"/>: û, the spherical effects' conditional mean.</summary>
    public ReadOnlySpan<double> SphericalMean => _solution.AsSpan(0, _q);

    /// <summary>After <see cref="Evaluate"/> of the restricted likelihood: the generalised least squares β̂; empty otherwise.</summary>
    public ReadOnlySpan<double> FixedEstimate => _solution.AsSpan(_q, _pi);

    /// <summary>
    /// Returns log p(y | β, Λ, σ) (or the restricted likelihood, which ignores <paramref name="beta"/>), −∞ when the
    /// system is not numerically positive definite. <paramref name="factors"/> holds each term's K × K lower-triangular
    /// factor T_t row-major at <see cref="EffectLayout.FactorOffset"/>[t] (entries above the diagonal are ignored).
    /// When <paramref name="gradientFactors"/> is not empty the gradient is written: ∂/∂β (not restricted), ∂/∂T_t
    /// (lower triangles; zeros above) and ∂/∂log σ (0 without σ).
    /// </summary>
    public double Evaluate(ReadOnlySpan<double> beta, ReadOnlySpan<double> factors, double logSigma,
        Span<double> gradientBeta, Span<double> gradientFactors, out double gradientLogSigma)
    {
        var d = _design;
        var layout = _layout;
        int q = _q, p = _p, pi = _pi;
        gradientLogSigma = 0;
        layout.LowerTriangles(factors, _factors);
        double s = d.HasSigma ? Math.Exp(-2 * logSigma) : 1.0;

        // ZᵀWe, XᵀWe, eᵀWe.
        double ewe;
        if (Restricted)
        {
            d.ZtWy.CopyTo(_zwe, 0);
            d.XtWy.CopyTo(_xwe, 0);
            ewe = d.YtWy;
        }
        else
        {
            if (beta.Length != p) throw new ArgumentException($"Expected {p} coefficients, got {beta.Length}.", nameof(beta));
            double xtwyB = 0, bXtWXb = 0;
            for (int a = 0; a < p; a++)
            {
                double xb = 0;
                for (int b = 0; b < p; b++) xb += d.XtWX[a * p + b] * beta[b];
                _xwe[a] = d.XtWy[a] - xb;
                xtwyB += d.XtWy[a] * beta[a];
                bXtWXb += beta[a] * xb;
            }
            ewe = d.YtWy - 2 * xtwyB + bXtWXb;
            for (int i = 0; i < q; i++)
            {
                double v = d.ZtWy[i];
                for (int a = 0; a < p; a++) v -= d.ZtWX[i * p + a] * beta[a];
                _zwe[i] = v;
            }
        }

        return Solve(s, ewe, logSigma, gradientBeta, gradientFactors, out gradientLogSigma);
    }

    /// <summary>
    /// The likelihood (not restricted) at a population-level predictor <paramref name="eta"/> = X β + offset per observation
    /// instead of β, for a model that forms X β itself: e = y − η, and <paramref name="gradientEta"/> gets
    /// ∂/∂η_n = s w_n (e − Z Λ û)_n, whose Xᵀ is ∂/∂β. Costs one pass over the observations more than <see cref="Evaluate"/>.
    /// The other arguments and results are those of <see cref="Evaluate"/>.
    /// </summary>
    public double EvaluateAtPredictor(ReadOnlySpan<double> eta, ReadOnlySpan<double> factors, double logSigma,
        Span<double> gradientEta, Span<double> gradientFactors, out double gradientLogSigma)
    {
        if (Restricted) throw new InvalidOperationException("The restricted likelihood does not depend on the predictor.");
        var d = _design;
        int n = d.ObservationCount, width = d.ObservationZ.Length / Math.Max(1, n), terms = _layout.Terms.Count;
        if (eta.Length != n) throw new ArgumentException($"Expected {n} predictor values, got {eta.Length}.", nameof(eta));
        _layout.LowerTriangles(factors, _factors);
        double s = d.HasSigma ? Math.Exp(-2 * logSigma) : 1.0;
        var nodes = _blocks.ObservationNode;
        var coefficients = _layout.Coefficients;
        var effectOf = _layout.NodeEffect;
        Array.Clear(_zwe);
        double ewe = 0;
        for (int i = 0; i < n; i++)
        {
            double we = d.Weight[i] * (d.Response[i] - eta[i]);
            ewe += we * (d.Response[i] - eta[i]);
            for (int t = 0, o = 0; t < terms; o += coefficients[t], t++)
            {
                int e = effectOf[nodes[i * terms + t]];
                for (int c = 0; c < coefficients[t]; c++) _zwe[e + c] += d.ObservationZ[i * width + o + c] * we;
            }
        }
        double value = Solve(s, ewe, logSigma, [], gradientFactors, out gradientLogSigma);
        if (gradientEta.IsEmpty || !double.IsFinite(value)) return value;
        for (int i = 0; i < n; i++)
        {
            double fitted = 0;
            for (int t = 0, o = 0; t < terms; o += coefficients[t], t++)
            {
                int e = effectOf[nodes[i * terms + t]];
                for (int c = 0; c < coefficients[t]; c++) fitted += d.ObservationZ[i * width + o + c] * _effects[e + c];
            }
            gradientEta[i] = s * d.Weight[i] * (d.Response[i] - eta[i] - fitted);
        }
        return value;
    }

    /// <summary>From ZᵀWe, XᵀWe (restricted) and eᵀWe: H, its factor, ŵ, the value and, when asked for, the gradient.</summary>
    private double Solve(double s, double ewe, double logSigma, Span<double> gradientBeta, Span<double> gradientFactors, out double gradientLogSigma)
    {
        var d = _design;
        var layout = _layout;
        int q = _q, pi = _pi;
        gradientLogSigma = 0;
        Assemble(s);
        _factored = _factor.TryFactor(_values);
        if (!_factored)
        {
            PenalizedResidual = LogDeterminant = double.NaN;
            gradientBeta.Clear();
            gradientFactors.Clear();
            return double.NegativeInfinity;
        }

        // c = s [Λᵀ ZᵀWe; XᵀWe], ŵ = H⁻¹ c.
        layout.MultiplyFactorTransposed(_factors, _zwe, s, _rhs);
        for (int a = 0; a < pi; a++) _rhs[q + a] = s * _xwe[a];
        _rhs.CopyTo(_solution, 0);
        _factor.Solve(_solution);
        double cw = 0;
        for (int i = 0; i < q + pi; i++) cw += _rhs[i] * _solution[i];
        double r2 = s * ewe - cw;
        PenalizedResidual = r2;
        LogDeterminant = _factor.LogDeterminant;
        double sumLogR = d.HasSigma ? 2 * d.ObservationCount * logSigma : d.SumLogKnownVariance;
        double value = -0.5 * ((d.ObservationCount - pi) * LogTwoPi + sumLogR + LogDeterminant + r2);

        layout.MultiplyFactor(_factors, _solution, _effects); // b̂ = Λ û
        if (gradientFactors.IsEmpty) return value;
        Gradient(s, r2, gradientBeta, gradientFactors, out gradientLogSigma);
        return value;
    }

    /// <summary>H's values: s Λᵀ ZᵀWZ Λ + I, and for the restricted system s ΛᵀZᵀWX and s XᵀWX.</summary>
    private void Assemble(double s)
    {
        var d = _design;
        var layout = _layout;
        var values = _values;
        _blocks.AssembleEffects(_system, d.BlockValues, _factors, s, values, _tmp);
        int p = _p, pi = _pi;
        if (pi == 0) return;
        for (int node = 0; node < layout.NodeCount; node++)
        {
            int t = layout.NodeTerm[node], k = layout.Coefficients[t], e = layout.NodeEffect[node], o = layout.FactorOffset[t];
            for (int c = 0; c < k; c++)
                for (int a = 0; a < p; a++)
                {
                    double v = 0;
                    for (int r = c; r < k; r++) v += _factors[o + r * k + c] * d.ZtWX[(e + r) * p + a];
                    values[_system.FixedEffectEntry[(e + c) * p + a]] = s * v;
                }
        }
        for (int a = 0; a < p; a++)
            for (int b = 0; b <= a; b++) values[_system.FixedFixedEntry[a * p + b]] = s * d.XtWX[a * p + b];
    }

    private void Gradient(double s, double r2, Span<double> gradientBeta, Span<double> gradientFactors, out double gradientLogSigma)
    {
        var d = _design;
        var layout = _layout;
        int q = _q, p = _p, pi = _pi;
        _factor.SelectedInverse(_inverse);
        var inverse = _inverse;
        var entry = _system.BlockEntry;
        var u = _solution;

        // ZᵀW(e − C ŵ) = ZᵀWe − ZᵀWZ b̂ − ZᵀWX β̂.
        var shapes = _blocks.Shapes;
        var blockValues = d.BlockValues;
        var residual = _residual;
        var effects = _effects;
        _zwe.CopyTo(residual, 0);
        for (int b = 0; b < shapes.Length; b++)
        {
            var shape = shapes[b];
            int kr = shape.RowCount, kc = shape.ColumnCount, er = shape.RowEffect, ec = shape.ColumnEffect, ov = shape.Values;
            for (int a = 0; a < kr; a++)
                for (int c = 0; c < kc; c++)
                {
                    double v = blockValues[ov + a * kc + c];
                    residual[er + a] -= v * effects[ec + c];
                    if (!shape.Diagonal) residual[ec + c] -= v * effects[er + a];
                }
        }
        for (int i = 0; i < q && pi > 0; i++)
            for (int a = 0; a < pi; a++) _residual[i] -= d.ZtWX[i * p + a] * u[q + a];

        // G_node = s resid û_nodeᵀ − s Σ_L B_{node,L} T_L Σ_{L,node} − s ZᵀWX_node Σ_{β,node}.
        var g = _gradientBlock;
        Array.Clear(g);
        for (int node = 0; node < layout.NodeCount; node++)
        {
            int k = layout.Coefficients[layout.NodeTerm[node]], e = layout.NodeEffect[node], go = layout.NodeSquareOffset[node];
            for (int a = 0; a < k; a++)
                for (int c = 0; c < k; c++) g[go + a * k + c] = s * _residual[e + a] * u[e + c];
        }
        var sigma = _sigmaBlock;
        var tmp = _tmp;
        var factors = _factors;
        for (int b = 0; b < shapes.Length; b++)
        {
            var shape = shapes[b];
            int kr = shape.RowCount, kc = shape.ColumnCount, ov = shape.Values, or = shape.RowFactor;
            int gr = shape.RowSquare, gc = shape.ColumnSquare;
            // S = Σ_{row, column} (kr × kc), both triangles for a diagonal block.
            for (int a = 0; a < kr; a++)
                for (int c = 0; c < kc; c++)
                {
                    int index = entry[ov + a * kc + c];
                    sigma[a * kc + c] = index >= 0 ? inverse[index] : inverse[entry[ov + c * kc + a]];
                }
            // G_row −= s B T_c Sᵀ: tmp = B T_c (kr × kc).
            EffectBlocks.BlockTimesFactor(blockValues, ov, kr, kc, factors, shape.ColumnFactor, tmp);
            for (int a = 0; a < kr; a++)
                for (int f = 0; f < kr; f++)
                {
                    double v = 0;
                    for (int c = 0; c < kc; c++) v += tmp[a * kc + c] * sigma[f * kc + c];
                    g[gr + a * kr + f] -= s * v;
                }
            if (shape.Diagonal) continue;
            // G_column −= s Bᵀ T_r S: tmp = Bᵀ T_r (kc × kr).
            for (int c = 0; c < kc; c++)
                for (int a = 0; a < kr; a++)
                {
                    double v = 0;
                    for (int e = a; e < kr; e++) v += blockValues[ov + e * kc + c] * factors[or + e * kr + a];
                    tmp[c * kr + a] = v;
                }
            for (int c = 0; c < kc; c++)
                for (int f = 0; f < kc; f++)
                {
                    double v = 0;
                    for (int a = 0; a < kr; a++) v += tmp[c * kr + a] * sigma[a * kc + f];
                    g[gc + c * kc + f] -= s * v;
                }
        }
        if (pi > 0)
            for (int node = 0; node < layout.NodeCount; node++)
            {
                int k = layout.Coefficients[layout.NodeTerm[node]], e = layout.NodeEffect[node], go = layout.NodeSquareOffset[node];
                for (int a = 0; a < k; a++)
                    for (int f = 0; f < k; f++)
                    {
                        double v = 0;
                        for (int c = 0; c < p; c++) v += d.ZtWX[(e + a) * p + c] * inverse[_system.FixedEffectEntry[(e + f) * p + c]];
                        g[go + a * k + f] -= s * v;
                    }
            }

        // Sum the level blocks into each term's factor gradient (lower triangle).
        gradientFactors[..layout.FactorLength].Clear();
        for (int node = 0; node < layout.NodeCount; node++)
        {
            int t = layout.NodeTerm[node], k = layout.Coefficients[t], o = layout.FactorOffset[t], go = layout.NodeSquareOffset[node];
            for (int a = 0; a < k; a++)
                for (int c = 0; c <= a; c++) gradientFactors[o + a * k + c] += g[go + a * k + c];
        }

        if (!Restricted && !gradientBeta.IsEmpty)
        {
            for (int a = 0; a < p; a++)
            {
                double v = _xwe[a];
                for (int i = 0; i < q; i++) v -= d.ZtWX[i * p + a] * _effects[i];
                gradientBeta[a] = s * v;
            }
        }

        if (d.HasSigma)
        {
            double trace = 0, uu = 0;
            var pattern = _system.Pattern;
            for (int i = 0; i < q; i++)
            {
                trace += inverse[pattern.ColumnStart[i]];
                uu += u[i] * u[i];
            }
            gradientLogSigma = -d.ObservationCount + q + pi - trace + r2 - uu;
        }
        else gradientLogSigma = 0;
    }

    /// <summary>
    /// After an <see cref="Evaluate"/> of the restricted likelihood that succeeded, writes Cov(β̂) = (Xᵀ V⁻¹ X)⁻¹ (P × P,
    /// row-major), the β block of H⁻¹ (Bates et al. 2015, eq. 54: σ² (R_XᵀR_X)⁻¹ at the σ evaluated).
    /// </summary>
    public void FixedEffectCovariance(Span<double> covariance)
    {
        if (!Restricted) throw new InvalidOperationException("The covariance of β̂ comes from the restricted likelihood's system.");
        if (!_factored) throw new InvalidOperationException("Evaluate at a valid point first.");
        _factor.SelectedInverse(_inverse);
        for (int a = 0; a < _p; a++)
            for (int b = 0; b < _p; b++) covariance[a * _p + b] = _inverse[_system.FixedFixedEntry[a * _p + b]];
    }

    /// <summary>
    /// After an <see cref="Evaluate"/> that succeeded (not restricted), writes one draw of the effects from their exact
    /// conditional b | y, β, Λ, σ ~ N(Λ û, Λ H⁻¹ Λᵀ) into <paramref name="effects"/> (level-major, length q), using
    /// <paramref name="rng"/>: u = û + Pᵀ L⁻ᵀ z with z standard normal, b = Λ u.
    /// </summary>
    public void DrawEffects(RandomStream rng, Span<double> effects)
    {
        if (Restricted) throw new InvalidOperationException("Draws of the effects need β: use the evaluator that is not restricted.");
        if (!_factored) throw new InvalidOperationException("Evaluate at a valid point before drawing the effects.");
        var layout = _layout;
        var z = _scratch.AsSpan(0, _q);
        for (int i = 0; i < _q; i++) z[i] = rng.NextStandardNormal();
        _factor.SolveTransposedFactor(z);
        for (int i = 0; i < _q; i++) z[i] += _solution[i];
        layout.MultiplyFactor(_factors, z, effects);
    }
}
