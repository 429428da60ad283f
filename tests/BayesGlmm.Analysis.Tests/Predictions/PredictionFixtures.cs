// Small models with chosen parameter values as their "posterior draws", for predictions with answers in closed form.
using System.Globalization;
using System.Text;
using BayesGlmm.Analysis.ModelComparison;
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Analysis.Tests.Predictions;

/// <summary>A model built on a data table, with draws whose values the test chooses.</summary>
internal sealed class PredictionFixture
{
    public PredictionFixture(string csv, string formula, string family)
    {
        Data = DataTable.ParseCsv(csv, "fit.csv");
        Formula = Formula.Parse(formula);
        Model = GlmmModel.Create(ModelFrameBuilder.Build(Data, Formula), FamilySpec.Parse(family), []);
    }

    public DataTable Data { get; }

    public Formula Formula { get; }

    public GlmmModel Model { get; }

    /// <summary>Draws with the given values per draw; every other quantity (the r_ effects) 0 unless given.</summary>
    public ReportedDraws Draws(params Dictionary<string, double>[] values)
    {
        var names = Model.OutputNames;
        var draws = new Draws(names, 1, values.Length);
        for (int v = 0; v < names.Count; v++)
        {
            var chain = draws.Chain(v, 0);
            for (int d = 0; d < values.Length; d++) chain[d] = values[d].GetValueOrDefault(names[v]);
        }
        return new ReportedDraws(draws, Model);
    }

    /// <summary>The new data <paramref name="csv"/> coded for the model.</summary>
    public NewDataFrame Code(string csv, GroupTermUse use) =>
        NewDataFrameBuilder.Build(Data, Formula, Model.Frame, DataTable.ParseCsv(csv, "new.csv"), use);

    /// <summary>The fitted data coded as new data.</summary>
    public NewDataFrame Own(GroupTermUse use) => NewDataFrameBuilder.Build(Data, Formula, Model.Frame, Data, use, Model.Frame.SourceRows);

    /// <summary>A CSV with columns y, x, w, g: <paramref name="groups"/> groups of <paramref name="perGroup"/> rows, x alternating 0/1, w spread in [−1, 1].</summary>
    public static string Table(int groups, int perGroup, Func<int, int, string> response)
    {
        var sb = new StringBuilder("y,x,w,g\n");
        for (int j = 0; j < groups; j++)
            for (int i = 0; i < perGroup; i++)
            {
                double w = -1 + 2.0 * ((j * perGroup + i) % 7) / 6;
                sb.Append(CultureInfo.InvariantCulture, $"{response(j, i)},{i % 2},{w.ToString("R", CultureInfo.InvariantCulture)},g{j:D2}\n");
            }
        return sb.ToString();
    }
}
