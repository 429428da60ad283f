// The immutable parts of a conjugate HGLM's log density, shared by every chain: data, cluster sums, priors, layouts.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Modeling.Hglm;

/// <summary>
/// Everything an <see cref="HglmEvaluator"/> reads. Unconstrained position: b (P; the intercept entry is the
/// centred intercept when centring), the family parameters as log θ (F), ρ = log λ, and on the joint route z
/// (J, one per level; v_j = m(λ) + s(λ) z_j). Reported outputs: b (P), <c>lambda_g</c>, the family parameters,
/// <c>u_g[level]</c> (J) and <c>r_g[level,Intercept]</c> (J, the link-scale effects v; with the reciprocal link z
/// gives t = log v = m + s z).
/// </summary>
public sealed class HglmStructure
{
    internal HglmStructure(ModelFrame frame, GroupTerm term, ConjugatePair pair, bool marginal, IFamilyLikelihood likelihood,
        ModelPriors priors, BoundedPrior lambdaPrior, IReadOnlyList<PriorUse> uses, bool centerPredictors, bool centred)
    {
        Centred = centred;
        Frame = frame;
        Term = term;
        Pair = pair;
        Marginal = marginal;
        Likelihood = likelihood;
        Priors = priors;
        LambdaPrior = lambdaPrior;
        PriorsUsed = uses;
        ObservationCount = frame.ObservationCount;
        LevelCount = term.LevelCount;
        Level = term.LevelOfObservation;
        Offset = frame.Offset;

        var x = frame.Fixed.X;
        FixedCount = x.Columns;
        InterceptColumn = frame.Fixed.InterceptColumn;
        ColumnMeans = new double[FixedCount];
        var matrix = new ColumnMajorMatrix(x.Rows, x.Columns, (double[])x.Values.Clone());
        if (InterceptColumn >= 0 && (centerPredictors || centred))
        {
            var prior = new double[FixedCount];
            var shift = new double[FixedCount];
            bool any = false;
            for (int j = 0; j < FixedCount; j++)
            {
                if (j == InterceptColumn) continue;
                var column = matrix.Column(j);
                double mean = System.Numerics.Tensors.TensorPrimitives.Sum<double>(column) / Math.Max(1, column.Length);
                if (centred) prior[j] = mean;
                if (centerPredictors)
                {
                    ColumnMeans[j] = mean;
                    System.Numerics.Tensors.TensorPrimitives.Subtract(column, mean, column);
                }
                shift[j] = prior[j] - ColumnMeans[j];
                any |= shift[j] != 0;
            }
            if (centred) PriorCentringMeans = prior;
            if (any) InterceptPriorShift = shift;
        }
        X = matrix;
        ColumnIsOnes = new bool[FixedCount];
        for (int j = 0; j < FixedCount; j++)
        {
            bool ones = true;
            foreach (double v in matrix.Column(j)) ones &= v == 1.0;
            ColumnIsOnes[j] = ones;
        }
        FamilyParameters = likelihood.Parameters;

        int n = ObservationCount, levels = LevelCount;
        Response = frame.Response.Values;
        Trials = frame.Response.Trials ?? Enumerable.Repeat(1.0, n).ToArray();
        ClusterResponse = new double[levels];
        ClusterTrials = new double[levels];
        ClusterSize = new double[levels];
        for (int i = 0; i < n; i++)
        {
            ClusterResponse[Level[i]] += Response[i];
            ClusterTrials[Level[i]] += Trials[i];
            ClusterSize[Level[i]] += 1;
        }
        // Per-observation constants of the marginal routes: −lgamma(y + 1) (Poisson), lchoose(n, y) (binomial), log y (gamma).
        LogResponse = pair == ConjugatePair.GammaInverseGamma ? Response.Select(y => Math.Log(y)).ToArray() : [];
        double constant = 0;
        for (int i = 0; i < n; i++)
        {
            constant += pair switch
            {
                ConjugatePair.PoissonGamma => -GammaFunctions.LogGamma(Response[i] + 1.0),
                ConjugatePair.BinomialBeta => LogChoose(Trials[i], Response[i]),
                _ => 0.0, // the gamma family's terms depend on the shape: see ClusterMarginals
            };
        }
        ObservationConstant = constant;

        FamilyOffset = FixedCount;
        RhoOffset = FamilyOffset + FamilyParameters.Count;
        ZOffset = RhoOffset + 1;
        Dimension = ZOffset + (marginal ? 0 : levels);

        var names = new List<string>();
        foreach (string c in frame.Fixed.CoefficientNames) names.Add("b_" + c);
        LambdaOutput = names.Count;
        names.Add(LambdaName);
        FamilyOutput = names.Count;
        foreach (var p in FamilyParameters) names.Add(p.Name);
        UOutput = names.Count;
        foreach (string level in term.Levels) names.Add($"u_{term.Group}[{level}]");
        ROutput = names.Count;
        foreach (string level in term.Levels) names.Add($"r_{term.Group}[{level},Intercept]");
        OutputNames = names;
    }

    /// <summary>The model frame.</summary>
    public ModelFrame Frame { get; }

    /// <summary>The conjugate group-level term.</summary>
    public GroupTerm Term { get; }

    /// <summary>The conjugate pair.</summary>
    public ConjugatePair Pair { get; }

    /// <summary>True when u is integrated out (the marginal route), false when it is sampled (the joint route).</summary>
    public bool Marginal { get; }

    /// <summary>The family bound to the response (frame order), used on the joint route and for outputs.</summary>
    public IFamilyLikelihood Likelihood { get; }

    /// <summary>The priors of b and the family parameters.</summary>
    public ModelPriors Priors { get; }

    /// <summary>The prior of λ, truncated at 0.</summary>
    public BoundedPrior LambdaPrior { get; }

    /// <summary>Every prior in force, in output order.</summary>
    public IReadOnlyList<PriorUse> PriorsUsed { get; }

    /// <summary>The reported name of λ: <c>lambda_g</c>.</summary>
    public string LambdaName => "lambda_" + Term.Group;

    /// <summary>N.</summary>
    public int ObservationCount { get; }

    /// <summary>J, the number of levels (clusters).</summary>
    public int LevelCount { get; }

    /// <summary>The level of each observation.</summary>
    public int[] Level { get; }

    /// <summary>The offset, or null.</summary>
    public double[]? Offset { get; }

    /// <summary>P.</summary>
    public int FixedCount { get; }

    /// <summary>The intercept column or −1.</summary>
    public int InterceptColumn { get; }

    /// <summary>Whether the intercept's prior applies to the intercept of the centred predictors (brms's centring).</summary>
    public bool Centred { get; }

    /// <summary>With <see cref="Centred"/>, the column means (0 at the intercept); otherwise null.</summary>
    public double[]? PriorCentringMeans { get; }

    /// <summary>s with (the intercept its prior applies to) = (the sampled intercept) + Σ_j s_j b_j, or null when they are the same.</summary>
    public double[]? InterceptPriorShift { get; }

    /// <summary>X with the non-intercept columns centred when centring.</summary>
    public ColumnMajorMatrix X { get; }

    /// <summary>The subtracted column means (0 without centring).</summary>
    public double[] ColumnMeans { get; }

    /// <summary>Whether each column of X is all ones.</summary>
    public bool[] ColumnIsOnes { get; }

    /// <summary>The family parameters (shape for the gamma family, none otherwise).</summary>
    public IReadOnlyList<FamilyParameter> FamilyParameters { get; }

    /// <summary>The response.</summary>
    public double[] Response { get; }

    /// <summary>Trials (1 where the family has none).</summary>
    public double[] Trials { get; }

    /// <summary>log y (gamma family only).</summary>
    public double[] LogResponse { get; }

    /// <summary>Per level, Σ_j y_ij.</summary>
    public double[] ClusterResponse { get; }

    /// <summary>Per level, Σ_j n_ij (trials).</summary>
    public double[] ClusterTrials { get; }

    /// <summary>Per level, n_i (observations).</summary>
    public double[] ClusterSize { get; }

    /// <summary>Σ_n of −lgamma(y + 1) (Poisson) or lchoose(n, y) (binomial); 0 for the gamma family.</summary>
    public double ObservationConstant { get; }

    /// <summary>Where the family parameters start in the position.</summary>
    public int FamilyOffset { get; }

    /// <summary>Where ρ = log λ stands in the position.</summary>
    public int RhoOffset { get; }

    /// <summary>Where z starts in the position (joint route).</summary>
    public int ZOffset { get; }

    /// <summary>The number of unconstrained parameters.</summary>
    public int Dimension { get; }

    /// <summary>The reported names.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Where λ stands in the outputs.</summary>
    public int LambdaOutput { get; }

    /// <summary>Where the family parameters start in the outputs.</summary>
    public int FamilyOutput { get; }

    /// <summary>Where u starts in the outputs.</summary>
    public int UOutput { get; }

    /// <summary>Where r starts in the outputs.</summary>
    public int ROutput { get; }

    /// <summary>The coefficients as their priors see them, from the internal ones (<see cref="InterceptPriorShift"/>).</summary>
    public void PriorScaleFixed(ReadOnlySpan<double> internalB, Span<double> priorScale)
    {
        internalB[..FixedCount].CopyTo(priorScale);
        if (InterceptPriorShift is { } shift)
            priorScale[InterceptColumn] += System.Numerics.Tensors.TensorPrimitives.Dot(shift, internalB[..FixedCount]);
    }

    /// <summary>The coefficients as their priors see them, from the reported ones (a centred intercept b_Intercept + Σ_j mean_j b_j).</summary>
    public void PriorScaleFromReported(ReadOnlySpan<double> reported, Span<double> priorScale)
    {
        reported[..FixedCount].CopyTo(priorScale);
        if (PriorCentringMeans is { } means)
            priorScale[InterceptColumn] += System.Numerics.Tensors.TensorPrimitives.Dot(means, reported[..FixedCount]);
    }

    /// <summary>The reported coefficients from the prior-scale ones (the inverse of <see cref="PriorScaleFromReported"/>).</summary>
    public void ReportedFromPriorScale(ReadOnlySpan<double> priorScale, Span<double> reported)
    {
        priorScale[..FixedCount].CopyTo(reported);
        if (PriorCentringMeans is { } means)
            reported[InterceptColumn] -= System.Numerics.Tensors.TensorPrimitives.Dot(means, priorScale[..FixedCount]);
    }

    /// <summary>The reported coefficients from the internal ones: b_ic = a − Σ_j mean_j b_j.</summary>
    public void ReportedFixed(ReadOnlySpan<double> internalB, Span<double> reported)
    {
        internalB[..FixedCount].CopyTo(reported);
        if (InterceptColumn >= 0)
            reported[InterceptColumn] -= System.Numerics.Tensors.TensorPrimitives.Dot(ColumnMeans, internalB[..FixedCount]);
    }

    /// <summary>
    /// The closed-form part of every cluster's marginal log likelihood given the linear predictor without v
    /// (<paramref name="eta"/>, frame order), the family parameters and ρ: fills <paramref name="cluster"/> (J) with the
    /// cluster terms of <see cref="ConjugateMarginal"/> and <paramref name="statistic"/> (J) with M_i (Poisson–gamma)
    /// or S_i (gamma–inverse-gamma). Returns the sum of the per-observation terms.
    /// </summary>
    internal double ClusterMarginals(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, double rho, Span<double> cluster, Span<double> statistic)
    {
        statistic.Clear();
        double observations = ObservationConstant;
        switch (Pair)
        {
            case ConjugatePair.PoissonGamma:
            {
                double alpha = Math.Exp(-rho);
                for (int i = 0; i < ObservationCount; i++)
                {
                    statistic[Level[i]] += Math.Exp(eta[i]);
                    observations += Response[i] * eta[i];
                }
                for (int j = 0; j < LevelCount; j++) cluster[j] = ConjugateMarginal.PoissonGamma(alpha, ClusterResponse[j], statistic[j], out _, out _);
                break;
            }
            case ConjugatePair.GammaInverseGamma:
            {
                double b = Math.Exp(-rho), shape = theta[0];
                observations += ObservationCount * (shape * Math.Log(shape) - GammaFunctions.LogGamma(shape));
                for (int i = 0; i < ObservationCount; i++)
                {
                    statistic[Level[i]] += Response[i] * Math.Exp(-eta[i]);
                    observations += (shape - 1.0) * LogResponse[i] - shape * eta[i];
                }
                for (int j = 0; j < LevelCount; j++)
                    cluster[j] = ConjugateMarginal.GammaInverseGamma(b, ClusterSize[j], shape, statistic[j], out _, out _, out _);
                break;
            }
            case ConjugatePair.BinomialBeta:
            {
                double alpha = 0.5 * Math.Exp(-rho);
                for (int j = 0; j < LevelCount; j++) cluster[j] = ConjugateMarginal.BinomialBeta(alpha, ClusterResponse[j], ClusterTrials[j], out _);
                break;
            }
            default:
                throw new InvalidOperationException($"The {Pair} pair has no closed-form cluster likelihood.");
        }
        return observations;
    }

    private static double LogChoose(double n, double k) =>
        k == 0 || k == n ? 0.0 : GammaFunctions.LogGamma(n + 1) - GammaFunctions.LogGamma(k + 1) - GammaFunctions.LogGamma(n - k + 1);
}
