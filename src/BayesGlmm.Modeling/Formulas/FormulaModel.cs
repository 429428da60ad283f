// The parsed model: response, population-level terms, offsets and group-level terms after R's term algebra.
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Formulas;

/// <summary>
/// The left-hand side: the response expression and its brms additions (<c>| trials(n)</c>, <c>| se(s)</c>), or
/// lme4's <c>cbind(successes, failures)</c>.
/// </summary>
public sealed record ResponseSpec
{
    /// <summary>The response as written (<c>y</c>, <c>log(y)</c>); for <c>cbind(r, n - r)</c> the successes <c>r</c>.</summary>
    public required Expression Expression { get; init; }

    /// <summary>The response text as written in the formula.</summary>
    public required string Text { get; init; }

    /// <summary>The trials of <c>| trials(n)</c>, or null.</summary>
    public Expression? Trials { get; init; }

    /// <summary>The failures of <c>cbind(r, f)</c> (trials are r + f), or null.</summary>
    public Expression? Failures { get; init; }

    /// <summary>The known standard errors of <c>| se(s)</c>, or null.</summary>
    public Expression? StandardError { get; init; }
}

/// <summary>One term of a model matrix: the product of its factors (columns or expressions), e.g. <c>zBase:Trt</c>.</summary>
/// <param name="Factors">The factors in R's variable order (order of first appearance in the formula).</param>
public sealed record ModelTerm(IReadOnlyList<Expression> Factors)
{
    /// <summary>R's term label: the factors' deparsed texts joined by <c>:</c>.</summary>
    public string Label => string.Join(":", Factors.Select(f => f.Deparse()));

    /// <summary>The number of factors (R's order of the term).</summary>
    public int Order => Factors.Count;

    /// <inheritdoc />
    public override string ToString() => Label;
}

/// <summary>The terms of one side of a model matrix: the intercept and the terms in R's order (by order, then as written).</summary>
/// <param name="HasIntercept">Whether R's implicit intercept is present (<c>1</c>, not removed by <c>0 +</c> or <c>- 1</c>).</param>
/// <param name="Terms">The terms, lower orders first, duplicates removed, as <c>terms.formula</c> orders them.</param>
public sealed record TermList(bool HasIntercept, IReadOnlyList<ModelTerm> Terms);

/// <summary>
/// One group-level term after expansion: <c>(1 + x | g)</c>; <c>(1 | a/b)</c> gives two, for <c>a</c> and <c>a:b</c>.
/// </summary>
public sealed record GroupTermSpec
{
    /// <summary>The coefficients' model-matrix terms (the left of the bar).</summary>
    public required TermList Coefficients { get; init; }

    /// <summary>The grouping columns; several for an interaction <c>g1:g2</c>.</summary>
    public required IReadOnlyList<VariableExpression> GroupVariables { get; init; }

    /// <summary>The brms group name: <c>g</c>, <c>g1:g2</c>.</summary>
    public string GroupName => string.Join(":", GroupVariables.Select(v => v.Name));

    /// <summary>False for <c>||</c> or <c>gr(g, cor = FALSE)</c>.</summary>
    public bool Correlated { get; init; } = true;

    /// <summary>The effect distribution from <c>gr(g, dist = ...)</c>.</summary>
    public RandomEffectDistribution Distribution { get; init; } = RandomEffectDistribution.Normal;

    /// <summary>brms's ID of <c>(1 | p | g)</c>, which correlates the term across a categorical model's categories, or null.</summary>
    public string? Id { get; init; }

    /// <summary>The term as written.</summary>
    public required string Text { get; init; }

    /// <summary>The 0-based position of the term in the formula.</summary>
    public int Position { get; init; }
}
