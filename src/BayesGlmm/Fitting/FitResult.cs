// What a fit produced: the output directory, the draws, their summary, diagnostics and the fit record.
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Diagnostics;
using BayesGlmm.Output;
using BayesGlmm.Reporting;

namespace BayesGlmm.Fitting;

/// <summary>The result of a fit by <see cref="FitService"/>.</summary>
public sealed record FitResult
{
    /// <summary>The complete output directory.</summary>
    public required string Directory { get; init; }

    /// <summary>The draws of every chain: the reported quantities (brms names), then the sampler quantities.</summary>
    public required Draws Draws { get; init; }

    /// <summary>The summary rows written to summary.csv.</summary>
    public required IReadOnlyList<SummaryRow> Summary { get; init; }

    /// <summary>Sampler and convergence diagnostics with warnings.</summary>
    public required FitDiagnostics Diagnostics { get; init; }

    /// <summary>The record written to fit.json.</summary>
    public required FitRecord Record { get; init; }

    /// <summary>The printed, brms-style summary.</summary>
    public required string SummaryText { get; init; }

    /// <summary>
    /// The run's stage recorder: what writes further outputs into the directory (plots, the report) records its
    /// stages here, and fit.json, written last, lists them all.
    /// </summary>
    public FitStages Stages { get; init; } = new();

    /// <summary>True when the run was interrupted and holds only the draws finished by then.</summary>
    public bool Cancelled { get; init; }
}
