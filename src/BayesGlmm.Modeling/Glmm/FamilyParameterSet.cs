// The family's own parameters in a model: their transforms, priors, outputs and prior draws (ordered cutpoints included).
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Glmm;

/// <summary>
/// The family parameters θ (sigma, shape, phi, nu, an ordinal family's cutpoints): sampled as log(θ − lower bound), with
/// that Jacobian, and cutpoints through <see cref="OrderedCutpoints"/>; each with its prior (truncated at its bound). A
/// centred ordinal model samples the cutpoints of the centred predictors; the reported ones add Σ_j mean_j b_j (the
/// <c>shift</c> of the methods below, from <see cref="FixedEffects.CutpointShift"/>).
/// </summary>
public sealed class FamilyParameterSet
{
    internal FamilyParameterSet(IFamilyLikelihood likelihood, IReadOnlyList<BoundedPrior> priors, int offset)
    {
        Parameters = likelihood.Parameters;
        Priors = priors;
        Offset = offset;
        if (likelihood is IOrderedFamilyParameters { OrderedCount: > 0 } ordinal)
        {
            OrderedStart = ordinal.OrderedStart;
            OrderedCount = ordinal.OrderedCount;
        }
    }

    /// <summary>The family parameters.</summary>
    public IReadOnlyList<FamilyParameter> Parameters { get; }

    /// <summary>The number of family parameters F.</summary>
    public int Count => Parameters.Count;

    /// <summary>One prior per parameter.</summary>
    public IReadOnlyList<BoundedPrior> Priors { get; }

    /// <summary>Where the parameters start in the position.</summary>
    public int Offset { get; }

    /// <summary>Where they start in the outputs (set once the outputs are laid out).</summary>
    public int Output { get; internal set; }

    /// <summary>The first parameter sampled through <see cref="OrderedCutpoints"/> (0 when none).</summary>
    public int OrderedStart { get; }

    /// <summary>How many parameters are ordered cutpoints (0 for families without them).</summary>
    public int OrderedCount { get; }

    /// <summary>Whether parameter <paramref name="i"/> is an ordered cutpoint.</summary>
    public bool IsOrdered(int i) => i >= OrderedStart && i < OrderedStart + OrderedCount;

    /// <summary>θ from the position (θ = lb + e^u; cutpoints τ_1 = u_1, τ_k = τ_{k−1} + e^(u_k)); adds the log Jacobians to <paramref name="extra"/>.</summary>
    internal void Forward(ReadOnlySpan<double> position, Span<double> theta, ref double extra)
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            if (IsOrdered(i)) continue;
            double u = position[Offset + i];
            theta[i] = Parameters[i].LowerBound + Math.Exp(u);
            extra += u;
        }
        if (OrderedCount > 0)
            extra += OrderedCutpoints.Constrain(position.Slice(Offset + OrderedStart, OrderedCount), theta.Slice(OrderedStart, OrderedCount));
    }

    /// <summary>
    /// Adds the priors of θ to <paramref name="logPrior"/> and ∂/∂u = (∂ℓ/∂θ + ∂ log p(θ)/∂θ)(θ − lb) + 1 (through the
    /// ordered transform for cutpoints) to <paramref name="gradient"/>; <paramref name="gradientTheta"/> holds ∂ℓ/∂θ and is
    /// used as scratch.
    /// </summary>
    internal void Backward(ReadOnlySpan<double> position, ReadOnlySpan<double> theta, Span<double> gradientTheta, Span<double> gradient, ref double logPrior)
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            double lp = Priors[i].LogDensity(theta[i], out double d);
            logPrior += lp;
            if (IsOrdered(i)) { gradientTheta[i] += d; continue; }
            double e = theta[i] - Parameters[i].LowerBound;
            gradient[Offset + i] += (gradientTheta[i] + d) * e + 1.0;
        }
        if (OrderedCount > 0)
            OrderedCutpoints.ChainGradient(position.Slice(Offset + OrderedStart, OrderedCount),
                gradientTheta.Slice(OrderedStart, OrderedCount), gradient.Slice(Offset + OrderedStart, OrderedCount));
    }

    /// <summary>Writes θ (reported cutpoints: the sampled ones plus <paramref name="shift"/>).</summary>
    internal void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, double shift)
    {
        for (int i = 0; i < Parameters.Count; i++)
            if (!IsOrdered(i)) outputs[Output + i] = Parameters[i].LowerBound + Math.Exp(position[Offset + i]);
        if (OrderedCount > 0)
        {
            var cutpoints = outputs.Slice(Output + OrderedStart, OrderedCount);
            OrderedCutpoints.Constrain(position.Slice(Offset + OrderedStart, OrderedCount), cutpoints);
            if (shift != 0.0) System.Numerics.Tensors.TensorPrimitives.Add(cutpoints, shift, cutpoints);
        }
    }

    /// <summary>The position of θ from its outputs; false outside the support (θ ≤ lb, cutpoints not increasing).</summary>
    internal bool TryWritePosition(ReadOnlySpan<double> outputs, Span<double> position, double shift)
    {
        for (int i = OrderedStart + 1; i < OrderedStart + OrderedCount; i++)
            if (!(outputs[Output + i] > outputs[Output + i - 1])) return false;
        if (OrderedCount > 0)
        {
            if (!double.IsFinite(outputs[Output + OrderedStart])) return false;
            Span<double> centred = outputs.Slice(Output + OrderedStart, OrderedCount).ToArray();
            if (shift != 0.0) System.Numerics.Tensors.TensorPrimitives.Subtract(centred, shift, centred);
            OrderedCutpoints.Unconstrain(centred, position.Slice(Offset + OrderedStart, OrderedCount));
        }
        for (int i = 0; i < Parameters.Count; i++)
        {
            if (IsOrdered(i)) continue;
            double e = outputs[Output + i] - Parameters[i].LowerBound;
            if (!(e > 0)) return false;
            position[Offset + i] = Math.Log(e);
        }
        return true;
    }

    /// <summary>
    /// The prior terms: each parameter by its reported name with its name as class, cutpoints of class <c>Intercept</c>
    /// (labelled <c>Intercept[k]</c> when <paramref name="centredCutpoints"/>).
    /// </summary>
    internal IEnumerable<PriorTerm> PriorTerms(IReadOnlyList<string> outputNames, bool centredCutpoints)
    {
        for (int i = 0; i < Parameters.Count; i++)
            yield return IsOrdered(i)
                ? new(centredCutpoints ? Parameters[i].Name : outputNames[Output + i], "Intercept")
                : new(outputNames[Output + i], Parameters[i].Name);
    }

    /// <summary>
    /// One log prior per parameter at the reported θ (cutpoints less <paramref name="shift"/>). Cutpoints out of order make the
    /// first cutpoint's term −∞, as they make the joint prior −∞.
    /// </summary>
    internal void LogPriorTerms(ReadOnlySpan<double> outputs, Span<double> logPriors, double shift)
    {
        for (int i = 0; i < Parameters.Count; i++)
            logPriors[i] = Priors[i].LogDensity(outputs[Output + i] - (IsOrdered(i) ? shift : 0.0), out _);
        for (int i = OrderedStart + 1; i < OrderedStart + OrderedCount; i++)
            if (!(outputs[Output + i] > outputs[Output + i - 1])) logPriors[OrderedStart] = double.NegativeInfinity;
    }

    /// <summary>
    /// Draws θ from the priors; cutpoints independently from theirs and sorted (brms's prior restricted to the ordered
    /// region), then moved by <paramref name="shift"/> to the reported ones.
    /// </summary>
    internal void DrawFromPrior(RandomStream rng, Span<double> outputs, double shift)
    {
        for (int i = 0; i < Parameters.Count; i++) outputs[Output + i] = Priors[i].Sample(rng);
        if (OrderedCount > 0)
        {
            var cutpoints = outputs.Slice(Output + OrderedStart, OrderedCount);
            cutpoints.Sort();
            if (shift != 0.0) System.Numerics.Tensors.TensorPrimitives.Add(cutpoints, shift, cutpoints);
        }
    }
}
