// A fit in memory: brms-named draws, their summary and diagnostics, the settings, and the record that fit.json holds.
using BayesGlmm.Analysis.Summaries;
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Output;
using BayesGlmm.Reporting;
using BayesGlmm.Sampling;

namespace BayesGlmm.Fitting;

/// <summary>
/// The result of <see cref="FitService.Fit(PreparedModel, SamplerOptions, IProgress{FitProgress}?, CancellationToken, IDrawListener?)"/>
/// or of <see cref="FitDirectory.Load"/>: nothing in it refers to a file unless it was read from one.
/// <see cref="FitWriter"/> writes it as an output directory.
/// </summary>
/// <remarks>
/// An interrupted run keeps every draw made (<see cref="AllDraws"/>, chain c holding <c>Record.Chains[c].Draws</c>
/// of them). Its chains may have stopped at different points; the summary, R-hat and ESS need chains of one length
/// and use the largest equal-length block (<see cref="EqualLengthChains.Largest"/>): <see cref="Draws"/>, with the
/// chains listed in <see cref="FitRecord.SummaryChains"/>.
/// </remarks>
public sealed record FitResult
{
    private readonly Lazy<PreparedModel?> _model;

    /// <summary>Creates a result; <paramref name="model"/> gives the fitted model with its data (null when it cannot be rebuilt).</summary>
    public FitResult(Func<PreparedModel?> model) => _model = new Lazy<PreparedModel?>(model);

    /// <summary>What fit.json records: the model, data, settings, every chain's outcome, timing and diagnostics.</summary>
    public required FitRecord Record { get; init; }

    /// <summary>The sampler settings of the run.</summary>
    public required SamplerOptions Settings { get; init; }

    /// <summary>
    /// The draws the summary is computed on: the model's reported quantities under brms names, then the sampler
    /// quantities (<c>lp__</c>, <c>accept_stat__</c>, ...). Every draw of every chain unless the run was interrupted.
    /// </summary>
    public required Draws Draws { get; init; }

    /// <summary>Every draw made, in the layout of <see cref="Draws"/>: chain c holds its first <c>Record.Chains[c].Draws</c> iterations.</summary>
    public required Draws AllDraws { get; init; }

    /// <summary>One summary row per reported quantity and <c>lp__</c> (the rows of summary.csv).</summary>
    public required IReadOnlyList<SummaryRow> Summary { get; init; }

    /// <summary>Sampler and convergence diagnostics with warnings.</summary>
    public required FitDiagnostics Diagnostics { get; init; }

    /// <summary>Each chain's adapted inverse metric (empty for a chain that made no draw or when unknown).</summary>
    public IReadOnlyList<double[]> InverseMetrics { get; init; } = [];


    /// <summary>
    /// The run's stage recorder: what writes further outputs into the directory (plots, the report) records its
    /// stages here, and fit.json, written last, lists them all. Empty for a fit read from its directory.
    /// </summary>
    public FitStages Stages { get; init; } = new();

    /// <summary>The directory the fit was read from or written to, or null for a fit only in memory.</summary>
    public string? Directory { get; init; }

    /// <summary>True when the run was interrupted and holds only the draws made by then.</summary>
    public bool Cancelled => Record.Cancelled;

    /// <summary>The fitted model, or null when it cannot be rebuilt (a saved fit whose data file is gone).</summary>
    public IStatisticalModel? TryGetModel() => _model.Value?.Model;

    /// <summary>The fitted model (for a saved fit, rebuilt from its record and data file on first use).</summary>
    /// <exception cref="InputException">A saved fit whose data file no longer exists.</exception>
    public IStatisticalModel Model => Prepared.Model;

    /// <summary>The fitted model with the data table it was built from.</summary>
    /// <exception cref="InputException">A saved fit whose data file no longer exists.</exception>
    public PreparedModel Prepared => _model.Value
        ?? throw new InputException($"{Directory ?? Record.Model.Name}: the fit's data file '{Record.Data.File}' no longer exists; the model cannot be rebuilt without it.");

    /// <summary>The data table the model was fitted to (for a saved fit, read again from its data file).</summary>
    public DataTable Data => Prepared.Data ?? throw new InvalidOperationException("The fitted model was built without its data table.");

    /// <summary>Whether the data was given in memory (it has no data file until the fit is written, as data.csv).</summary>
    public bool DataInMemory => Record.Data.File.Length == 0;

    /// <summary>The draws of one variable in one chain (0-based), every draw it made.</summary>
    public ReadOnlySpan<double> ChainDraws(string variable, int chain)
    {
        int v = AllDraws.IndexOf(variable);
        if (v < 0) throw new KeyNotFoundException($"No variable named '{variable}'.");
        return AllDraws.Chain(v, chain)[..Record.Chains[chain].Draws];
    }

    /// <summary>The draws of one variable that the summary uses, all chains one after another.</summary>
    public double[] DrawsOf(string variable)
    {
        int v = Draws.IndexOf(variable);
        if (v < 0) throw new KeyNotFoundException($"No variable named '{variable}'.");
        return Draws.AllChains(v).ToArray();
    }

    /// <summary>The printed summary in brms's layout, with 95% intervals.</summary>
    public string SummaryText => FitSummaryText.Format(this);

    /// <summary>The printed summary with central intervals of probability <paramref name="probability"/> (brms's <c>prob</c>).</summary>
    public string FormatSummary(double probability) => FitSummaryText.Format(this, probability);
}
