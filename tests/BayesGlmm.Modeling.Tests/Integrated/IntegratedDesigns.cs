// Small gaussian mixed-model designs (one factor, nested, crossed, correlated slopes, known se) and dense reference algebra for the integrated-likelihood tests.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Integrated;
using BayesGlmm.Numerics.Random;
using MathNet.Numerics.LinearAlgebra;

namespace BayesGlmm.Modeling.Tests.Integrated;

internal static class IntegratedDesigns
{
    public static readonly string[] Names = ["one factor", "nested", "crossed", "correlated slopes", "known se", "three terms"];

    /// <summary>A design by name, with a response drawn from the model so that the values are typical.</summary>
    /// <param name="tiny">Two or three effects in all (for integrating the joint density numerically).</param>
    public static ModelFrame Frame(string name, int seed, int n = 40, bool tiny = false)
    {
        var rng = new RandomStream((ulong)seed, 71);
        var x = new ColumnMajorMatrix(n, 2);
        for (int i = 0; i < n; i++)
        {
            x[i, 0] = 1;
            x[i, 1] = rng.NextNormal(1, 1);
        }
        var terms = new List<GroupTerm>();
        double[]? se = null;
        switch (name)
        {
            case "one factor":
                terms.Add(Term("g", Levels(n, tiny ? 3 : 6, rng), Ones(n)));
                break;
            case "nested":
            {
                int batches = tiny ? 1 : 5, casks = tiny ? 2 : 3;
                var batch = Levels(n, batches, rng);
                var cask = new int[n];
                for (int i = 0; i < n; i++) cask[i] = batch[i] * casks + (i < batches * casks ? i % casks : rng.Next(casks));
                terms.Add(Term("batch", batch, Ones(n)));
                terms.Add(Term("batch:cask", cask, Ones(n), batches * casks));
                break;
            }
            case "crossed":
                terms.Add(Term("a", Levels(n, tiny ? 2 : 7, rng), Ones(n)));
                terms.Add(Term("b", Levels(n, tiny ? 1 : 4, rng), Ones(n)));
                break;
            case "correlated slopes":
            {
                var z = new ColumnMajorMatrix(n, 2);
                for (int i = 0; i < n; i++) { z[i, 0] = 1; z[i, 1] = x[i, 1]; }
                terms.Add(Term("g", Levels(n, tiny ? 1 : 5, rng), z, correlated: true));
                break;
            }
            case "known se":
                se = Enumerable.Range(0, n).Select(_ => rng.NextUniform(0.5, 2.0)).ToArray();
                terms.Add(Term("g", Levels(n, 6, rng), Ones(n)));
                break;
            case "three terms":
            {
                var z = new ColumnMajorMatrix(n, 2);
                for (int i = 0; i < n; i++) { z[i, 0] = 1; z[i, 1] = x[i, 1]; }
                terms.Add(Term("a", Levels(n, 4, rng), z, correlated: true));
                terms.Add(Term("b", Levels(n, 6, rng), Ones(n)));
                var w = new ColumnMajorMatrix(n, 2);
                for (int i = 0; i < n; i++) { w[i, 0] = 1; w[i, 1] = rng.NextNormal(0, 1); }
                terms.Add(Term("c", Levels(n, 3, rng), w, correlated: false));
                break;
            }
            case "wide crossed": // q = 55 > CholeskyFactor.DenseLimit, one connected component: the sparse factor
                terms.Add(Term("a", Levels(n, 30, rng), Ones(n)));
                terms.Add(Term("b", Levels(n, 25, rng), Ones(n)));
                break;
            case "wide slopes": // 30 independent 2 × 2 blocks, q = 60
            {
                var z = new ColumnMajorMatrix(n, 2);
                for (int i = 0; i < n; i++) { z[i, 0] = 1; z[i, 1] = x[i, 1]; }
                terms.Add(Term("g", Levels(n, 30, rng), z, correlated: true));
                break;
            }
            default: throw new ArgumentException(name);
        }
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = 1 + 0.5 * x[i, 1] + rng.NextNormal(0, 1) + (se?[i] ?? 0) * rng.NextStandardNormal();
        foreach (var t in terms)
        {
            var effect = Enumerable.Range(0, t.LevelCount * t.CoefficientCount).Select(_ => rng.NextNormal(0, 0.8)).ToArray();
            for (int i = 0; i < n; i++)
                for (int c = 0; c < t.CoefficientCount; c++) y[i] += t.Z[i, c] * effect[c * t.LevelCount + t.LevelOfObservation[i]];
        }
        double[]? offset = name == "crossed" ? Enumerable.Range(0, n).Select(i => 0.1 * (i % 3)).ToArray() : null;
        return new ModelFrame
        {
            ObservationCount = n,
            Response = new ResponseData { Name = "y", Values = y, KnownStandardErrors = se },
            Fixed = new FixedEffectsDesign { X = x, CoefficientNames = ["Intercept", "x"], InterceptColumn = 0 },
            Offset = offset,
            Groups = terms,
            SourceRows = Enumerable.Range(0, n).ToArray(),
        };
    }

    private static int[] Levels(int n, int levels, RandomStream rng) =>
        Enumerable.Range(0, n).Select(i => i < levels ? i : rng.Next(levels)).ToArray();

    private static ColumnMajorMatrix Ones(int n) => new(n, 1, Enumerable.Repeat(1.0, n).ToArray());

    private static GroupTerm Term(string group, int[] level, ColumnMajorMatrix z, int? levels = null, bool correlated = false) => new()
    {
        Group = group,
        Levels = Enumerable.Range(0, levels ?? level.Max() + 1).Select(l => $"L{l}").ToArray(),
        LevelOfObservation = level,
        CoefficientNames = z.Columns == 1 ? ["Intercept"] : ["Intercept", "x"],
        Z = z,
        Correlated = correlated && z.Columns > 1,
    };

    /// <summary>Random covariance factors: positive diagonals, correlations only for correlated terms.</summary>
    public static double[] RandomFactors(EffectLayout layout, RandomStream rng)
    {
        var factors = new double[layout.FactorLength];
        for (int t = 0; t < layout.Terms.Count; t++)
        {
            int k = layout.Coefficients[t], o = layout.FactorOffset[t];
            for (int a = 0; a < k; a++)
            {
                factors[o + a * k + a] = rng.NextUniform(0.3, 1.5);
                if (layout.Terms[t].Correlated)
                    for (int c = 0; c < a; c++) factors[o + a * k + c] = rng.NextUniform(-0.6, 0.6);
            }
        }
        return factors;
    }

    /// <summary>Z (N × q) in the layout's level-major order.</summary>
    public static Matrix<double> DenseZ(ModelFrame frame, EffectLayout layout)
    {
        var z = Matrix<double>.Build.Dense(frame.ObservationCount, layout.EffectCount);
        for (int t = 0; t < layout.Terms.Count; t++)
        {
            var term = layout.Terms[t];
            for (int i = 0; i < frame.ObservationCount; i++)
                for (int c = 0; c < term.CoefficientCount; c++)
                    z[i, layout.NodeEffect[layout.NodeOffset[t] + term.LevelOfObservation[i]] + c] = term.Z[i, c];
        }
        return z;
    }

    /// <summary>Λ (q × q): block-diagonal, T_t for every level of term t.</summary>
    public static Matrix<double> DenseLambda(EffectLayout layout, double[] factors)
    {
        var lambda = Matrix<double>.Build.Dense(layout.EffectCount, layout.EffectCount);
        for (int node = 0; node < layout.NodeCount; node++)
        {
            int t = layout.NodeTerm[node], k = layout.Coefficients[t], e = layout.NodeEffect[node], o = layout.FactorOffset[t];
            for (int a = 0; a < k; a++)
                for (int c = 0; c <= a; c++) lambda[e + a, e + c] = factors[o + a * k + c];
        }
        return lambda;
    }

    public static Matrix<double> DenseX(ModelFrame frame) =>
        Matrix<double>.Build.Dense(frame.ObservationCount, frame.Fixed.X.Columns, (i, j) => frame.Fixed.X[i, j]);

    /// <summary>The residual variances R_nn: σ² or se_n².</summary>
    public static Vector<double> ResidualVariance(ModelFrame frame, double sigma) =>
        Vector<double>.Build.Dense(frame.ObservationCount, i => frame.Response.KnownStandardErrors is { } se ? se[i] * se[i] : sigma * sigma);

    /// <summary>y − offset.</summary>
    public static Vector<double> Response(ModelFrame frame) =>
        Vector<double>.Build.Dense(frame.ObservationCount, i => frame.Response.Values[i] - (frame.Offset?[i] ?? 0));

    /// <summary>log N(y; X β + offset, R + Z Λ Λᵀ Zᵀ) by dense algebra.</summary>
    public static double DenseLogDensity(ModelFrame frame, EffectLayout layout, double[] beta, double[] factors, double sigma)
    {
        var zl = DenseZ(frame, layout) * DenseLambda(layout, factors);
        var v = zl * zl.Transpose() + Matrix<double>.Build.DiagonalOfDiagonalVector(ResidualVariance(frame, sigma));
        var e = Response(frame) - DenseX(frame) * Vector<double>.Build.DenseOfArray(beta);
        var chol = v.Cholesky();
        return -0.5 * (frame.ObservationCount * Math.Log(2 * Math.PI) + chol.DeterminantLn + e * chol.Solve(e));
    }

    /// <summary>The restricted likelihood log ∫ N(y; X β, V) dβ = ML at the GLS β̂ + (P/2) log 2π − ½ log det XᵀV⁻¹X.</summary>
    public static double DenseRestrictedLogDensity(ModelFrame frame, EffectLayout layout, double[] factors, double sigma, out double[] gls)
    {
        var zl = DenseZ(frame, layout) * DenseLambda(layout, factors);
        var v = zl * zl.Transpose() + Matrix<double>.Build.DiagonalOfDiagonalVector(ResidualVariance(frame, sigma));
        var x = DenseX(frame);
        var vinvX = v.Cholesky().Solve(x);
        var xtvx = x.Transpose() * vinvX;
        var beta = xtvx.Cholesky().Solve(vinvX.Transpose() * Response(frame));
        gls = beta.ToArray();
        return DenseLogDensity(frame, layout, gls, factors, sigma) + 0.5 * x.ColumnCount * Math.Log(2 * Math.PI) - 0.5 * xtvx.Cholesky().DeterminantLn;
    }

    /// <summary>The conditional mean and covariance of b given y: Λ (ΛᵀZᵀR⁻¹ZΛ + I)⁻¹ ΛᵀZᵀR⁻¹ e and Λ (…)⁻¹ Λᵀ.</summary>
    public static (Vector<double> Mean, Matrix<double> Covariance) DenseConditional(ModelFrame frame, EffectLayout layout, double[] beta, double[] factors, double sigma)
    {
        var lambda = DenseLambda(layout, factors);
        var zl = DenseZ(frame, layout) * lambda;
        var rinv = Matrix<double>.Build.DiagonalOfDiagonalVector(ResidualVariance(frame, sigma).Map(v => 1 / v));
        var m = zl.Transpose() * rinv * zl + Matrix<double>.Build.DenseIdentity(layout.EffectCount);
        var minv = m.Inverse();
        var e = Response(frame) - DenseX(frame) * Vector<double>.Build.DenseOfArray(beta);
        return (lambda * (minv * (zl.Transpose() * (rinv * e))), lambda * minv * lambda.Transpose());
    }
}
