// A model ready for sampling, with the facts about it that the outputs record.
using BayesGlmm.Modeling;
using BayesGlmm.Output;

namespace BayesGlmm.Fitting;

/// <summary>A model built from its data, with what the printed summary and fit.json say about it.</summary>
public sealed record PreparedModel
{
    /// <summary>The model to sample.</summary>
    public required IStatisticalModel Model { get; init; }

    /// <summary>The model's name.</summary>
    public required string Name { get; init; }

    /// <summary>The formula as written.</summary>
    public required string Formula { get; init; }

    /// <summary>The family and link, e.g. <c>gaussian(identity)</c>.</summary>
    public required string Family { get; init; }

    /// <summary>The priors in use (given and default).</summary>
    public IReadOnlyList<FitPriorRecord> Priors { get; init; } = [];

    /// <summary>The prior statements as given, e.g. <c>b ~ normal(0, 5)</c>.</summary>
    public IReadOnlyList<string> PriorStatements { get; init; } = [];

    /// <summary>Columns declared categorical.</summary>
    public IReadOnlyList<string> Factors { get; init; } = [];

    /// <summary>The data file (full path), or empty when the data was given in memory.</summary>
    public required string DataFile { get; init; }

    /// <summary>The data table the model was built from.</summary>
    public Modeling.Data.DataTable? Data { get; init; }

    /// <summary>Rows in the data file.</summary>
    public int DataRows { get; init; }

    /// <summary>Rows used after dropping those with missing values.</summary>
    public int RowsUsed { get; init; }

    /// <summary>Rows dropped for missing values.</summary>
    public int RowsDropped { get; init; }

    /// <summary>Warnings about the model as written (<see cref="Modeling.Frames.ModelFrame.Warnings"/>), one sentence each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Whether conjugate group-level effects are sampled jointly (<see cref="ModelSpec.JointConjugateEffects"/>).</summary>
    public bool JointConjugateEffects { get; init; }

    /// <summary>How normal group-level effects enter the log density (<see cref="ModelSpec.Effects"/>).</summary>
    public Modeling.EffectsRoute Effects { get; init; }

    /// <summary>How nested random intercepts are sampled (<see cref="ModelSpec.Centring"/>).</summary>
    public Modeling.HierarchicalCentring Centring { get; init; }

    /// <summary>The quadrature route's nodes per cluster (<see cref="ModelSpec.QuadratureNodes"/>).</summary>
    public int QuadratureNodes { get; init; }

    /// <summary>Whether the prior is sampled alone (<see cref="ModelSpec.PriorOnly"/>).</summary>
    public bool PriorOnly { get; init; }

    /// <summary>brms's <c>center</c> (<see cref="ModelSpec.Center"/>).</summary>
    public bool Center { get; init; } = true;

    /// <summary>How the chains start (<see cref="ModelSpec.Init"/>).</summary>
    public ChainStart Init { get; init; } = ChainStart.Mode;
}
