// A Bayesian GLMM: model frame + family + priors as a log density with gradient, brms-named outputs and the posterior tools' hooks.
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Glmm;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Modeling;

/// <summary>
/// The generalized linear mixed model of DESIGN.md §1 with normal group-level effects:
/// g(μ) = eta = X b + offset + Σ_terms Z r, r_level ~ N(0, diag(sd) Ω diag(sd)), y ~ family(μ, θ), with the
/// priors of <see cref="ModelPriors"/> (defaults in <see cref="DefaultPriors"/>). Sampled in the
/// unconstrained, non-centred parameterisation described on <see cref="GlmmStructure"/>; reported in
/// brms's names and order.
/// </summary>
/// <remarks>
/// <para>
/// The categorical family has K − 1 linear predictors (<see cref="CategoricalDesign"/>): each category
/// c = 2..K has its own population-level coefficients (<c>b_muB_Intercept</c>, <c>b_muB_x</c>, ...) and its
/// own copy of every group-level term (<c>sd_g__muB_Intercept</c>, <c>r_g__muB[level,Intercept]</c>), and
/// <see cref="Frame"/> is the frame so expanded.
/// </para>
/// <para>
/// <see cref="ISeparableLogDensity.EvaluateParts"/> returns brms's <c>lprior</c> (the priors of b, sd,
/// cor, and the family parameters, without Jacobians) and the log likelihood; the density of the
/// group-level effects given their hyperparameters belongs to neither part, as in brms. Every method but
/// <see cref="Evaluate"/> and <see cref="EvaluateParts"/> is safe to call from several threads.
/// </para>
/// </remarks>
public sealed class GlmmModel : IFramedModel, IPriorClasses
{
    private readonly GlmmStructure _structure;
    private GlmmEvaluator? _evaluator;

    private GlmmModel(ModelFrame frame, IFamily family, IFamilyLikelihood likelihood, GlmmStructure structure, GlmmOptions options)
    {
        Frame = frame;
        Family = family;
        Likelihood = likelihood;
        _structure = structure;
        Options = options;
    }

    /// <summary>
    /// Builds the model. Throws <see cref="InputException"/> for a bad response (from the family), a prior
    /// for a parameter the model does not have, or a group-level distribution this model does not handle.
    /// </summary>
    public static GlmmModel Create(ModelFrame frame, IFamily family, IReadOnlyList<PriorSpec> priors, GlmmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(priors);
        options ??= new GlmmOptions();
        foreach (var term in frame.Groups)
        {
            if (term.Distribution is not (RandomEffectDistribution.Normal or RandomEffectDistribution.Student))
                throw new InputException(
                    $"The group-level term '{(term.Text.Length > 0 ? term.Text : term.Group)}' asks for {term.Distribution.ToString().ToLowerInvariant()} effects; this model supports normal and student group-level effects.");
            if (term.LevelCount == 0 || term.CoefficientCount == 0)
                throw new InputException($"The group-level term '{(term.Text.Length > 0 ? term.Text : term.Group)}' has no levels or no coefficients.");
        }
        var likelihood = family.Bind(frame.Response, frame.SourceRows);
        bool centred = ModelPriors.IsCentred(frame.Fixed, options.Center);
        if (likelihood is IOrderedFamilyParameters) frame = WithoutIntercept(frame); // the cutpoints play its role (centred with it, or not)
        var defaults = DefaultPriors.For(frame, family.Name, family.LinkName);
        LinearPredictors predictors;
        if (likelihood is CategoricalLikelihood)
        {
            // One linear predictor per non-reference category (even when there is one), each with its own coefficients and group-level terms.
            (frame, predictors) = CategoricalDesign.Expand(frame, likelihood.LinearPredictorCount + 1);
            defaults = defaults.ForColumns(predictors.SourceColumn);
        }
        else if (likelihood.LinearPredictorCount == 1)
        {
            var shared = frame.Groups.Where(t => t.Id is not null).GroupBy(t => (t.Group, t.Id)).FirstOrDefault(g => g.Count() > 1);
            if (shared is not null)
                throw new InputException(
                    $"The group-level terms {string.Join(" and ", shared.Select(t => t.Text))} share the ID '{shared.Key.Id}'; with one linear predictor write their coefficients in one term, e.g. (1 + x | {shared.Key.Group}).");
            predictors = LinearPredictors.Single(frame);
        }
        else throw new InputException($"The family '{family.Name}' has several linear predictors; this model supports them for the categorical family only.");
        var terms = frame.Groups.OrderBy(t => t.Group, GroupNameComparer.Instance).ToArray();
        int[] order = Glmm.ObservationOrder.Choose(frame, options);
        var sorted = IsIdentity(order) ? likelihood : family.Bind(Permute(frame.Response, order), order.Select(i => frame.SourceRows[i]).ToArray());
        var ordinal = likelihood as IOrderedFamilyParameters;
        var resolved = ModelPriors.Resolve(frame.Fixed, terms, likelihood.Parameters, defaults, priors, ordinal?.OrderedStart ?? 0, ordinal?.OrderedCount ?? 0, predictors, centred);
        return new GlmmModel(frame, family, likelihood, new GlmmStructure(frame, terms, order, sorted, resolved, options, predictors, centred), options);
    }

    /// <summary>The model frame (observations in frame order).</summary>
    public ModelFrame Frame { get; }

    /// <summary>The family before binding.</summary>
    public IFamily Family { get; }

    /// <summary>The family bound to the response in frame order.</summary>
    public IFamilyLikelihood Likelihood { get; }

    /// <summary>The options the model was built with.</summary>
    public GlmmOptions Options { get; }

    /// <summary>The layouts, priors and data in evaluation order.</summary>
    public GlmmStructure Structure => _structure;

    /// <summary>Every prior in force (user-given or default), in output order.</summary>
    public IReadOnlyList<PriorUse> PriorsUsed => _structure.Priors.Uses;

    /// <inheritdoc />
    public int Dimension => _structure.Dimension;

    /// <inheritdoc />
    public IReadOnlyList<string> OutputNames => _structure.OutputNames;

    /// <inheritdoc />
    public int ObservationCount => Frame.ObservationCount;

    /// <inheritdoc />
    public ILogDensity Create() => new GlmmEvaluator(_structure);

    private GlmmEvaluator OwnEvaluator => _evaluator ??= new GlmmEvaluator(_structure);

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> position, Span<double> gradient) => OwnEvaluator.Evaluate(position, gradient);

    /// <inheritdoc />
    public (double LogPrior, double LogLikelihood) EvaluateParts(ReadOnlySpan<double> position) => OwnEvaluator.EvaluateParts(position);

    /// <inheritdoc />
    public void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, RandomStream rng)
    {
        var s = _structure;
        CheckLength(position.Length, s.Dimension, nameof(position));
        CheckLength(outputs.Length, s.OutputNames.Count, nameof(outputs));
        s.ReportedFixed(position, outputs.Slice(s.FixedOutput, s.FixedCount));
        for (int i = 0; i < s.FamilyParameters.Count; i++)
            if (!s.IsOrdered(i)) outputs[s.FamilyOutput + i] = s.FamilyParameters[i].LowerBound + Math.Exp(position[s.FamilyOffset + i]);
        if (s.OrderedCount > 0)
        {
            var cutpoints = outputs.Slice(s.FamilyOutput + s.OrderedStart, s.OrderedCount);
            OrderedCutpoints.Constrain(position.Slice(s.FamilyOffset + s.OrderedStart, s.OrderedCount), cutpoints);
            if (s.CentredCutpoints) TensorPrimitives.Add(cutpoints, s.CutpointShift(position), cutpoints);
        }
        for (int t = 0; t < s.Blocks.Length; t++)
        {
            var block = s.Blocks[t];
            int k = block.CoefficientCount, levels = block.LevelCount;
            Span<double> factor = new double[k * k];
            Span<double> sd = new double[k];
            for (int c = 0; c < k; c++) sd[c] = outputs[s.SdOutput[t] + c] = Math.Exp(position[s.LogSdOffset[t] + c]);
            if (block.Correlated)
            {
                CorrelationCholesky.Forward(position.Slice(s.CorrelationOffset[t], CorrelationCholesky.FreeCount(k)), k, 1.0, factor);
                CorrelationCholesky.Correlations(factor, k, outputs.Slice(s.CorOutput[t], CorrelationCholesky.FreeCount(k)));
            }
            else
            {
                factor.Clear();
                for (int c = 0; c < k; c++) factor[c * k + c] = 1.0;
            }
            var r = outputs.Slice(s.ROutput[t], k * levels);
            Effects(position.Slice(s.ZOffset[t], k * levels), sd, factor, k, levels, r);
            if (block.Student)
            {
                double df = 1.0 + Math.Exp(position[s.DfOffset[t]]);
                outputs[s.DfOutput[t]] = df;
                var w = position.Slice(s.DfOffset[t] + 1, levels);
                for (int c = 0; c < k; c++)
                    for (int j = 0; j < levels; j++) r[c * levels + j] *= Math.Sqrt(df * Math.Exp(w[j]));
            }
        }
    }

    /// <summary>
    /// The unconstrained position of one draw of the reported quantities (the inverse of
    /// <see cref="WriteOutputs"/>); returns false when a value is outside its support (an sd ≤ 0, a
    /// correlation matrix that is not positive definite, ...).
    /// </summary>
    public bool TryWritePosition(ReadOnlySpan<double> outputs, Span<double> position)
    {
        var s = _structure;
        CheckLength(position.Length, s.Dimension, nameof(position));
        CheckLength(outputs.Length, s.OutputNames.Count, nameof(outputs));
        s.InternalFixed(outputs.Slice(s.FixedOutput, s.FixedCount), position);
        for (int i = s.OrderedStart + 1; i < s.OrderedStart + s.OrderedCount; i++)
            if (!(outputs[s.FamilyOutput + i] > outputs[s.FamilyOutput + i - 1])) return false;
        if (s.OrderedCount > 0)
        {
            if (!double.IsFinite(outputs[s.FamilyOutput + s.OrderedStart])) return false;
            Span<double> centred = outputs.Slice(s.FamilyOutput + s.OrderedStart, s.OrderedCount).ToArray();
            if (s.CentredCutpoints) TensorPrimitives.Subtract(centred, s.CutpointShift(position), centred);
            OrderedCutpoints.Unconstrain(centred, position.Slice(s.FamilyOffset + s.OrderedStart, s.OrderedCount));
        }
        for (int i = 0; i < s.FamilyParameters.Count; i++)
        {
            if (s.IsOrdered(i)) continue;
            double e = outputs[s.FamilyOutput + i] - s.FamilyParameters[i].LowerBound;
            if (!(e > 0)) return false;
            position[s.FamilyOffset + i] = Math.Log(e);
        }
        for (int t = 0; t < s.Blocks.Length; t++)
        {
            var block = s.Blocks[t];
            if (block.Student) return false; // the per-level scales are not among the outputs
            int k = block.CoefficientCount, levels = block.LevelCount;
            Span<double> factor = new double[k * k];
            for (int c = 0; c < k; c++)
            {
                double sd = outputs[s.SdOutput[t] + c];
                if (!(sd > 0)) return false;
                position[s.LogSdOffset[t] + c] = Math.Log(sd);
            }
            factor.Clear();
            for (int c = 0; c < k; c++) factor[c * k + c] = 1.0;
            if (block.Correlated)
            {
                if (!CorrelationCholesky.FactorFromCorrelations(outputs.Slice(s.CorOutput[t], CorrelationCholesky.FreeCount(k)), k, factor))
                    return false;
                var y = position.Slice(s.CorrelationOffset[t], CorrelationCholesky.FreeCount(k));
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
            var r = outputs.Slice(s.ROutput[t], k * levels);
            var zs = position.Slice(s.ZOffset[t], k * levels);
            for (int j = 0; j < levels; j++)
                for (int c = 0; c < k; c++)
                {
                    double v = r[c * levels + j] / outputs[s.SdOutput[t] + c];
                    for (int m = 0; m < c; m++) v -= factor[c * k + m] * zs[m * levels + j];
                    zs[c * levels + j] = v / factor[c * k + c];
                }
        }
        return true;
    }

    /// <inheritdoc />
    public double LogPrior(ReadOnlySpan<double> outputs)
    {
        var s = _structure;
        CheckLength(outputs.Length, s.OutputNames.Count, nameof(outputs));
        double total = 0.0;
        Span<double> b = new double[s.FixedCount];
        s.PriorScaleFromReported(outputs.Slice(s.FixedOutput, s.FixedCount), b);
        for (int j = 0; j < s.FixedCount; j++) total += s.Priors.FixedEffects[j].LogDensity(b[j], out _);
        for (int t = 0; t < s.Blocks.Length; t++)
        {
            var block = s.Blocks[t];
            int k = block.CoefficientCount;
            for (int c = 0; c < k; c++) total += s.Priors.StandardDeviations[t][c].LogDensity(outputs[s.SdOutput[t] + c], out _);
            if (block.Correlated)
            {
                Span<double> factor = new double[k * k];
                if (!CorrelationCholesky.FactorFromCorrelations(outputs.Slice(s.CorOutput[t], CorrelationCholesky.FreeCount(k)), k, factor))
                    return double.NegativeInfinity;
                total += CorrelationCholesky.LkjLogDensity(factor, k, s.Priors.LkjEta[t]);
            }
            if (block.Student) total += s.Priors.DegreesOfFreedom[t]!.LogDensity(outputs[s.DfOutput[t]], out _);
        }
        double shift = s.CutpointShift(b);
        for (int i = 0; i < s.FamilyParameters.Count; i++)
            total += s.Priors.FamilyParameters[i].LogDensity(outputs[s.FamilyOutput + i] - (s.IsOrdered(i) ? shift : 0.0), out _);
        for (int i = s.OrderedStart + 1; i < s.OrderedStart + s.OrderedCount; i++)
            if (!(outputs[s.FamilyOutput + i] > outputs[s.FamilyOutput + i - 1])) return double.NegativeInfinity;
        return total;
    }

    /// <inheritdoc />
    public IReadOnlyList<PriorTerm> PriorTerms => _priorTerms ??= GlmmPriorTerms.Terms(_structure);

    private PriorTerm[]? _priorTerms;

    /// <inheritdoc />
    public void LogPriorTerms(ReadOnlySpan<double> outputs, Span<double> logPriors) => GlmmPriorTerms.Evaluate(_structure, outputs, logPriors);

    /// <inheritdoc />
    public void PointwiseLogLikelihood(ReadOnlySpan<double> outputs, Span<double> logLikelihood)
    {
        CheckLength(logLikelihood.Length, ObservationCount, nameof(logLikelihood));
        var eta = new double[ObservationCount * _structure.PredictorCount];
        LinearPredictor(outputs, eta);
        Likelihood.Pointwise(eta, FamilyValues(outputs), logLikelihood);
    }

    /// <inheritdoc />
    public void ReplicateResponse(ReadOnlySpan<double> outputs, RandomStream rng, Span<double> replicate)
    {
        CheckLength(replicate.Length, ObservationCount, nameof(replicate));
        var eta = new double[ObservationCount * _structure.PredictorCount];
        LinearPredictor(outputs, eta);
        Likelihood.Replicate(eta, FamilyValues(outputs), rng, replicate);
    }

    /// <summary>
    /// Fills <paramref name="eta"/> with the linear predictor X b + offset + Σ Z r at one draw of the reported
    /// quantities, in frame order: length N for every family but the categorical one, whose K − 1 predictors
    /// fill N × (K − 1) column-major (element (c − 2) · N + n is η_c of observation n for category c = 2..K;
    /// the reference category's η_1 = 0 is not stored).
    /// </summary>
    public void LinearPredictor(ReadOnlySpan<double> outputs, Span<double> eta)
    {
        var s = _structure;
        int n = ObservationCount;
        CheckLength(outputs.Length, s.OutputNames.Count, nameof(outputs));
        CheckLength(eta.Length, n * s.PredictorCount, nameof(eta));
        for (int d = 0; d < s.PredictorCount; d++)
            if (Frame.Offset is { } offset) offset.CopyTo(eta.Slice(d * n, n)); else eta.Slice(d * n, n).Clear();
        var x = Frame.Fixed.X;
        for (int j = 0; j < x.Columns; j++)
        {
            var etaJ = eta.Slice(s.ColumnPredictor[j] * n, n);
            TensorPrimitives.MultiplyAdd(x.Column(j), outputs[s.FixedOutput + j], etaJ, etaJ);
        }
        for (int t = 0; t < s.Blocks.Length; t++)
        {
            var term = s.Blocks[t].Term;
            GroupBlock.AddInFrameOrder(term, eta.Slice(s.BlockEtaStart[t], s.BlockEtaLength[t]), outputs.Slice(s.ROutput[t], term.CoefficientCount * term.LevelCount));
        }
    }

    /// <inheritdoc />
    public void DrawFromPrior(RandomStream rng, Span<double> outputs)
    {
        var s = _structure;
        CheckLength(outputs.Length, s.OutputNames.Count, nameof(outputs));
        // The coefficients as their priors see them (a centred intercept), then the reported ones.
        Span<double> b = new double[s.FixedCount];
        for (int j = 0; j < s.FixedCount; j++) b[j] = s.Priors.FixedEffects[j].Sample(rng);
        s.ReportedFromPriorScale(b, outputs.Slice(s.FixedOutput, s.FixedCount));
        for (int t = 0; t < s.Blocks.Length; t++)
        {
            var block = s.Blocks[t];
            int k = block.CoefficientCount, levels = block.LevelCount;
            Span<double> sd = new double[k];
            Span<double> factor = new double[k * k];
            for (int c = 0; c < k; c++) sd[c] = outputs[s.SdOutput[t] + c] = s.Priors.StandardDeviations[t][c].Sample(rng);
            if (block.Correlated)
            {
                Span<double> y = new double[CorrelationCholesky.FreeCount(k)];
                CorrelationCholesky.SampleFactor(rng, k, s.Priors.LkjEta[t], y, factor);
                CorrelationCholesky.Correlations(factor, k, outputs.Slice(s.CorOutput[t], y.Length));
            }
            else
            {
                factor.Clear();
                for (int c = 0; c < k; c++) factor[c * k + c] = 1.0;
            }
            var z = new double[k * levels];
            for (int i = 0; i < z.Length; i++) z[i] = rng.NextStandardNormal();
            var r = outputs.Slice(s.ROutput[t], k * levels);
            Effects(z, sd, factor, k, levels, r);
            if (block.Student)
            {
                // r = sqrt(df udf) sd L z with udf ~ inv_chi_square(df) = 1 / (2 Gamma(df / 2)) (HGLM_NOTES §4).
                double df = outputs[s.DfOutput[t]] = s.Priors.DegreesOfFreedom[t]!.Sample(rng);
                for (int j = 0; j < levels; j++)
                {
                    double udf = 0.5 * Math.Exp(-rng.NextLogGamma(0.5 * df));
                    double scale = Math.Sqrt(df * udf);
                    for (int c = 0; c < k; c++) r[c * levels + j] *= scale;
                }
            }
        }
        for (int i = 0; i < s.FamilyParameters.Count; i++)
            outputs[s.FamilyOutput + i] = s.Priors.FamilyParameters[i].Sample(rng);
        // Ordered cutpoints: independent draws from their priors, sorted (brms's prior restricted to the ordered region),
        // those of the centred predictors moved to the reported ones.
        if (s.OrderedCount > 0)
        {
            var cutpoints = outputs.Slice(s.FamilyOutput + s.OrderedStart, s.OrderedCount);
            cutpoints.Sort();
            if (s.CentredCutpoints) TensorPrimitives.Add(cutpoints, s.CutpointShift(b), cutpoints);
        }
    }

    /// <inheritdoc />
    public IStatisticalModel WithResponse(double[] response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var frame = Frame.WithResponse(response);
        var likelihood = Likelihood.WithResponse(response);
        var s = _structure;
        var sorted = IsIdentity(s.Order) ? likelihood : s.Likelihood.WithResponse(s.Order.Select(i => response[i]).ToArray());
        var structure = new GlmmStructure(frame, s.Terms, s.Order, sorted, s.Priors, Options, s.Predictors, s.Centred);
        return new GlmmModel(frame, Family, likelihood, structure, Options);
    }

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

    private double[] FamilyValues(ReadOnlySpan<double> outputs) =>
        outputs.Slice(_structure.FamilyOutput, _structure.FamilyParameters.Count).ToArray();

    /// <summary>The frame with the intercept column of X removed (an ordinal family's cutpoints replace it).</summary>
    private static ModelFrame WithoutIntercept(ModelFrame frame)
    {
        var design = frame.Fixed;
        int ic = design.InterceptColumn;
        if (ic < 0) return frame;
        var x = design.X;
        var keep = Enumerable.Range(0, x.Columns).Where(j => j != ic).ToArray();
        var values = new double[x.Rows * keep.Length];
        for (int j = 0; j < keep.Length; j++) x.Column(keep[j]).CopyTo(values.AsSpan(j * x.Rows, x.Rows));
        return frame with
        {
            Fixed = new FixedEffectsDesign
            {
                X = new ColumnMajorMatrix(x.Rows, keep.Length, values),
                CoefficientNames = keep.Select(j => design.CoefficientNames[j]).ToArray(),
                InterceptColumn = -1,
            },
        };
    }

    private static bool IsIdentity(int[] order)
    {
        for (int i = 0; i < order.Length; i++) if (order[i] != i) return false;
        return true;
    }

    private static ResponseData Permute(ResponseData response, int[] order)
    {
        static double[]? P(double[]? v, int[] o) => v is null ? null : o.Select(i => v[i]).ToArray();
        return response with
        {
            Values = P(response.Values, order)!,
            Trials = P(response.Trials, order),
            KnownStandardErrors = P(response.KnownStandardErrors, order),
        };
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected) throw new ArgumentException($"Expected length {expected}, got {actual}.", name);
    }

    /// <summary>Orders grouping factors as brms lists them: case-insensitively, then ordinally.</summary>
    private sealed class GroupNameComparer : IComparer<string>
    {
        public static readonly GroupNameComparer Instance = new();
        public int Compare(string? x, string? y)
        {
            int c = string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
            return c != 0 ? c : string.CompareOrdinal(x, y);
        }
    }
}
