// The five targets of Stan's sampler-efficiency reference (stan_targets.R), as log densities with gradients.
using BayesGlmm.Sampling;

namespace BayesGlmm.Benchmarks.SamplerEfficiency;

/// <summary>One benchmark target: its density and the quantities whose minimum bulk ESS is reported.</summary>
internal sealed record EfficiencyTarget(string Name, ILogDensity Density, int ReportedCount, Action<double[], double[]> Report);

/// <summary>The targets of <c>stan_targets.R</c>, written exactly as its Stan programs define them.</summary>
internal static class EfficiencyTargets
{
    public static IReadOnlyList<EfficiencyTarget> All() =>
    [
        Identity("normal100", new Normal(Enumerable.Repeat(1.0, 100).ToArray())),
        Identity("corr_gauss50", CorrGauss50()),
        // v, z[1..9] and the transformed parameters x = exp(v/2)·z.
        new("funnel_nc10", new Funnel(), 19, (q, r) =>
        {
            q.CopyTo(r, 0);
            for (int i = 0; i < 9; i++) r[10 + i] = Math.Exp(q[0] / 2) * q[1 + i];
        }),
        Identity("scales100", new Normal(Enumerable.Range(1, 100).Select(i => Math.Pow(10, (i - 1.0) / 99 * 4 - 2)).ToArray())),
        Identity("logistic_posterior", new Logistic()),
    ];

    private static EfficiencyTarget Identity(string name, ILogDensity density) =>
        new(name, density, density.Dimension, (q, r) => q.CopyTo(r, 0));

    /// <summary>x ~ normal(0, s) elementwise.</summary>
    private sealed class Normal(double[] scales) : ILogDensity
    {
        public int Dimension => scales.Length;

        public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            double lp = 0;
            for (int i = 0; i < scales.Length; i++)
            {
                double z = x[i] / scales[i];
                lp -= 0.5 * z * z;
                g[i] = -z / scales[i];
            }
            return lp;
        }
    }

    /// <summary>x ~ multi_normal(0, S), S_ij = 0.9^|i−j|·sqrt(i·j)/5, through the precision S⁻¹.</summary>
    private static ILogDensity CorrGauss50()
    {
        const int d = 50;
        double[] s = new double[d * d];
        for (int i = 1; i <= d; i++)
            for (int j = 1; j <= d; j++)
                s[(i - 1) * d + (j - 1)] = Math.Pow(0.9, Math.Abs(i - j)) * Math.Sqrt(i * j) / 5;
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(d, d, (i, j) => s[i * d + j]);
        var p = m.Inverse();
        double[] precision = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) precision[i * d + j] = 0.5 * (p[i, j] + p[j, i]);
        return new Precision(precision, d);
    }

    private sealed class Precision(double[] precision, int d) : ILogDensity
    {
        public int Dimension => d;

        public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            double lp = 0;
            ReadOnlySpan<double> p = precision;
            for (int i = 0; i < d; i++)
            {
                double s = System.Numerics.Tensors.TensorPrimitives.Dot(p.Slice(i * d, d), x);
                g[i] = -s;
                lp -= 0.5 * x[i] * s;
            }
            return lp;
        }
    }

    /// <summary>v ~ normal(0, 3), z ~ std_normal() (9 values).</summary>
    private sealed class Funnel : ILogDensity
    {
        public int Dimension => 10;

        public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            double lp = -x[0] * x[0] / 18;
            g[0] = -x[0] / 9;
            for (int i = 1; i < 10; i++)
            {
                lp -= 0.5 * x[i] * x[i];
                g[i] = -x[i];
            }
            return lp;
        }
    }

    /// <summary>
    /// N = 200, P = 5, X[n,p] = sin(n·p·1.3), y[n] = (sin(n·0.7) + X[n,1] &gt; 0) (1-based n, p);
    /// b ~ normal(0, 2), a ~ normal(0, 2), y ~ bernoulli_logit(a + X·b). Parameters (b[1..5], a).
    /// </summary>
    private sealed class Logistic : ILogDensity
    {
        private const int N = 200, P = 5;
        private readonly double[] _x = new double[N * P];
        private readonly double[] _y = new double[N];

        public Logistic()
        {
            for (int n = 1; n <= N; n++)
                for (int p = 1; p <= P; p++) _x[(n - 1) * P + (p - 1)] = Math.Sin(n * p * 1.3);
            for (int n = 1; n <= N; n++) _y[n - 1] = Math.Sin(n * 0.7) + _x[(n - 1) * P] > 0 ? 1 : 0;
        }

        public int Dimension => P + 1;

        public double Evaluate(ReadOnlySpan<double> q, Span<double> g)
        {
            double lp = 0;
            for (int k = 0; k <= P; k++)
            {
                lp -= q[k] * q[k] / 8;
                g[k] = -q[k] / 4;
            }
            double a = q[P];
            for (int n = 0; n < N; n++)
            {
                double eta = a;
                for (int p = 0; p < P; p++) eta += _x[n * P + p] * q[p];
                // log p(y | η) = y·η − log(1 + e^η)
                double log1pExp = eta > 0 ? eta + Math.Log(1 + Math.Exp(-eta)) : Math.Log(1 + Math.Exp(eta));
                lp += _y[n] * eta - log1pExp;
                double r = _y[n] - 1 / (1 + Math.Exp(-eta));
                for (int p = 0; p < P; p++) g[p] += r * _x[n * P + p];
                g[P] += r;
            }
            return lp;
        }
    }
}
