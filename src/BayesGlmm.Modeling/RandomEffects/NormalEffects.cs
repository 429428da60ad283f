// Normal group-level effects of one term, LKJ-correlated or independent, optionally Student-t: r = diag(sd) L z per level.
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// The GLMM's group-level effects of one term (DESIGN.md §1): per level j, r_j = diag(sd) L z_j with z_j ~ N(0, I), Ω = L Lᵀ
/// ~ LKJ(η) for a correlated term (Lewandowski, Kurowicka &amp; Joe 2009; the Cholesky factor from canonical partial
/// correlations, <see cref="CorrelationCholesky"/>), L = I for an independent one: the non-centred parameterisation of
/// Papaspiliopoulos, Roberts &amp; Sköld (2007). With <see cref="StudentScales"/> the effects are Student-t, brms's scale
/// mixture r_j ← √(df udf_j) r_j (HGLM_NOTES §4). Reported as brms does: <c>sd_g__coef</c>, <c>cor_g__a__b</c> in the order
/// (1,2), (1,3), (2,3), ..., <c>df_g</c>, and <c>r_g[level,coef]</c> (every level of the first coefficient, then the next;
/// <c>r_g__muB[level,coef]</c> for a category's copy).
/// </summary>
/// <remarks>
/// Hyperparameters: log sd (K), the K(K−1)/2 canonical partial correlations of a correlated term, then for Student-t
/// effects ζ = log(df − 1) and w_j = log udf_j per level. Latent values: z (K·J, coefficient-major).
/// </remarks>
public sealed class NormalEffects : RandomEffectBlock
{
    private readonly GroupTerm _term;
    private readonly BoundedPrior[] _sdPriors;
    private readonly OutputGroup[] _hyperOutputs;
    private readonly string[] _effectNames;
    private readonly PriorTerm[] _priorTerms;
    private readonly PriorUse[] _priorUses;

    /// <summary>
    /// The effects of <paramref name="term"/> laid out for the evaluation order of <paramref name="matrix"/>, with one prior per
    /// sd, the LKJ η of a correlated term, Student-t scales or none, the brms names of its effects and its printed priors
    /// (sd per coefficient, cor, df, in that order).
    /// </summary>
    public NormalEffects(GroupTerm term, TermMatrix matrix, IReadOnlyList<BoundedPrior> sdPriors, double lkjEta, StudentScales? student,
        IReadOnlyList<string> effectNames, IReadOnlyList<PriorUse> priorUses)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(matrix);
        _term = term;
        Matrix = matrix;
        CoefficientCount = term.CoefficientCount;
        LevelCount = term.LevelCount;
        Correlated = term.Correlated && CoefficientCount > 1;
        if (sdPriors.Count != CoefficientCount) throw new ArgumentException($"Expected {CoefficientCount} sd priors.", nameof(sdPriors));
        if (effectNames.Count != CoefficientCount * LevelCount) throw new ArgumentException($"Expected {CoefficientCount * LevelCount} effect names.", nameof(effectNames));
        _sdPriors = sdPriors.ToArray();
        LkjEta = lkjEta;
        if (Correlated)
        {
            LkjLogNormaliserY = CorrelationCholesky.LogNormaliserY(CoefficientCount, lkjEta);
            LkjLogNormaliser = CorrelationCholesky.LkjLogNormaliser(CoefficientCount, lkjEta);
        }
        Student = student;
        _effectNames = effectNames.ToArray();
        var coefficients = term.CoefficientNames;
        var cor = new List<string>();
        if (Correlated)
            for (int j = 1; j < coefficients.Count; j++)
                for (int i = 0; i < j; i++)
                    cor.Add($"cor_{term.Group}__{coefficients[i]}__{coefficients[j]}");
        _hyperOutputs =
        [
            new("sd", coefficients.Select(c => $"sd_{term.Group}__{c}").ToArray()),
            new("cor", cor),
            new("df", student is null ? [] : ["df_" + term.Group]),
        ];
        var priorTerms = coefficients.Select(c => new PriorTerm($"sd_{term.Group}__{c}", "sd")).ToList();
        if (Correlated) priorTerms.Add(new PriorTerm("cor_" + term.Group, "cor"));
        if (student is not null) priorTerms.Add(new PriorTerm("df_" + term.Group, "df"));
        _priorTerms = priorTerms.ToArray();
        if (priorUses.Count != _priorTerms.Length) throw new ArgumentException($"Expected {_priorTerms.Length} prior uses.", nameof(priorUses));
        _priorUses = priorUses.ToArray();
        HyperparameterCount = CoefficientCount + CorrelationCount + (student is null ? 0 : 1 + LevelCount);
    }

    /// <summary>The brms names of the effects of <paramref name="term"/>: <c>r_g[level,coef]</c>, or <c>r_g__muB[level,coef]</c> for a coefficient of category muB.</summary>
    public static string[] EffectNames(GroupTerm term, LinearPredictors predictors)
    {
        var names = new List<string>();
        for (int k = 0; k < term.CoefficientCount; k++)
        {
            int d = predictors.PredictorOf(term, k);
            string group = predictors.Names[d].Length == 0 ? term.Group : term.Group + "__" + predictors.Names[d];
            string c = predictors.Unprefixed(d, term.CoefficientNames[k]);
            foreach (string level in term.Levels) names.Add($"r_{group}[{level},{c}]");
        }
        return names.ToArray();
    }

    /// <inheritdoc />
    public override IReadOnlyList<GroupTerm> Terms => [_term];

    /// <summary>The term as the frame describes it.</summary>
    public GroupTerm Term => _term;

    /// <summary>The matrix side of the term in the evaluation order.</summary>
    public TermMatrix Matrix { get; }

    /// <summary>K, the coefficients per level.</summary>
    public int CoefficientCount { get; }

    /// <summary>J, the levels.</summary>
    public int LevelCount { get; }

    /// <summary>Whether the coefficients are correlated (a Cholesky factor and an LKJ prior).</summary>
    public bool Correlated { get; }

    /// <summary>The number of canonical partial correlations, K(K−1)/2 for a correlated term, else 0.</summary>
    public int CorrelationCount => Correlated ? CorrelationCholesky.FreeCount(CoefficientCount) : 0;

    /// <summary>The LKJ η of a correlated term.</summary>
    public double LkjEta { get; }

    /// <summary>The constant of the LKJ density in the unconstrained values (correlated terms).</summary>
    public double LkjLogNormaliserY { get; }

    /// <summary>log c_K(η) of the LKJ density of Ω (correlated terms).</summary>
    public double LkjLogNormaliser { get; }

    /// <summary>The Student-t scale mixture, or null for normal effects.</summary>
    public StudentScales? Student { get; }

    /// <summary>The prior of each sd.</summary>
    public IReadOnlyList<BoundedPrior> SdPriors => _sdPriors;

    /// <inheritdoc />
    public override int HyperparameterCount { get; }

    /// <inheritdoc />
    public override int LatentCount => CoefficientCount * LevelCount;

    /// <inheritdoc />
    public override IReadOnlyList<OutputGroup> HyperOutputs => _hyperOutputs;

    /// <inheritdoc />
    public override IReadOnlyList<string> EffectOutputs => _effectNames;

    /// <inheritdoc />
    public override IReadOnlyList<PriorTerm> PriorTerms => _priorTerms;

    /// <inheritdoc />
    public override IReadOnlyList<PriorUse> PriorUses => _priorUses;

    /// <summary>Where log sd starts in the position.</summary>
    public int LogSdOffset => Layout.HyperparameterOffset;

    /// <summary>Where the canonical partial correlations start in the position.</summary>
    public int CorrelationOffset => Layout.HyperparameterOffset + CoefficientCount;

    /// <summary>Where ζ = log(df − 1) stands in the position (Student-t effects), followed by w_j per level.</summary>
    public int DfOffset => Layout.HyperparameterOffset + CoefficientCount + CorrelationCount;

    /// <summary>Where z starts in the position.</summary>
    public int ZOffset => Layout.LatentOffset;

    /// <summary>Where the sds start in the outputs.</summary>
    public int SdOutput => HyperOutput(0);

    /// <summary>Where the correlations start in the outputs.</summary>
    public int CorOutput => HyperOutput(1);

    /// <summary>Where df stands in the outputs (Student-t effects).</summary>
    public int DfOutput => HyperOutput(2);

    /// <summary>Where r starts in the outputs.</summary>
    public int ROutput => Layout.EffectOutputOffset;

    /// <inheritdoc />
    public override RandomEffectKernel CreateKernel() => new NormalEffectsKernel(this);

    /// <inheritdoc />
    public override void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, OutputContext context, RandomStream rng)
    {
        int k = CoefficientCount, levels = LevelCount;
        Span<double> factor = new double[k * k];
        Span<double> sd = new double[k];
        for (int c = 0; c < k; c++) sd[c] = outputs[SdOutput + c] = Math.Exp(position[LogSdOffset + c]);
        if (Correlated)
        {
            CorrelationCholesky.Forward(position.Slice(CorrelationOffset, CorrelationCount), k, 1.0, factor);
            CorrelationCholesky.Correlations(factor, k, outputs.Slice(CorOutput, CorrelationCount));
        }
        else Identity(factor, k);
        var r = outputs.Slice(ROutput, k * levels);
        Effects(position.Slice(ZOffset, k * levels), sd, factor, k, levels, r);
        if (Student is not null) StudentScales.WriteOutputs(position.Slice(DfOffset, 1 + levels), outputs, DfOutput, r, k);
    }

    /// <inheritdoc />
    public override bool TryWritePosition(ReadOnlySpan<double> outputs, Span<double> position)
    {
        if (Student is not null) return false; // the per-level scales are not among the outputs
        int k = CoefficientCount, levels = LevelCount;
        Span<double> factor = new double[k * k];
        for (int c = 0; c < k; c++)
        {
            double sd = outputs[SdOutput + c];
            if (!(sd > 0)) return false;
            position[LogSdOffset + c] = Math.Log(sd);
        }
        Identity(factor, k);
        if (Correlated)
        {
            if (!CorrelationCholesky.FactorFromCorrelations(outputs.Slice(CorOutput, CorrelationCount), k, factor)) return false;
            var y = position.Slice(CorrelationOffset, CorrelationCount);
            int index = 0;
            for (int i = 1; i < k; i++)
            {
                double w = 1.0;
                for (int j = 0; j < i; j++)
                {
                    double z = factor[i * k + j] / w;
                    if (!(Math.Abs(z) < 1)) return false;
                    y[index++] = Math.Atanh(z);
                    w *= Math.Sqrt(1.0 - z * z);
                }
            }
        }
        // z_level = L⁻¹ (r_level / sd), forward substitution per level.
        var r = outputs.Slice(ROutput, k * levels);
        var zs = position.Slice(ZOffset, k * levels);
        for (int j = 0; j < levels; j++)
            for (int c = 0; c < k; c++)
            {
                double v = r[c * levels + j] / outputs[SdOutput + c];
                for (int m = 0; m < c; m++) v -= factor[c * k + m] * zs[m * levels + j];
                zs[c * levels + j] = v / factor[c * k + c];
            }
        return true;
    }

    /// <inheritdoc />
    public override void LogPriorTerms(ReadOnlySpan<double> outputs, Span<double> logPriors)
    {
        int k = CoefficientCount, n = 0;
        for (int c = 0; c < k; c++) logPriors[n++] = _sdPriors[c].LogDensity(outputs[SdOutput + c], out _);
        if (Correlated)
        {
            Span<double> factor = new double[k * k];
            logPriors[n++] = CorrelationCholesky.FactorFromCorrelations(outputs.Slice(CorOutput, CorrelationCount), k, factor)
                ? CorrelationCholesky.LkjLogDensity(factor, k, LkjEta)
                : double.NegativeInfinity;
        }
        if (Student is not null) logPriors[n] = Student.Prior.LogDensity(outputs[DfOutput], out _);
    }

    /// <inheritdoc />
    public override void DrawFromPrior(RandomStream rng, Span<double> outputs)
    {
        int k = CoefficientCount, levels = LevelCount;
        Span<double> sd = new double[k];
        Span<double> factor = new double[k * k];
        for (int c = 0; c < k; c++) sd[c] = outputs[SdOutput + c] = _sdPriors[c].Sample(rng);
        if (Correlated)
        {
            Span<double> y = new double[CorrelationCount];
            CorrelationCholesky.SampleFactor(rng, k, LkjEta, y, factor);
            CorrelationCholesky.Correlations(factor, k, outputs.Slice(CorOutput, y.Length));
        }
        else Identity(factor, k);
        var z = new double[k * levels];
        for (int i = 0; i < z.Length; i++) z[i] = rng.NextStandardNormal();
        var r = outputs.Slice(ROutput, k * levels);
        Effects(z, sd, factor, k, levels, r);
        Student?.DrawFromPrior(rng, outputs, DfOutput, r, k, levels);
    }

    /// <inheritdoc />
    public override void AddEffects(ReadOnlySpan<double> outputs, Span<double> eta) =>
        TermMatrix.AddInFrameOrder(_term, eta, outputs.Slice(ROutput, CoefficientCount * LevelCount));

    /// <inheritdoc />
    public override int EffectOutputOffset(int term) => term == 0 ? ROutput : throw new ArgumentOutOfRangeException(nameof(term));

    /// <inheritdoc />
    public override NewLevelLaw? NewLevels(ReadOnlySpan<double> outputs, int term)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(term, 0);
        int k = CoefficientCount;
        var factor = new double[k * k];
        if (Correlated)
        {
            if (!CorrelationCholesky.FactorFromCorrelations(outputs.Slice(CorOutput, CorrelationCount), k, factor))
                throw new InputException($"the correlations of '{_term.Group}' do not form a positive definite matrix.");
        }
        else Identity(factor, k);
        return new NewLevelLaw(outputs.Slice(SdOutput, k).ToArray(), factor, Student is null ? double.PositiveInfinity : outputs[DfOutput]);
    }

    /// <inheritdoc />
    public override NewLevelTail NewLevelTail => Student is null ? NewLevelTail.Normal : NewLevelTail.StudentT;

    /// <summary>r_c = sd_c Σ_{m ≤ c} L_cm z_m (coefficient-major, vectorised over levels).</summary>
    private static void Effects(ReadOnlySpan<double> z, ReadOnlySpan<double> sd, ReadOnlySpan<double> factor, int k, int levels, Span<double> r)
    {
        for (int c = 0; c < k; c++)
        {
            var rc = r.Slice(c * levels, levels);
            rc.Clear();
            for (int m = 0; m <= c; m++)
                TensorPrimitives.MultiplyAdd(z.Slice(m * levels, levels), sd[c] * factor[c * k + m], rc, rc);
        }
    }

    private static void Identity(Span<double> factor, int k)
    {
        factor.Clear();
        for (int c = 0; c < k; c++) factor[c * k + c] = 1.0;
    }
}
