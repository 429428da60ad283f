// The immutable parts of a model's log density, shared by every chain's evaluator: the fixed effects, the family parameters, the blocks, the layouts.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Modeling.RandomEffects;

namespace BayesGlmm.Modeling.Glmm;

/// <summary>
/// Everything a <see cref="GlmmEvaluator"/> reads: the observations in evaluation order (possibly sorted,
/// <see cref="ObservationOrder"/>), the bound likelihood, the three parts of the model — <see cref="Fixed"/> (X b + offset),
/// <see cref="Family"/> (the family's own parameters) and the random-effect <see cref="Blocks"/> (<see cref="IRandomEffectBlock"/>)
/// — and the two layouts.
/// </summary>
/// <remarks>
/// Unconstrained position: b (P; a centred intercept when centring), the family parameters (F), every block's
/// hyperparameters block by block, then every block's latent values block by block. Reported outputs (brms order): b (P),
/// the blocks' hyper outputs class by class (every sd, every cor in the order (1,2), (1,3), (2,3), ..., every df, every
/// lambda), the family parameters, the blocks' effects block by block; an ordinal family's cutpoints (with any other
/// family parameter) come first. Blocks are in output order: by group name, as brms orders groups.
/// </remarks>
public sealed class GlmmStructure
{
    internal GlmmStructure(ModelFrame frame, IReadOnlyList<GroupTerm> terms, int[] order, IFamilyLikelihood sortedLikelihood,
        ModelPriors priors, GlmmOptions options, LinearPredictors predictors, bool centred, BlockPlan[] plans, BlockPlan[] uncentredPlans)
    {
        if (predictors.Count != sortedLikelihood.LinearPredictorCount)
            throw new ArgumentException($"The family has {sortedLikelihood.LinearPredictorCount} linear predictors, the design {predictors.Count}.", nameof(predictors));
        Frame = frame;
        Terms = terms;
        Order = order;
        Likelihood = sortedLikelihood;
        Priors = priors;
        PriorOnly = options.PriorOnly;
        Options = options;
        Plans = plans;
        UncentredPlans = uncentredPlans;
        ObservationCount = frame.ObservationCount;
        bool centredCutpoints = centred && sortedLikelihood is IOrderedFamilyParameters { OrderedCount: > 0 };
        Fixed = new FixedEffects(frame, order, predictors, priors.FixedEffects, options, centred, centredCutpoints);
        int position = Fixed.Count;
        Family = new FamilyParameterSet(sortedLikelihood, priors.FamilyParameters, position);
        position += Family.Count;

        // The blocks, built for the evaluation order (a term over every category has N rows per predictor, stacked).
        int n = ObservationCount, d = predictors.Count;
        var stackedOrder = new int[n * d];
        for (int p = 0; p < d; p++)
            for (int i = 0; i < n; i++) stackedOrder[p * n + i] = p * n + order[i];
        var blocks = plans.Select(p => p.Build(frame, order, stackedOrder, Fixed.X)).ToArray();
        if (blocks.Count(b => b.IsIntegrated) > 1)
            throw new InputException("At most one group-level term can have its effects integrated out; sample the others jointly.");

        // Position: hyperparameters block by block, then latent values block by block.
        var hyper = new int[blocks.Length];
        var latent = new int[blocks.Length];
        for (int b = 0; b < blocks.Length; b++) { hyper[b] = position; position += blocks[b].HyperparameterCount; }
        for (int b = 0; b < blocks.Length; b++) { latent[b] = position; position += blocks[b].LatentCount; }
        Dimension = position;

        // Outputs.
        var names = new List<string>();
        var familyNames = Family.Parameters.Select((p, i) => Family.IsOrdered(i) ? "b_" + p.Name : p.Name).ToArray();
        if (Family.OrderedCount > 0)
        {
            Family.Output = 0;
            names.AddRange(familyNames);
        }
        FixedOutput = names.Count;
        names.AddRange(Fixed.OutputNames);
        var hyperOutputs = blocks.Select(b => new int[b.HyperOutputs.Count]).ToArray();
        foreach (string cls in blocks.SelectMany(b => b.HyperOutputs.Select(g => g.Class)).Distinct())
            for (int b = 0; b < blocks.Length; b++)
                for (int g = 0; g < blocks[b].HyperOutputs.Count; g++)
                {
                    if (blocks[b].HyperOutputs[g].Class != cls) continue;
                    hyperOutputs[b][g] = names.Count;
                    names.AddRange(blocks[b].HyperOutputs[g].Names);
                }
        if (Family.OrderedCount == 0)
        {
            Family.Output = names.Count;
            names.AddRange(familyNames);
        }
        var effects = new int[blocks.Length];
        for (int b = 0; b < blocks.Length; b++)
        {
            effects[b] = names.Count;
            names.AddRange(blocks[b].EffectOutputs);
        }
        OutputNames = names;
        Blocks = new IRandomEffectBlock[blocks.Length];
        for (int b = 0; b < blocks.Length; b++)
        {
            int predictor = plans[b].Predictor;
            Blocks[b] = blocks[b].Place(new BlockLayout
            {
                HyperparameterOffset = hyper[b],
                LatentOffset = latent[b],
                HyperOutputOffsets = hyperOutputs[b],
                EffectOutputOffset = effects[b],
                EtaStart = predictor < 0 ? 0 : predictor * n,
                EtaLength = predictor < 0 ? n * d : n,
            });
        }
    }

    /// <summary>Whether the log density leaves the likelihood out (<see cref="GlmmOptions.PriorOnly"/>).</summary>
    public bool PriorOnly { get; }

    /// <summary>The model frame (frame order).</summary>
    public ModelFrame Frame { get; }

    /// <summary>The group-level terms in output order (sorted by group name, as brms orders them), one block each.</summary>
    public IReadOnlyList<GroupTerm> Terms { get; }

    /// <summary>Order[n] = frame row of evaluation-order observation n.</summary>
    public int[] Order { get; }

    /// <summary>The likelihood bound to the response in evaluation order.</summary>
    public IFamilyLikelihood Likelihood { get; }

    /// <summary>The priors in force of the coefficients, the family parameters and the normal and Student-t terms.</summary>
    public ModelPriors Priors { get; }

    /// <summary>The options the model was built with.</summary>
    public GlmmOptions Options { get; }

    /// <summary>The population-level part: X b + offset, the centring and the coefficients' priors.</summary>
    public FixedEffects Fixed { get; }

    /// <summary>The family's own parameters.</summary>
    public FamilyParameterSet Family { get; }

    /// <summary>The random-effect blocks, placed, in output order.</summary>
    public IRandomEffectBlock[] Blocks { get; }

    /// <summary>N.</summary>
    public int ObservationCount { get; }

    /// <summary>The number of unconstrained parameters.</summary>
    public int Dimension { get; }

    /// <summary>The reported names.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Where the population-level coefficients start in the outputs (after the cutpoints of an ordinal family, else 0).</summary>
    public int FixedOutput { get; }

    /// <summary>P, the number of columns of X.</summary>
    public int FixedCount => Fixed.Count;

    /// <summary>The intercept column of the single linear predictor, or −1 (also when there are several predictors: see <see cref="Predictors"/>).</summary>
    public int InterceptColumn => Predictors.Count == 1 ? Predictors.InterceptColumns[0] : -1;

    /// <summary>The linear predictors: which predictor every column and term feeds, and their intercepts.</summary>
    public LinearPredictors Predictors => Fixed.Predictors;

    /// <summary>The number of linear predictors D (1 except for the categorical family); the linear predictor is N × D, column-major.</summary>
    public int PredictorCount => Fixed.PredictorCount;

    /// <summary>X in evaluation order (see <see cref="FixedEffects.X"/>).</summary>
    public ColumnMajorMatrix X => Fixed.X;

    /// <summary>Whether each column of X is all ones.</summary>
    public bool[] ColumnIsOnes => Fixed.ColumnIsOnes;

    /// <summary>The offset in evaluation order, repeated for each linear predictor, or null.</summary>
    public double[]? Offset => Fixed.Offset;

    /// <summary>The family parameters.</summary>
    public IReadOnlyList<FamilyParameter> FamilyParameters => Family.Parameters;

    /// <summary>Where the family parameters start in the position.</summary>
    public int FamilyOffset => Family.Offset;

    /// <summary>Where the family parameters start in the outputs.</summary>
    public int FamilyOutput => Family.Output;

    /// <summary>The same structure with the response of <paramref name="frame"/> bound in evaluation order by <paramref name="sortedLikelihood"/>.</summary>
    internal GlmmStructure WithResponse(ModelFrame frame, IFamilyLikelihood sortedLikelihood) =>
        new(frame, Terms, Order, sortedLikelihood, Priors, Options, Fixed.Predictors, Fixed.Centred, Plans, UncentredPlans);

    /// <summary>The plans its blocks were built from.</summary>
    internal BlockPlan[] Plans { get; }

    /// <summary>The same plans before hierarchical centring (<see cref="RandomEffectBlocks.Centred"/>).</summary>
    internal BlockPlan[] UncentredPlans { get; }

    /// <summary>The block holding <paramref name="term"/> (a term of the frame) and the term's index in it, or (null, −1).</summary>
    public (IRandomEffectBlock? Block, int Term) BlockOf(GroupTerm term)
    {
        foreach (var block in Blocks)
            for (int t = 0; t < block.Terms.Count; t++)
                if (ReferenceEquals(block.Terms[t], term)) return (block, t);
        return (null, -1);
    }
}
