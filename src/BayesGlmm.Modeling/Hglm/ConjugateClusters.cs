// The data of a conjugate random intercept, cluster by cluster: sums of responses and trials, sizes, constants, and the closed-form cluster terms.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Modeling.Hglm;

/// <summary>
/// The response of a model with a conjugate random intercept in one observation order (the evaluation order for the log
/// density, the frame order for outputs), with what the closed forms of <see cref="ConjugateMarginal"/> need per cluster:
/// Y_i = Σ_j y_ij, N_i = Σ_j n_ij (trials), n_i (observations), and the per-observation constants.
/// </summary>
internal sealed class ConjugateClusters
{
    public ConjugateClusters(ConjugatePair pair, ResponseData response, int[] levelOfObservation, int levels, int[] order)
    {
        Pair = pair;
        int n = order.Length;
        LevelCount = levels;
        Level = order.Select(i => levelOfObservation[i]).ToArray();
        Response = order.Select(i => response.Values[i]).ToArray();
        Trials = response.Trials is { } trials ? order.Select(i => trials[i]).ToArray() : Enumerable.Repeat(1.0, n).ToArray();
        ClusterResponse = new double[levels];
        ClusterTrials = new double[levels];
        ClusterSize = new double[levels];
        for (int i = 0; i < n; i++)
        {
            ClusterResponse[Level[i]] += Response[i];
            ClusterTrials[Level[i]] += Trials[i];
            ClusterSize[Level[i]] += 1;
        }
        // Per-observation constants of the marginal routes: −lgamma(y + 1) (Poisson), lchoose(n, y) (binomial), log y (gamma).
        LogResponse = pair == ConjugatePair.GammaInverseGamma ? Response.Select(y => Math.Log(y)).ToArray() : [];
        double constant = 0;
        for (int i = 0; i < n; i++)
        {
            constant += pair switch
            {
                ConjugatePair.PoissonGamma => -GammaFunctions.LogGamma(Response[i] + 1.0),
                ConjugatePair.BinomialBeta => LogChoose(Trials[i], Response[i]),
                _ => 0.0, // the gamma family's terms depend on the shape: see ClusterMarginals
            };
        }
        ObservationConstant = constant;
    }

    public ConjugatePair Pair { get; }

    public int ObservationCount => Level.Length;

    public int LevelCount { get; }

    /// <summary>The level of each observation.</summary>
    public int[] Level { get; }

    /// <summary>The response.</summary>
    public double[] Response { get; }

    /// <summary>Trials (1 where the family has none).</summary>
    public double[] Trials { get; }

    /// <summary>log y (gamma family only).</summary>
    public double[] LogResponse { get; }

    /// <summary>Per level, Σ_j y_ij.</summary>
    public double[] ClusterResponse { get; }

    /// <summary>Per level, Σ_j n_ij (trials).</summary>
    public double[] ClusterTrials { get; }

    /// <summary>Per level, n_i (observations).</summary>
    public double[] ClusterSize { get; }

    /// <summary>Σ_n of −lgamma(y + 1) (Poisson) or lchoose(n, y) (binomial); 0 for the gamma family.</summary>
    public double ObservationConstant { get; }

    /// <summary>
    /// The closed-form part of every cluster's marginal log likelihood given the linear predictor without v
    /// (<paramref name="eta"/>), the family parameters and ρ: fills <paramref name="cluster"/> (J) with the cluster terms of
    /// <see cref="ConjugateMarginal"/> and <paramref name="statistic"/> (J) with M_i (Poisson–gamma) or S_i
    /// (gamma–inverse-gamma). Returns the sum of the per-observation terms.
    /// </summary>
    public double ClusterMarginals(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, double rho, Span<double> cluster, Span<double> statistic)
    {
        statistic.Clear();
        double observations = ObservationConstant;
        switch (Pair)
        {
            case ConjugatePair.PoissonGamma:
            {
                double alpha = Math.Exp(-rho);
                for (int i = 0; i < ObservationCount; i++)
                {
                    statistic[Level[i]] += Math.Exp(eta[i]);
                    observations += Response[i] * eta[i];
                }
                for (int j = 0; j < LevelCount; j++) cluster[j] = ConjugateMarginal.PoissonGamma(alpha, ClusterResponse[j], statistic[j], out _, out _);
                break;
            }
            case ConjugatePair.GammaInverseGamma:
            {
                double b = Math.Exp(-rho), shape = theta[0];
                observations += ObservationCount * (shape * Math.Log(shape) - GammaFunctions.LogGamma(shape));
                for (int i = 0; i < ObservationCount; i++)
                {
                    statistic[Level[i]] += Response[i] * Math.Exp(-eta[i]);
                    observations += (shape - 1.0) * LogResponse[i] - shape * eta[i];
                }
                for (int j = 0; j < LevelCount; j++)
                    cluster[j] = ConjugateMarginal.GammaInverseGamma(b, ClusterSize[j], shape, statistic[j], out _, out _, out _);
                break;
            }
            case ConjugatePair.BinomialBeta:
            {
                double alpha = 0.5 * Math.Exp(-rho);
                for (int j = 0; j < LevelCount; j++) cluster[j] = ConjugateMarginal.BinomialBeta(alpha, ClusterResponse[j], ClusterTrials[j], out _);
                break;
            }
            default:
                throw new InvalidOperationException($"The {Pair} pair has no closed-form cluster likelihood.");
        }
        return observations;
    }

    public static double LogChoose(double n, double k) =>
        k == 0 || k == n ? 0.0 : GammaFunctions.LogGamma(n + 1) - GammaFunctions.LogGamma(k + 1) - GammaFunctions.LogGamma(n - k + 1);
}
