// The population-level part of a model: X b + offset in evaluation order, the internal centring, brms's centred intercept prior, outputs.
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Kernels;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Glmm;

/// <summary>
/// The fixed effects b (the first P entries of the position) and the offset: X in evaluation order with the non-intercept
/// columns centred internally when the predictor has an intercept (a unit-Jacobian reparameterisation: the sampled
/// intercept is a = b_Intercept + Σ_j mean_j b_j), and every column of an ordinal model when its cutpoints are centred.
/// Each prior applies where brms puts it: a centred intercept prior (<see cref="GlmmOptions.Center"/> with an implicit
/// intercept) at a, an uncentred one at b_Intercept, chained through the centring (<see cref="InterceptPriorShift"/>).
/// With several linear predictors (the categorical family) column j adds into predictor <see cref="ColumnPredictor"/>[j],
/// and each predictor's columns are centred against its own intercept.
/// </summary>
public sealed class FixedEffects
{
    internal FixedEffects(ModelFrame frame, int[] order, LinearPredictors predictors, IReadOnlyList<BoundedPrior> priors, GlmmOptions options,
        bool centred, bool centredCutpoints)
    {
        Predictors = predictors;
        Priors = priors;
        Centred = centred;
        CentredCutpoints = centredCutpoints;
        var x = frame.Fixed.X;
        Count = x.Columns;
        ObservationCount = frame.ObservationCount;
        ColumnPredictor = predictors.ColumnPredictor;
        ColumnMeans = new double[Count];
        var means = new double[Count];
        var xs = x.SelectRows(order);
        for (int j = 0; j < Count; j++)
        {
            // The mean of every column that some centring needs: internal (a reparameterisation) or the prior's (brms's centred intercept).
            int intercept = predictors.InterceptColumns[ColumnPredictor[j]];
            bool slope = intercept >= 0 && j != intercept;
            // A smooth's unpenalised columns stay out of brms's centring (its Intercept and cutpoints refer to the other columns).
            bool smooth = frame.Fixed.IsSmoothColumn(j);
            bool inside = (centredCutpoints && !smooth) || (slope && options.CenterPredictors);
            if (!inside && !(slope && centred)) continue;
            var column = xs.Column(j);
            double mean = TensorPrimitives.Sum<double>(column) / Math.Max(1, column.Length);
            means[j] = mean;
            if (!inside) continue;
            ColumnMeans[j] = mean;
            TensorPrimitives.Subtract(column, mean, column);
        }
        X = xs;
        // Per predictor, the means of its own columns (zero elsewhere), so that its reported intercept is a − Σ_j mean_j b_j.
        PredictorColumnMeans = new double[predictors.Count][];
        if (predictors.Count == 1) PredictorColumnMeans[0] = ColumnMeans;
        else
            for (int d = 0; d < predictors.Count; d++)
            {
                PredictorColumnMeans[d] = new double[Count];
                for (int j = 0; j < Count; j++)
                    if (ColumnPredictor[j] == d) PredictorColumnMeans[d][j] = ColumnMeans[j];
            }
        // Per predictor with a centred intercept prior, the means of its own columns; and the shift from the sampled
        // intercept to the one the prior applies to (null when they are the same).
        PriorCentringMeans = new double[]?[predictors.Count];
        InterceptPriorShift = new double[]?[predictors.Count];
        for (int d = 0; d < predictors.Count; d++)
        {
            int ic = predictors.InterceptColumns[d];
            if (ic < 0) continue;
            var prior = new double[Count];
            if (centred)
            {
                for (int j = 0; j < Count; j++)
                    if (ColumnPredictor[j] == d && j != ic && !frame.Fixed.IsSmoothColumn(j)) prior[j] = means[j];
                PriorCentringMeans[d] = prior;
            }
            var shift = new double[Count];
            bool any = false;
            for (int j = 0; j < Count; j++)
            {
                shift[j] = prior[j] - PredictorColumnMeans[d][j];
                any |= shift[j] != 0;
            }
            if (any) InterceptPriorShift[d] = shift;
        }
        ColumnIsOnes = new bool[Count];
        for (int j = 0; j < Count; j++)
        {
            bool ones = true;
            foreach (double v in xs.Column(j)) ones &= v == 1.0;
            ColumnIsOnes[j] = ones;
        }
        if (frame.Offset is { } offset)
        {
            // One copy per linear predictor: the offset enters every predictor (as in brms).
            Offset = new double[ObservationCount * predictors.Count];
            for (int d = 0; d < predictors.Count; d++)
                for (int i = 0; i < ObservationCount; i++) Offset[d * ObservationCount + i] = offset[order[i]];
        }
        // The row-blocked products where they pay: enough non-constant columns to fill a sweep, one linear predictor.
        var varying = Enumerable.Range(0, Count).Where(j => !ColumnIsOnes[j]).ToArray();
        if (options.RowBlockedFixedEffects && predictors.Count == 1 && varying.Length >= RowBlockedFrom)
        {
            _blockedColumns = varying;
            _onesColumns = Enumerable.Range(0, Count).Where(j => ColumnIsOnes[j]).ToArray();
        }
        FrameX = x;
        FrameOffset = frame.Offset;
        CoefficientNames = frame.Fixed.CoefficientNames;
        OutputNames = Enumerable.Range(0, Count).Select(frame.Fixed.OutputName).ToArray();
    }

    /// <summary>
    /// The number of non-constant columns of X from which X b and Xᵀ ∂eta are taken row-blocked
    /// (<see cref="RowBlockedProduct"/>): with four, η and ∂η are swept once for four columns instead of four times.
    /// </summary>
    public const int RowBlockedFrom = 4;

    /// <summary>The non-constant columns, when X b and Xᵀ ∂eta go row-blocked (<see cref="RowBlockedFrom"/>); null otherwise.</summary>
    private readonly int[]? _blockedColumns;

    /// <summary>The all-ones columns, when the others go row-blocked.</summary>
    private readonly int[] _onesColumns = [];

    /// <summary>Whether X b and Xᵀ ∂eta of the chunked pass are row-blocked (<see cref="RowBlockedFrom"/>, <see cref="GlmmOptions.RowBlockedFixedEffects"/>).</summary>
    public bool RowBlocked => _blockedColumns is not null;

    /// <summary>P, the number of columns of X.</summary>
    public int Count { get; }

    /// <summary>N.</summary>
    public int ObservationCount { get; }

    /// <summary>The linear predictors: which predictor every column feeds, and their intercepts.</summary>
    public LinearPredictors Predictors { get; }

    /// <summary>The number of linear predictors D.</summary>
    public int PredictorCount => Predictors.Count;

    /// <summary>Per column of X, the linear predictor it adds into.</summary>
    public int[] ColumnPredictor { get; }

    /// <summary>One prior per column (the intercept's applies to the centred intercept when <see cref="Centred"/>).</summary>
    public IReadOnlyList<BoundedPrior> Priors { get; }

    /// <summary>brms's coefficient names of the columns.</summary>
    public IReadOnlyList<string> CoefficientNames { get; }

    /// <summary>The reported names: <c>b_x</c>, or <c>bs_sx_1</c> for a smooth's unpenalised column.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Whether the intercepts' (or an ordinal family's cutpoints') prior applies to those of the centred predictors (brms's centring).</summary>
    public bool Centred { get; }

    /// <summary>
    /// Whether an ordinal family's cutpoints are sampled and given their prior as those of the centred predictors (all
    /// columns of X centred): the reported cutpoints are then τ_k = τc_k + Σ_j mean_j b_j (brms's <c>b_Intercept</c>).
    /// </summary>
    public bool CentredCutpoints { get; }

    /// <summary>X in evaluation order, non-intercept columns centred when centring (every column for <see cref="CentredCutpoints"/>).</summary>
    public ColumnMajorMatrix X { get; }

    /// <summary>X as the frame holds it (frame order, uncentred), for the linear predictor from reported draws.</summary>
    public ColumnMajorMatrix FrameX { get; }

    /// <summary>The offset in frame order, or null.</summary>
    public double[]? FrameOffset { get; }

    /// <summary>The means subtracted from each column of <see cref="X"/> (0 for the intercept and without centring).</summary>
    public double[] ColumnMeans { get; }

    /// <summary>Per linear predictor, <see cref="ColumnMeans"/> restricted to its own columns (zero elsewhere).</summary>
    public double[][] PredictorColumnMeans { get; }

    /// <summary>Per linear predictor whose intercept prior is centred, the means of its own columns (zero elsewhere and at the intercept); null otherwise.</summary>
    public double[]?[] PriorCentringMeans { get; }

    /// <summary>
    /// Per linear predictor, s with (the intercept its prior applies to) = (the sampled intercept) + Σ_j s_j b_j, or null
    /// when the two are the same (the internal centring matches the prior's).
    /// </summary>
    public double[]?[] InterceptPriorShift { get; }

    /// <summary>Whether each column of X (after centring) is all ones, so X b needs no multiply there.</summary>
    public bool[] ColumnIsOnes { get; }

    /// <summary>The offset in evaluation order, repeated for each linear predictor (length N · D), or null.</summary>
    public double[]? Offset { get; }

    /// <summary>Whether column <paramref name="j"/> is the intercept of its predictor.</summary>
    public bool IsIntercept(int j) => Predictors.IsIntercept(j);

    /// <summary>eta = offset + X b over observations start .. start + eta.Length of the single linear predictor.</summary>
    internal void Predict(ReadOnlySpan<double> b, Span<double> eta, int start)
    {
        int length = eta.Length;
        if (_blockedColumns is { } blocked)
        {
            // One pass to start eta: the offset, or the constant columns' coefficients added to 0 in column order (the
            // same sums as clearing and adding, without two extra sweeps over the chunk).
            if (Offset is { } o)
            {
                o.AsSpan(start, length).CopyTo(eta);
                foreach (int j in _onesColumns) TensorPrimitives.Add(eta, b[j], eta);
            }
            else
            {
                double constant = 0.0;
                foreach (int j in _onesColumns) constant += b[j];
                eta.Fill(constant);
            }
            RowBlockedProduct.MultiplyAdd(X.Values, X.Rows, blocked, b, start, eta);
            return;
        }
        if (Offset is { } offset) offset.AsSpan(start, length).CopyTo(eta); else eta.Clear();
        for (int j = 0; j < Count; j++)
        {
            if (ColumnIsOnes[j]) TensorPrimitives.Add(eta, b[j], eta);
            else TensorPrimitives.MultiplyAdd(X.Column(j).Slice(start, length), b[j], eta, eta);
        }
    }

    /// <summary>
    /// Whether η of a chunk may be started by a group term (<see cref="ConstantTerm"/> and the term's effects) and then take
    /// <see cref="AddProduct"/>: X b and Xᵀ ∂eta go row-blocked and there is no offset.
    /// </summary>
    internal bool StartsFromEffects => _blockedColumns is not null && Offset is null;

    /// <summary>The constant columns' coefficients added to 0 in column order (what <see cref="Predict"/> fills η with).</summary>
    internal double ConstantTerm(ReadOnlySpan<double> b)
    {
        double constant = 0.0;
        foreach (int j in _onesColumns) constant += b[j];
        return constant;
    }

    /// <summary>eta += the non-constant columns' X b over observations start .. start + eta.Length (only when <see cref="StartsFromEffects"/>).</summary>
    internal void AddProduct(ReadOnlySpan<double> b, Span<double> eta, int start)
    {
        if (_blockedColumns is not { } blocked) throw new InvalidOperationException("Only row-blocked fixed effects add their product alone.");
        RowBlockedProduct.MultiplyAdd(X.Values, X.Rows, blocked, b, start, eta);
    }

    /// <summary>gradientB[j] += X_jᵀ ∂eta over observations start .. start + gradientEta.Length of the single linear predictor.</summary>
    internal void AccumulateGradient(ReadOnlySpan<double> gradientEta, Span<double> gradientB, int start)
    {
        int length = gradientEta.Length;
        if (_blockedColumns is { } blocked)
        {
            // Σ ∂eta for the constant columns comes from the sweep's own registers.
            double sum = RowBlockedProduct.TransposeMultiplyAdd(X.Values, X.Rows, blocked, start, gradientEta, gradientB);
            foreach (int j in _onesColumns) gradientB[j] += sum;
            return;
        }
        for (int j = 0; j < Count; j++)
            gradientB[j] += ColumnIsOnes[j] ? TensorPrimitives.Sum<double>(gradientEta) : TensorPrimitives.Dot(X.Column(j).Slice(start, length), gradientEta);
    }

    /// <summary>eta (N × D) = offset + X b, every column into the N-long slice of its own linear predictor.</summary>
    internal void PredictAll(ReadOnlySpan<double> b, Span<double> eta)
    {
        int n = ObservationCount;
        if (Offset is { } offset) offset.CopyTo(eta); else eta.Clear();
        for (int j = 0; j < Count; j++)
        {
            var etaJ = eta.Slice(ColumnPredictor[j] * n, n);
            if (ColumnIsOnes[j]) TensorPrimitives.Add(etaJ, b[j], etaJ);
            else TensorPrimitives.MultiplyAdd(X.Column(j), b[j], etaJ, etaJ);
        }
    }

    /// <summary>gradientB[j] = X_jᵀ ∂eta of its own predictor (N × D).</summary>
    internal void GradientAll(ReadOnlySpan<double> gradientEta, Span<double> gradientB)
    {
        int n = ObservationCount;
        for (int j = 0; j < Count; j++)
        {
            var gEtaJ = gradientEta.Slice(ColumnPredictor[j] * n, n);
            gradientB[j] = ColumnIsOnes[j] ? TensorPrimitives.Sum<double>(gEtaJ) : TensorPrimitives.Dot(X.Column(j), gEtaJ);
        }
    }

    /// <summary>
    /// Adds the priors of the coefficients (at the intercepts they apply to) to <paramref name="logPrior"/>, and to
    /// <paramref name="gradient"/> their derivatives plus the likelihood's <paramref name="gradientB"/>, chained through
    /// <see cref="InterceptPriorShift"/>. <paramref name="priorScale"/> (P) and <paramref name="interceptDerivative"/> (D) are scratch.
    /// </summary>
    internal void AddPriors(ReadOnlySpan<double> b, ReadOnlySpan<double> gradientB, Span<double> gradient, Span<double> priorScale,
        Span<double> interceptDerivative, ref double logPrior)
    {
        int p = Count;
        PriorScaleFixed(b, priorScale);
        var intercepts = Predictors.InterceptColumns;
        for (int j = 0; j < p; j++)
        {
            double lp = Priors[j].LogDensity(priorScale[j], out double d);
            logPrior += lp;
            gradient[j] += d + gradientB[j];
            if (j == intercepts[ColumnPredictor[j]]) interceptDerivative[ColumnPredictor[j]] = d;
        }
        for (int d = 0; d < PredictorCount; d++)
            if (InterceptPriorShift[d] is { } shift)
                for (int j = 0; j < p; j++)
                    if (j != intercepts[d]) gradient[j] += shift[j] * interceptDerivative[d];
    }

    /// <summary>Σ_j mean_j b_j, what the reported cutpoints add to the sampled (centred) ones; 0 unless <see cref="CentredCutpoints"/>.</summary>
    public double CutpointShift(ReadOnlySpan<double> b) =>
        CentredCutpoints ? TensorPrimitives.Dot(ColumnMeans, b[..Count]) : 0.0;

    /// <summary>
    /// The coefficients as their priors see them, from the reported ones: each centred intercept becomes
    /// b_Intercept + Σ_j mean_j b_j, the others are unchanged.
    /// </summary>
    public void PriorScaleFromReported(ReadOnlySpan<double> reported, Span<double> priorScale)
    {
        reported[..Count].CopyTo(priorScale);
        for (int d = 0; d < PredictorCount; d++)
            if (PriorCentringMeans[d] is { } means)
                priorScale[Predictors.InterceptColumns[d]] += TensorPrimitives.Dot(means, reported[..Count]);
    }

    /// <summary>The reported coefficients from the prior-scale ones (the inverse of <see cref="PriorScaleFromReported"/>).</summary>
    public void ReportedFromPriorScale(ReadOnlySpan<double> priorScale, Span<double> reported)
    {
        priorScale[..Count].CopyTo(reported);
        for (int d = 0; d < PredictorCount; d++)
            if (PriorCentringMeans[d] is { } means)
                reported[Predictors.InterceptColumns[d]] -= TensorPrimitives.Dot(means, priorScale[..Count]);
    }

    /// <summary>The coefficients as their priors see them, from the internal ones (<see cref="InterceptPriorShift"/>).</summary>
    public void PriorScaleFixed(ReadOnlySpan<double> internalB, Span<double> priorScale)
    {
        internalB[..Count].CopyTo(priorScale);
        for (int d = 0; d < PredictorCount; d++)
            if (InterceptPriorShift[d] is { } shift)
                priorScale[Predictors.InterceptColumns[d]] += TensorPrimitives.Dot(shift, internalB[..Count]);
    }

    /// <summary>The reported intercepts and coefficients from the internal ones: b_ic = a − Σ_j mean_j b_j, per linear predictor.</summary>
    public void ReportedFixed(ReadOnlySpan<double> internalB, Span<double> reported)
    {
        internalB[..Count].CopyTo(reported);
        for (int d = 0; d < PredictorCount; d++)
            if (Predictors.InterceptColumns[d] is int ic and >= 0)
                reported[ic] -= TensorPrimitives.Dot(PredictorColumnMeans[d], internalB[..Count]);
    }

    /// <summary>The internal coefficients from the reported ones (the inverse of <see cref="ReportedFixed"/>).</summary>
    public void InternalFixed(ReadOnlySpan<double> reported, Span<double> internalB)
    {
        reported[..Count].CopyTo(internalB);
        for (int d = 0; d < PredictorCount; d++)
            if (Predictors.InterceptColumns[d] is int ic and >= 0)
                internalB[ic] += TensorPrimitives.Dot(PredictorColumnMeans[d], reported[..Count]);
    }

    /// <summary>
    /// The prior terms of the coefficients: a centred intercept labelled <c>Intercept</c> (<c>Intercept_muB</c>) of class
    /// <c>Intercept</c>, every other coefficient (an uncentred intercept included) by its name, class <c>b</c>, as brms's classes.
    /// </summary>
    public IEnumerable<PriorTerm> PriorTerms()
    {
        for (int j = 0; j < Count; j++)
        {
            bool centred = PriorCentringMeans[ColumnPredictor[j]] is not null && IsIntercept(j);
            string dpar = Predictors.Names[ColumnPredictor[j]];
            yield return centred ? new(dpar.Length > 0 ? "Intercept_" + dpar : "Intercept", "Intercept") : new(OutputNames[j], "b");
        }
    }

    /// <summary>One log prior per coefficient at the reported <paramref name="reported"/> (P values); fills <paramref name="priorScale"/> (P).</summary>
    public void LogPriorTerms(ReadOnlySpan<double> reported, Span<double> priorScale, Span<double> logPriors)
    {
        PriorScaleFromReported(reported, priorScale);
        for (int j = 0; j < Count; j++) logPriors[j] = Priors[j].LogDensity(priorScale[j], out _);
    }

    /// <summary>Draws the coefficients from their priors (a centred intercept as such) into <paramref name="priorScale"/> and writes the reported ones.</summary>
    public void DrawFromPrior(RandomStream rng, Span<double> priorScale, Span<double> reported)
    {
        for (int j = 0; j < Count; j++) priorScale[j] = Priors[j].Sample(rng);
        ReportedFromPriorScale(priorScale, reported);
    }

    /// <summary>eta (N × D, frame order) = offset + X b from the reported coefficients.</summary>
    public void FramePredictor(ReadOnlySpan<double> reported, Span<double> eta)
    {
        int n = ObservationCount;
        for (int d = 0; d < PredictorCount; d++)
            if (FrameOffset is { } offset) offset.CopyTo(eta.Slice(d * n, n)); else eta.Slice(d * n, n).Clear();
        for (int j = 0; j < Count; j++)
        {
            var etaJ = eta.Slice(ColumnPredictor[j] * n, n);
            TensorPrimitives.MultiplyAdd(FrameX.Column(j), reported[j], etaJ, etaJ);
        }
    }
}
