// Per-draw log prior and log likelihood read from draws (lprior, lprior[i], lprior_TAG, log_lik, log_lik[i]).
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Analysis.Sensitivity;

/// <summary>
/// Builds the per-draw log prior and log likelihood that power-scaling needs from variables stored with
/// the draws, as priorsense reads a brms fit: ℓ_prior = the sum of the selected <c>lprior</c> variables
/// (<c>lprior</c>, <c>lprior[i]</c> or <c>lprior_TAG</c>), ℓ_lik = the sum of <c>log_lik</c> or <c>log_lik[i]</c>.
/// Values are in <see cref="Draws.AllChains"/> order (chain 1 first).
/// </summary>
public static class LogDensityComponents
{
    /// <summary>True for a variable that holds (part of) the log prior.</summary>
    public static bool IsLogPrior(string variable) =>
        variable == "lprior" || variable.StartsWith("lprior[", StringComparison.Ordinal) || variable.StartsWith("lprior_", StringComparison.Ordinal);

    /// <summary>True for a variable that holds (part of) the log likelihood.</summary>
    public static bool IsLogLikelihood(string variable) =>
        variable == "log_lik" || variable.StartsWith("log_lik[", StringComparison.Ordinal);

    /// <summary>
    /// The selection tag of a log-prior variable: TAG of <c>lprior_TAG</c>, i of <c>lprior[i]</c>, "" for <c>lprior</c>.
    /// </summary>
    public static string Tag(string variable) =>
        variable.StartsWith("lprior_", StringComparison.Ordinal) ? variable["lprior_".Length..]
        : variable.StartsWith("lprior[", StringComparison.Ordinal) ? variable["lprior[".Length..].TrimEnd(']')
        : "";

    /// <summary>
    /// The summed log prior over the selected components (all when <paramref name="selection"/> is null).
    /// Throws <see cref="ArgumentException"/> naming a selected class with no lprior variable, or when there is none.
    /// </summary>
    public static double[] LogPrior(Draws draws, IReadOnlyCollection<string>? selection = null)
    {
        ArgumentNullException.ThrowIfNull(draws);
        var components = draws.Variables.Where(IsLogPrior).ToList();
        if (components.Count == 0)
            throw new ArgumentException("The draws hold no log prior (a variable lprior, lprior[i] or lprior_TAG).", nameof(draws));
        if (selection is not null)
        {
            var tags = components.Select(Tag).ToHashSet(StringComparer.Ordinal);
            foreach (string wanted in selection)
                if (!tags.Contains(wanted))
                    throw new ArgumentException(
                        $"No prior component '{wanted}' to select; the draws have {string.Join(", ", components)}.", nameof(selection));
            components = components.Where(c => selection.Contains(Tag(c))).ToList();
        }
        return Sum(draws, components);
    }

    /// <summary>The summed log likelihood. Throws <see cref="ArgumentException"/> when the draws hold none.</summary>
    public static double[] LogLikelihood(Draws draws)
    {
        ArgumentNullException.ThrowIfNull(draws);
        var components = draws.Variables.Where(IsLogLikelihood).ToList();
        if (components.Count == 0)
            throw new ArgumentException("The draws hold no log likelihood (a variable log_lik or log_lik[i]).", nameof(draws));
        return Sum(draws, components);
    }

    private static double[] Sum(Draws draws, IEnumerable<string> variables)
    {
        var total = new double[draws.DrawCount];
        foreach (string variable in variables)
        {
            ReadOnlySpan<double> values = draws.AllChains(draws.IndexOf(variable));
            for (int i = 0; i < total.Length; i++) total[i] += values[i];
        }
        return total;
    }
}
