// PSIS-LOO and WAIC of a fit (in memory or saved) or of a log-likelihood matrix, and loo_compare of several fits.
using System.Globalization;
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;

namespace BayesGlmm.Comparison;

/// <summary>What <see cref="LooService"/> computes for one log-likelihood.</summary>
/// <param name="Loo">PSIS-LOO (Vehtari, Gelman &amp; Gabry 2017) with its Pareto k diagnostics.</param>
/// <param name="Waic">WAIC from the same log-likelihood.</param>
/// <param name="ObservationNames">A name per observation (1, 2, ... for a fit's rows; the levels for leave-one-cluster-out; the file's header otherwise).</param>
/// <param name="RelativeEfficiencyFromChains">Whether r_eff was estimated from the chains (else 1).</param>
public sealed record LooOutcome(LooResult Loo, WaicResult Waic, IReadOnlyList<string> ObservationNames, bool RelativeEfficiencyFromChains);

/// <summary>
/// Leave-one-out cross-validation as R's loo computes it. For a fit, the pointwise log-likelihood log p(y_i | draw)
/// is computed from the draws the summary uses and the (rebuilt) model, in memory-bounded blocks of observations
/// (<see cref="ModelLogLikelihood"/>), with r_eff from the chains.
/// </summary>
public static class LooService
{
    /// <summary>PSIS-LOO and WAIC of <paramref name="fit"/>, one value per observation.</summary>
    /// <exception cref="InputException">A saved fit whose data file is gone.</exception>
    public static LooOutcome Compute(FitResult fit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var logLikelihood = new ModelLogLikelihood(fit.Draws, fit.Model);
        var names = Enumerable.Range(1, logLikelihood.ObservationCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        return Compute(logLikelihood, names, fromChains: true, cancellationToken);
    }

    /// <summary>
    /// Leave-one-cluster-out PSIS-LOO of a fit with conjugate group-level effects that can be integrated out
    /// (<see cref="GlmmModel.ClusterLikelihood"/>): one value per level, its effect integrated out.
    /// </summary>
    /// <exception cref="InputException">The fit has no such effects.</exception>
    public static LooOutcome ComputeByCluster(FitResult fit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (fit.Model is not GlmmModel { ClusterLikelihood: { } clusters } model)
            throw new InputException($"{fit.Directory ?? fit.Record.Model.Name}: leaving one cluster out needs a model with gamma group-level effects, inverse_gamma effects with a log link, or beta effects with nothing else in the linear predictor; this fit has none.");
        return Compute(ClusterLogLikelihood.Compute(fit.Draws, model), clusters.Levels, fromChains: true, cancellationToken);
    }

    /// <summary>PSIS-LOO and WAIC of a log-likelihood matrix read by <see cref="LogLikelihoodCsv"/> (r_eff from its chains when it names them).</summary>
    public static LooOutcome Compute(LogLikelihoodFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Compute(file.Matrix, file.ObservationNames, file.HasChains, cancellationToken);
    }

    /// <summary>
    /// loo_compare of two or more fits of the same observations: elpd_diff and se_diff to the best, best first.
    /// </summary>
    /// <exception cref="InputException">Fewer than two fits.</exception>
    public static IReadOnlyList<ComparisonRow> Compare(IReadOnlyList<(string Name, FitResult Fit)> fits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fits);
        if (fits.Count < 2) throw new InputException("A comparison needs at least two fits.");
        return FitComparison.Compare(fits.Select(f => (f.Name, Compute(f.Fit, cancellationToken).Loo)).ToArray());
    }

    /// <summary>
    /// loo_compare of the fits saved in <paramref name="directories"/>, each named by its directory's last component
    /// (the path as given where two share one, a count where paths repeat); <paramref name="looOf"/> receives each fit's LOO.
    /// </summary>
    public static IReadOnlyList<ComparisonRow> Compare(IReadOnlyList<string> directories, Action<string, LooResult>? looOf = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directories);
        if (directories.Count < 2) throw new InputException("A comparison needs at least two fits.");
        var names = FitNames(directories);
        var fits = new List<(string Name, LooResult Loo)>(directories.Count);
        for (int f = 0; f < directories.Count; f++)
        {
            var loo = Compute(FitDirectory.Load(directories[f]), cancellationToken).Loo;
            looOf?.Invoke(names[f], loo);
            fits.Add((names[f], loo));
        }
        return FitComparison.Compare(fits);
    }

    private static LooOutcome Compute(IPointwiseLogLikelihood logLikelihood, IReadOnlyList<string> names, bool fromChains, CancellationToken cancellationToken) =>
        new(LeaveOneOut.Compute(logLikelihood, new LooOptions { EstimateRelativeEfficiency = fromChains }, cancellationToken),
            Waic.Compute(logLikelihood, cancellationToken: cancellationToken), names, fromChains);

    /// <summary>Each fit's name: its directory's last component, made unique by the path given or a count.</summary>
    private static string[] FitNames(IReadOnlyList<string> directories)
    {
        var shortNames = directories.Select(d => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)))).ToArray();
        var names = shortNames.Select((n, f) => shortNames.Count(m => m == n) > 1 ? directories[f] : n).ToArray();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int f = 0; f < names.Length; f++)
        {
            int count = seen.TryGetValue(names[f], out int c) ? c + 1 : 1;
            seen[names[f]] = count;
            if (count > 1) names[f] += $" ({count})";
        }
        return names;
    }
}
