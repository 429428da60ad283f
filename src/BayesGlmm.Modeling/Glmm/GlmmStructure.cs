// The immutable parts of a GLMM log density, shared by every chain's evaluator: data in evaluation order, priors, layouts.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;

namespace BayesGlmm.Modeling.Glmm;

/// <summary>
/// Everything a <see cref="GlmmEvaluator"/> reads: the design in evaluation order (observations possibly
/// sorted, non-intercept columns possibly centred), the group blocks, the bound likelihood, the resolved
/// priors, the linear predictors each column and block feeds, and the two layouts.
/// </summary>
/// <remarks>
/// Unconstrained position: b (P; the intercept entry is the centred intercept when centring), the family
/// parameters as log(θ − lower bound) (F; ordered cutpoints through <see cref="OrderedCutpoints"/>), then per group term in output order log sd (K) and the
/// canonical partial correlations (K(K−1)/2, correlated terms only), for Student-t terms log(df − 1)
/// and log udf per level, then per term z (K·J,
/// coefficient-major). Reported outputs (brms order): b (P), every term's sd, every correlated term's
/// cor in the order (1,2), (1,3), (2,3), ..., every Student-t term's df, the family parameters, every term's r (coefficient-major).
/// With several linear predictors (the categorical family, <see cref="CategoricalDesign"/>) the linear
/// predictor is N × D column-major; column j of X adds into predictor <see cref="ColumnPredictor"/>[j],
/// block t into <see cref="BlockPredictor"/>[t], and each predictor's non-intercept columns are centred
/// against its own intercept.
/// </remarks>
public sealed class GlmmStructure
{
    internal GlmmStructure(ModelFrame frame, IReadOnlyList<GroupTerm> terms, int[] order, IFamilyLikelihood sortedLikelihood,
        ModelPriors priors, GlmmOptions options, LinearPredictors? predictors = null, bool centred = false)
    {
        predictors ??= LinearPredictors.Single(frame);
        if (predictors.Count != sortedLikelihood.LinearPredictorCount)
            throw new ArgumentException($"The family has {sortedLikelihood.LinearPredictorCount} linear predictors, the design {predictors.Count}.", nameof(predictors));
        Frame = frame;
        Predictors = predictors;
        Terms = terms;
        Order = order;
        Likelihood = sortedLikelihood;
        Priors = priors;
        Centred = centred;
        ObservationCount = frame.ObservationCount;
        var x = frame.Fixed.X;
        FixedCount = x.Columns;
        InterceptColumn = predictors.Count == 1 ? predictors.InterceptColumns[0] : -1;
        ColumnPredictor = predictors.ColumnPredictor;
        CentredCutpoints = centred && sortedLikelihood is IOrderedFamilyParameters { OrderedCount: > 0 };
        ColumnMeans = new double[FixedCount];
        var means = new double[FixedCount];
        var xs = x.SelectRows(order);
        for (int j = 0; j < FixedCount; j++)
        {
            // The mean of every column that some centring needs: internal (a reparameterisation) or the prior's (brms's centred intercept).
            int intercept = predictors.InterceptColumns[ColumnPredictor[j]];
            bool slope = intercept >= 0 && j != intercept;
            bool inside = CentredCutpoints || (slope && options.CenterPredictors);
            if (!inside && !(slope && centred)) continue;
            var column = xs.Column(j);
            double mean = System.Numerics.Tensors.TensorPrimitives.Sum<double>(column) / Math.Max(1, column.Length);
            means[j] = mean;
            if (!inside) continue;
            ColumnMeans[j] = mean;
            System.Numerics.Tensors.TensorPrimitives.Subtract(column, mean, column);
        }
        X = xs;
        // Per predictor, the means of its own columns (zero elsewhere), so that its reported intercept is a − Σ_j mean_j b_j.
        PredictorColumnMeans = new double[predictors.Count][];
        if (predictors.Count == 1) PredictorColumnMeans[0] = ColumnMeans;
        else
            for (int d = 0; d < predictors.Count; d++)
            {
                PredictorColumnMeans[d] = new double[FixedCount];
                for (int j = 0; j < FixedCount; j++)
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
            var prior = new double[FixedCount];
            if (centred)
            {
                for (int j = 0; j < FixedCount; j++)
                    if (ColumnPredictor[j] == d && j != ic) prior[j] = means[j];
                PriorCentringMeans[d] = prior;
            }
            var shift = new double[FixedCount];
            bool any = false;
            for (int j = 0; j < FixedCount; j++)
            {
                shift[j] = prior[j] - PredictorColumnMeans[d][j];
                any |= shift[j] != 0;
            }
            if (any) InterceptPriorShift[d] = shift;
        }
        ColumnIsOnes = new bool[FixedCount];
        for (int j = 0; j < FixedCount; j++)
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
        BlockPredictor = terms.Select(t => predictors.PredictorOf(t)).ToArray();
        // A term correlated across the categories (BlockPredictor −1) has N rows per predictor, stacked in predictor order.
        var stackedOrder = new int[ObservationCount * predictors.Count];
        for (int d = 0; d < predictors.Count; d++)
            for (int i = 0; i < ObservationCount; i++) stackedOrder[d * ObservationCount + i] = d * ObservationCount + order[i];
        Blocks = terms.Select((t, i) => new GroupBlock(t, BlockPredictor[i] < 0 ? stackedOrder : order)).ToArray();
        BlockEtaStart = BlockPredictor.Select(d => d < 0 ? 0 : d * ObservationCount).ToArray();
        BlockEtaLength = BlockPredictor.Select(d => d < 0 ? ObservationCount * predictors.Count : ObservationCount).ToArray();
        FamilyParameters = sortedLikelihood.Parameters;
        if (sortedLikelihood is IOrderedFamilyParameters ordinal && ordinal.OrderedCount > 0)
        {
            OrderedStart = ordinal.OrderedStart;
            OrderedCount = ordinal.OrderedCount;
        }

        int position = FixedCount;
        FamilyOffset = position;
        position += FamilyParameters.Count;
        LogSdOffset = new int[terms.Count];
        CorrelationOffset = new int[terms.Count];
        ZOffset = new int[terms.Count];
        DfOffset = new int[terms.Count];
        for (int t = 0; t < terms.Count; t++)
        {
            LogSdOffset[t] = position;
            position += Blocks[t].CoefficientCount;
            CorrelationOffset[t] = position;
            if (Blocks[t].Correlated) position += CorrelationCholesky.FreeCount(Blocks[t].CoefficientCount);
            DfOffset[t] = position;
            if (Blocks[t].Student) position += 1 + Blocks[t].LevelCount;
        }
        for (int t = 0; t < terms.Count; t++)
        {
            ZOffset[t] = position;
            position += Blocks[t].CoefficientCount * Blocks[t].LevelCount;
        }
        Dimension = position;
        LkjLogNormaliserY = new double[terms.Count];
        LkjLogNormaliser = new double[terms.Count];
        for (int t = 0; t < terms.Count; t++)
        {
            if (!Blocks[t].Correlated) continue;
            LkjLogNormaliserY[t] = CorrelationCholesky.LogNormaliserY(Blocks[t].CoefficientCount, priors.LkjEta[t]);
            LkjLogNormaliser[t] = CorrelationCholesky.LkjLogNormaliser(Blocks[t].CoefficientCount, priors.LkjEta[t]);
        }

        var names = new List<string>();
        if (OrderedCount > 0)
        {
            // An ordinal family's cutpoints are reported first as b_Intercept[k] (brms order), with the other family parameters.
            FamilyOutput = 0;
            for (int i = 0; i < FamilyParameters.Count; i++)
                names.Add(IsOrdered(i) ? "b_" + FamilyParameters[i].Name : FamilyParameters[i].Name);
        }
        FixedOutput = names.Count;
        foreach (string c in frame.Fixed.CoefficientNames) names.Add("b_" + c);
        SdOutput = new int[terms.Count];
        CorOutput = new int[terms.Count];
        ROutput = new int[terms.Count];
        for (int t = 0; t < terms.Count; t++)
        {
            SdOutput[t] = names.Count;
            foreach (string c in terms[t].CoefficientNames) names.Add($"sd_{terms[t].Group}__{c}");
        }
        for (int t = 0; t < terms.Count; t++)
        {
            CorOutput[t] = names.Count;
            if (!Blocks[t].Correlated) continue;
            var coefs = terms[t].CoefficientNames;
            for (int j = 1; j < coefs.Count; j++)
                for (int i = 0; i < j; i++)
                    names.Add($"cor_{terms[t].Group}__{coefs[i]}__{coefs[j]}");
        }
        DfOutput = new int[terms.Count];
        for (int t = 0; t < terms.Count; t++)
        {
            DfOutput[t] = names.Count;
            if (Blocks[t].Student) names.Add("df_" + terms[t].Group);
        }
        if (OrderedCount == 0)
        {
            FamilyOutput = names.Count;
            foreach (var p in FamilyParameters) names.Add(p.Name);
        }
        for (int t = 0; t < terms.Count; t++)
        {
            ROutput[t] = names.Count;
            // brms: r_g[level,coef], or r_g__muB[level,coef] for the coefficients of a categorical predictor.
            for (int k = 0; k < terms[t].CoefficientCount; k++)
            {
                int d = predictors.PredictorOf(terms[t], k);
                string group = predictors.Names[d].Length == 0 ? terms[t].Group : terms[t].Group + "__" + predictors.Names[d];
                string c = predictors.Unprefixed(d, terms[t].CoefficientNames[k]);
                foreach (string level in terms[t].Levels) names.Add($"r_{group}[{level},{c}]");
            }
        }
        OutputNames = names;
    }

    /// <summary>The model frame (frame order).</summary>
    public ModelFrame Frame { get; }

    /// <summary>The group-level terms in output order (sorted by group name, as brms orders them).</summary>
    public IReadOnlyList<GroupTerm> Terms { get; }

    /// <summary>Order[n] = frame row of evaluation-order observation n.</summary>
    public int[] Order { get; }

    /// <summary>The likelihood bound to the response in evaluation order.</summary>
    public IFamilyLikelihood Likelihood { get; }

    /// <summary>The priors in force.</summary>
    public ModelPriors Priors { get; }

    /// <summary>N.</summary>
    public int ObservationCount { get; }

    /// <summary>P, the number of columns of X.</summary>
    public int FixedCount { get; }

    /// <summary>The intercept column of the single linear predictor, or −1 (also when there are several predictors: see <see cref="Predictors"/>).</summary>
    public int InterceptColumn { get; }

    /// <summary>The linear predictors: which predictor every column and term feeds, and their intercepts.</summary>
    public LinearPredictors Predictors { get; }

    /// <summary>The number of linear predictors D (1 except for the categorical family); the linear predictor is N × D, column-major.</summary>
    public int PredictorCount => Predictors.Count;

    /// <summary>Per column of X, the linear predictor it adds into.</summary>
    public int[] ColumnPredictor { get; }

    /// <summary>Per block, the linear predictor it adds into, or −1 for a term correlated across the categories, which adds into all.</summary>
    public int[] BlockPredictor { get; }

    /// <summary>Per block, where the slice of eta it reads and writes starts.</summary>
    public int[] BlockEtaStart { get; }

    /// <summary>Per block, the length of that slice (N, or N · D for a block over every predictor).</summary>
    public int[] BlockEtaLength { get; }

    /// <summary>Per linear predictor, <see cref="ColumnMeans"/> restricted to its own columns (zero elsewhere).</summary>
    public double[][] PredictorColumnMeans { get; }

    /// <summary>X in evaluation order, non-intercept columns centred when centring (every column for <see cref="CentredCutpoints"/>).</summary>
    public ColumnMajorMatrix X { get; }

    /// <summary>The means subtracted from each column of <see cref="X"/> (0 for the intercept and without centring).</summary>
    public double[] ColumnMeans { get; }

    /// <summary>Whether each column of X (after centring) is all ones, so X b needs no multiply there.</summary>
    public bool[] ColumnIsOnes { get; }

    /// <summary>The offset in evaluation order, repeated for each linear predictor (length N · D), or null.</summary>
    public double[]? Offset { get; }

    /// <summary>The group blocks in output order.</summary>
    public GroupBlock[] Blocks { get; }

    /// <summary>The family parameters.</summary>
    public IReadOnlyList<FamilyParameter> FamilyParameters { get; }

    /// <summary>The first family parameter sampled through <see cref="OrderedCutpoints"/> (0 when none).</summary>
    public int OrderedStart { get; }

    /// <summary>How many family parameters are ordered cutpoints (0 for families without them).</summary>
    public int OrderedCount { get; }

    /// <summary>Whether family parameter <paramref name="i"/> is an ordered cutpoint.</summary>
    public bool IsOrdered(int i) => i >= OrderedStart && i < OrderedStart + OrderedCount;

    /// <summary>Where the population-level coefficients start in the outputs (after the cutpoints of an ordinal family, else 0).</summary>
    public int FixedOutput { get; }

    /// <summary>Where the family parameters start in the position.</summary>
    public int FamilyOffset { get; }

    /// <summary>Per term, where its log sd start in the position.</summary>
    public int[] LogSdOffset { get; }

    /// <summary>Per term, where its canonical partial correlations start in the position.</summary>
    public int[] CorrelationOffset { get; }

    /// <summary>
    /// Per Student-t term, where ζ = log(df − 1) stands in the position, followed by w_j = log udf_j for
    /// every level (HGLM_NOTES §4).
    /// </summary>
    public int[] DfOffset { get; }

    /// <summary>Per Student-t term, where df_g stands in the outputs.</summary>
    public int[] DfOutput { get; }

    /// <summary>Per term, where its z start in the position.</summary>
    public int[] ZOffset { get; }

    /// <summary>Per correlated term, the constant of the LKJ density in the unconstrained values.</summary>
    public double[] LkjLogNormaliserY { get; }

    /// <summary>Per correlated term, log c_K(η) of the LKJ density of Ω.</summary>
    public double[] LkjLogNormaliser { get; }

    /// <summary>The number of unconstrained parameters.</summary>
    public int Dimension { get; }

    /// <summary>The reported names.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Per term, where its sd start in the outputs.</summary>
    public int[] SdOutput { get; }

    /// <summary>Per term, where its correlations start in the outputs.</summary>
    public int[] CorOutput { get; }

    /// <summary>Where the family parameters start in the outputs.</summary>
    public int FamilyOutput { get; }

    /// <summary>Per term, where its r start in the outputs.</summary>
    public int[] ROutput { get; }

    /// <summary>Whether the intercepts' (or an ordinal family's cutpoints') prior applies to those of the centred predictors (brms's centring).</summary>
    public bool Centred { get; }

    /// <summary>
    /// Whether an ordinal family's cutpoints are sampled and given their prior as those of the centred predictors (all
    /// columns of X centred): the reported cutpoints are then τ_k = τc_k + Σ_j mean_j b_j (brms's <c>b_Intercept</c>).
    /// </summary>
    public bool CentredCutpoints { get; }

    /// <summary>Per linear predictor whose intercept prior is centred, the means of its own columns (zero elsewhere and at the intercept); null otherwise.</summary>
    public double[]?[] PriorCentringMeans { get; }

    /// <summary>
    /// Per linear predictor, s with (the intercept its prior applies to) = (the sampled intercept) + Σ_j s_j b_j, or null
    /// when the two are the same (the internal centring matches the prior's).
    /// </summary>
    public double[]?[] InterceptPriorShift { get; }

    /// <summary>Σ_j mean_j b_j, what the reported cutpoints add to the sampled (centred) ones; 0 unless <see cref="CentredCutpoints"/>.</summary>
    public double CutpointShift(ReadOnlySpan<double> b) =>
        CentredCutpoints ? System.Numerics.Tensors.TensorPrimitives.Dot(ColumnMeans, b[..FixedCount]) : 0.0;

    /// <summary>
    /// The coefficients as their priors see them, from the reported ones: each centred intercept becomes
    /// b_Intercept + Σ_j mean_j b_j, the others are unchanged.
    /// </summary>
    public void PriorScaleFromReported(ReadOnlySpan<double> reported, Span<double> priorScale)
    {
        reported[..FixedCount].CopyTo(priorScale);
        for (int d = 0; d < PredictorCount; d++)
            if (PriorCentringMeans[d] is { } means)
                priorScale[Predictors.InterceptColumns[d]] += System.Numerics.Tensors.TensorPrimitives.Dot(means, reported[..FixedCount]);
    }

    /// <summary>The reported coefficients from the prior-scale ones (the inverse of <see cref="PriorScaleFromReported"/>).</summary>
    public void ReportedFromPriorScale(ReadOnlySpan<double> priorScale, Span<double> reported)
    {
        priorScale[..FixedCount].CopyTo(reported);
        for (int d = 0; d < PredictorCount; d++)
            if (PriorCentringMeans[d] is { } means)
                reported[Predictors.InterceptColumns[d]] -= System.Numerics.Tensors.TensorPrimitives.Dot(means, priorScale[..FixedCount]);
    }

    /// <summary>The coefficients as their priors see them, from the internal ones (<see cref="InterceptPriorShift"/>).</summary>
    public void PriorScaleFixed(ReadOnlySpan<double> internalB, Span<double> priorScale)
    {
        internalB[..FixedCount].CopyTo(priorScale);
        for (int d = 0; d < PredictorCount; d++)
            if (InterceptPriorShift[d] is { } shift)
                priorScale[Predictors.InterceptColumns[d]] += System.Numerics.Tensors.TensorPrimitives.Dot(shift, internalB[..FixedCount]);
    }

    /// <summary>The reported intercepts and coefficients from the internal ones: b_ic = a − Σ_j mean_j b_j, per linear predictor.</summary>
    public void ReportedFixed(ReadOnlySpan<double> internalB, Span<double> reported)
    {
        internalB[..FixedCount].CopyTo(reported);
        for (int d = 0; d < PredictorCount; d++)
            if (Predictors.InterceptColumns[d] is int ic and >= 0)
                reported[ic] -= System.Numerics.Tensors.TensorPrimitives.Dot(PredictorColumnMeans[d], internalB[..FixedCount]);
    }

    /// <summary>The internal coefficients from the reported ones (the inverse of <see cref="ReportedFixed"/>).</summary>
    public void InternalFixed(ReadOnlySpan<double> reported, Span<double> internalB)
    {
        reported[..FixedCount].CopyTo(internalB);
        for (int d = 0; d < PredictorCount; d++)
            if (Predictors.InterceptColumns[d] is int ic and >= 0)
                internalB[ic] += System.Numerics.Tensors.TensorPrimitives.Dot(PredictorColumnMeans[d], reported[..FixedCount]);
    }
}
