// Predictions with a smooth term: the basis evaluated at the new covariate values enters the population-level curve.
using System.Globalization;
using BayesGlmm.Analysis.Predictions;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Analysis.Tests.Predictions;

public sealed class SmoothPredictionTests
{
    private static readonly Dictionary<string, double> Values = new()
    {
        ["b_Intercept"] = 0.4, ["b_x"] = -0.7, ["bs_sw_1"] = 0.8, ["sds_sw_1"] = 1.0, ["s_sw_1[1]"] = 0.5, ["s_sw_1[2]"] = -1.2,
        ["s_sw_1[3]"] = 0.3, ["sigma"] = 1.0, ["sd_g__Intercept"] = 1.0, ["r_g[g02,Intercept]"] = 0.6,
    };

    private static PredictionFixture Fixture() =>
        new(PredictionFixture.Table(5, 6, (j, i) => (0.3 * j - 0.2 * i).ToString(CultureInfo.InvariantCulture)), "y ~ x + s(w, k = 5) + (1 | g)", "gaussian");

    private static double[] Eta(PredictionFixture f, NewDataFrame data, RandomEffectMode mode)
    {
        var draws = f.Draws(Values);
        var outputs = new double[draws.OutputCount];
        draws.Fill(0, outputs);
        var eta = new double[data.RowCount];
        new PredictionEvaluator(f.Model, data, new PredictionOptions { Mode = mode }).Evaluate(0, outputs, 0, eta, new double[data.RowCount]);
        return eta;
    }

    /// <summary>At the fitted rows the curve is X b + Z_s s of the fitted frame (the basis built on the data, not evaluated anew), group effects left out or added.</summary>
    [Fact]
    public void AtTheFittedRowsTheCurveIsTheFittedDesigns()
    {
        var f = Fixture();
        var frame = f.Model.Frame;
        var names = frame.Fixed.CoefficientNames.Select((_, j) => frame.Fixed.OutputName(j)).ToArray();
        Assert.Equal(["b_Intercept", "b_x", "bs_sw_1"], names);
        var part = Assert.Single(Assert.Single(frame.Smooths).Parts);
        var none = Eta(f, f.Own(GroupTermUse.None), RandomEffectMode.None);
        var conditional = Eta(f, f.Own(GroupTermUse.CovariatesAndGroups), RandomEffectMode.Conditional);
        for (int i = 0; i < frame.ObservationCount; i++)
        {
            double expected = 0;
            for (int j = 0; j < names.Length; j++) expected += frame.Fixed.X[i, j] * Values[names[j]];
            for (int j = 0; j < part.Random.Columns; j++) expected += part.Random[i, j] * Values[$"s_sw_1[{j + 1}]"];
            Assert.Equal(expected, none[i], 1e-10);
            double group = frame.Groups[0].Levels[frame.Groups[0].LevelOfObservation[i]] == "g02" ? 0.6 : 0.0;
            Assert.Equal(expected + group, conditional[i], 1e-10);
        }
    }

    /// <summary>New covariate values beyond the fitted range [−1, 1] go through the same basis (mgcv's PredictMat extends it).</summary>
    [Fact]
    public void BeyondTheFittedRangeTheBasisIsEvaluatedThere()
    {
        var f = Fixture();
        var eta = Eta(f, f.Code("x,w\n0,-3\n1,0.25\n0,4\n", GroupTermUse.None), RandomEffectMode.None);
        var part = Assert.Single(Assert.Single(f.Model.Frame.Smooths).Evaluate([-3.0, 0.25, 4.0]));
        double[] x = [0, 1, 0];
        for (int i = 0; i < 3; i++)
        {
            double expected = 0.4 - 0.7 * x[i] + 0.8 * part.Fixed[i, 0];
            for (int j = 0; j < part.Random.Columns; j++) expected += part.Random[i, j] * Values[$"s_sw_1[{j + 1}]"];
            Assert.Equal(expected, eta[i], 1e-10);
        }
    }
}
