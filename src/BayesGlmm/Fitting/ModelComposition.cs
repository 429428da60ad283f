// Builds a model from its description: data table, formula, model frame, family, priors, GLMM (the one composition point).
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Priors;
using BayesGlmm.Output;

namespace BayesGlmm.Fitting;

/// <summary>
/// Composes the modelling steps for a <see cref="ModelSpec"/> or a table in memory: <c>DataTable.ReadCsv</c> → <c>Formula.Parse</c>
/// → <c>ModelFrameBuilder.Build</c> → <c>FamilySpec.Parse</c> → <c>PriorSpec.Parse</c> → <c>GlmmModel.Create</c>.
/// Each step reports bad input as an <see cref="InputException"/>.
/// </summary>
public static class ModelComposition
{
    /// <summary>Reads the data file of <paramref name="spec"/> and builds the model.</summary>
    public static PreparedModel Prepare(ModelSpec spec) => Prepare(spec, new FitStages());

    /// <summary>
    /// Reads the data file of <paramref name="spec"/> and builds the model, recording the stages <c>read_data</c> and
    /// <c>build_model</c> in <paramref name="stages"/>.
    /// </summary>
    public static PreparedModel Prepare(ModelSpec spec, FitStages stages)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(stages);
        Formula.Parse(spec.Formula);
        FamilySpec.Parse(spec.Family);
        foreach (string prior in spec.Priors) PriorSpec.Parse(prior);
        var data = stages.Measure(FitStages.Names.ReadData, () => DataTable.ReadCsv(spec.DataPath, spec.Factors));
        return stages.Measure(FitStages.Names.BuildModel, () => Prepare(spec, data));
    }

    /// <summary>
    /// Builds the model of <paramref name="formula"/> and <paramref name="family"/> (with an optional link, e.g.
    /// <c>binomial(probit)</c>) on data in memory, with <paramref name="priors"/> such as <c>b ~ normal(0, 5)</c>.
    /// </summary>
    public static PreparedModel Prepare(DataTable data, string formula, string family = "gaussian", IReadOnlyList<string>? priors = null,
        string name = "model") =>
        Prepare(new ModelSpec(name, "", formula, family, priors ?? [], []), data);

    /// <summary>Builds the model of <paramref name="spec"/> on <paramref name="data"/> (its data path is only recorded).</summary>
    public static PreparedModel Prepare(ModelSpec spec, DataTable data)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        var formula = Formula.Parse(spec.Formula);
        var family = FamilySpec.Parse(spec.Family);
        var priors = spec.Priors.Select(PriorSpec.Parse).ToArray();
        var frame = ModelFrameBuilder.Build(data, formula);
        IFramedModel model = GlmmModel.Create(frame, family, priors, new GlmmOptions
        {
            JointConjugateEffects = spec.JointConjugateEffects, PriorOnly = spec.PriorOnly, Center = spec.Center, Effects = spec.Effects, QuadratureNodes = spec.QuadratureNodes,
            HierarchicalCentring = spec.Centring,
        });
        return new PreparedModel
        {
            Model = model,
            Name = spec.Name,
            Formula = spec.Formula,
            Family = family.Name + "(" + family.LinkName + ")",
            Priors = model.PriorsUsed.Select(p => new FitPriorRecord(p.Parameter, p.Prior, p.IsDefault)).ToArray(),
            PriorStatements = spec.Priors,
            Factors = spec.Factors,
            DataFile = spec.DataPath,
            Data = data,
            DataRows = data.RowCount,
            RowsUsed = frame.ObservationCount,
            RowsDropped = frame.DroppedRowCount,
            JointConjugateEffects = spec.JointConjugateEffects,
            Effects = spec.Effects,
            Centring = spec.Centring,
            QuadratureNodes = spec.QuadratureNodes,
            PriorOnly = spec.PriorOnly,
            Center = spec.Center,
            Init = spec.Init,
            Warnings = frame.Warnings,
        };
    }
}
