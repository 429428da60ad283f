// Frames with a smooth term s(x) built on random covariate values, for tests of the smooth block.
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Smooths;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Tests.RandomEffects;

internal static class SmoothFrames
{
    /// <summary>
    /// <paramref name="frame"/> with the smooth term <paramref name="smooth"/> (as a formula writes it, of a covariate x) on
    /// x ~ U(0, 10) rounded to 3 digits: its unpenalised columns appended to X (as <c>ModelFrameBuilder</c> appends them)
    /// and the term in <see cref="ModelFrame.Smooths"/>.
    /// </summary>
    public static ModelFrame WithSmooth(ModelFrame frame, RandomStream rng, string smooth = "s(x, k = 5)")
    {
        var spec = Formula.Parse("y ~ " + smooth).Smooths[0];
        int n = frame.ObservationCount;
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = Math.Round(rng.NextUniform(0, 10), 3);
        var term = SmoothTerm.Build(spec, x);
        var design = frame.Fixed;
        int p = design.X.Columns, f = term.Parts.Sum(t => t.Fixed.Columns);
        var values = new double[n * (p + f)];
        design.X.Values.AsSpan(0, n * p).CopyTo(values);
        int offset = n * p;
        foreach (var part in term.Parts)
        {
            part.Fixed.Values.AsSpan(0, n * part.Fixed.Columns).CopyTo(values.AsSpan(offset));
            offset += n * part.Fixed.Columns;
        }
        return frame with
        {
            Fixed = design with
            {
                X = new ColumnMajorMatrix(n, p + f, values),
                CoefficientNames = [.. design.CoefficientNames, .. term.Parts.SelectMany(t => t.FixedNames)],
                SmoothColumnCount = design.SmoothColumnCount + f,
            },
            Smooths = [.. frame.Smooths, term],
        };
    }
}
