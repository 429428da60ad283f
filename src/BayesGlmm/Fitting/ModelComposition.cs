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
/// Composes the modelling steps for a <see cref="ModelSpec"/>: <c>DataTable.ReadCsv</c> → <c>Formula.Parse</c>
/// → <c>ModelFrameBuilder.Build</c> → <c>FamilySpec.Parse</c> → <c>PriorSpec.Parse</c> → <c>GlmmModel.Create</c>.
/// Each step reports bad input as an <see cref="InputException"/>.
/// </summary>
public static class ModelComposition
{
    /// <summary>
    /// Reads the data and builds the model, recording the stages <c>read_data</c> and <c>build_model</c> in
    /// <paramref name="stages"/> when given.
    /// </summary>
    public static PreparedModel Prepare(ModelSpec spec, FitStages? stages = null)
    {
        stages ??= new FitStages();
        var formula = Formula.Parse(spec.Formula);
        var family = FamilySpec.Parse(spec.Family);
        var priors = spec.Priors.Select(PriorSpec.Parse).ToArray();
        var data = stages.Measure(FitStages.Names.ReadData, () => DataTable.ReadCsv(spec.DataPath, spec.Factors));
        var (frame, model) = stages.Measure(FitStages.Names.BuildModel, () =>
        {
            var frame = ModelFrameBuilder.Build(data, formula);
            IFramedModel model = GlmmModel.Create(frame, family, priors, new GlmmOptions { JointConjugateEffects = spec.JointConjugateEffects, Center = spec.Center });
            return (frame, model);
        });
        return new PreparedModel
        {
            Model = model,
            Name = spec.Name,
            Formula = spec.Formula,
            Family = family.Name + "(" + family.LinkName + ")",
            Priors = model.PriorsUsed.Select(p => new FitPriorRecord(p.Parameter, p.Prior, p.IsDefault)).ToArray(),
            Factors = spec.Factors,
            DataFile = spec.DataPath,
            DataRows = data.RowCount,
            RowsUsed = frame.ObservationCount,
            RowsDropped = frame.DroppedRowCount,
            JointConjugateEffects = spec.JointConjugateEffects,
            Center = spec.Center,
            Warnings = frame.Warnings,
        };
    }
}
