// A model whose log prior is a sum of named terms, each in a parameter class, for power-scaling selected priors.
using BayesGlmm.Modeling.Priors;

namespace BayesGlmm.Modeling;

/// <summary>
/// Optional companion of <see cref="IStatisticalModel"/>: the joint log prior split into one term per prior in
/// force, each labelled with its parameter and its class, so that power-scaling can perturb some priors and not
/// others (priorsense's <c>prior_selection</c>; Kallioinen et al. 2023, §2). A model that does not implement it
/// offers only its joint <see cref="IStatisticalModel.LogPrior"/>.
/// </summary>
/// <remarks>
/// Contract: <see cref="LogPriorTerms"/> fills one value per entry of <see cref="PriorTerms"/>, and the values
/// summed in that order equal <see cref="IStatisticalModel.LogPrior"/> at the same draw (bit for bit when the
/// model sums in the same order). Like <see cref="IStatisticalModel.LogPrior"/>, the terms carry no Jacobian and
/// no density of group-level effects given their hyperparameters. Safe to call from several threads.
/// </remarks>
public interface IPriorClasses
{
    /// <summary>The prior terms, in the order <see cref="LogPriorTerms"/> fills them.</summary>
    IReadOnlyList<PriorTerm> PriorTerms { get; }

    /// <summary>Fills <paramref name="logPriors"/> (one per <see cref="PriorTerms"/> entry) at one draw of the reported quantities.</summary>
    void LogPriorTerms(ReadOnlySpan<double> outputs, Span<double> logPriors);
}
