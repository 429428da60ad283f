// One chain from initialisation through warmup to its last draw (Stan's run_adaptive_sampler).
using System.Diagnostics;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Adaptation;
using BayesGlmm.Sampling.Hamiltonians;
using BayesGlmm.Sampling.Nuts;

namespace BayesGlmm.Sampling.Chains;

/// <summary>
/// Runs one chain as Stan's <c>run_adaptive_sampler</c> with <c>adapt_diag_e_nuts</c>/<c>adapt_dense_e_nuts</c>:
/// random initialisation, the step-size heuristic with μ = log(10·ε₀), then each warmup iteration
/// (1) a NUTS transition, (2) dual averaging of the step size, (3) the metric window; after a metric update
/// the heuristic is re-run from the current draw at the current ε, μ = log(10·ε) and dual averaging restarts.
/// At the end of warmup ε = e^x̄. The chain's random stream is <see cref="RandomStream.ForChain"/>(seed, chain).
/// </summary>
internal static class ChainRunner
{
    /// <summary>Runs chain <paramref name="chain"/> to the end or until <paramref name="cancellationToken"/> is cancelled.</summary>
    public static ChainResult Run(
        int chain,
        ILogDensityFactory factory,
        SamplerOptions options,
        IDrawSink? sink,
        IProgress<ChainProgress>? progress,
        CancellationToken cancellationToken)
    {
        int iteration = -1;
        try
        {
            return RunCore(chain, factory, options, sink, progress, cancellationToken, ref iteration);
        }
        catch (DensityFailureException failure)
        {
            throw new LogDensityException(chain, iteration, options.Warmup, failure.InnerException!);
        }
    }

    private static ChainResult RunCore(
        int chain,
        ILogDensityFactory factory,
        SamplerOptions options,
        IDrawSink? sink,
        IProgress<ChainProgress>? progress,
        CancellationToken cancellationToken,
        ref int iteration)
    {
        var warmupClock = Stopwatch.StartNew();
        int threads = factory is IThreadedLogDensityFactory threaded ? options.ThreadsFor(threaded.MaxThreads, Environment.ProcessorCount) : 1;
        ILogDensity density = threads > 1 ? ((IThreadedLogDensityFactory)factory).Create(threads) : factory.Create();
        using var owned = threads > 1 ? density as IDisposable : null;
        int d = density.Dimension;
        var rng = RandomStream.ForChain(options.Seed, chain);
        var metric = EuclideanMetric.Identity(options.Metric, d);
        var hamiltonian = new Hamiltonian(density, metric);
        var transition = new NutsTransition(hamiltonian, rng, options.MaxTreeDepth);
        var state = new Proposal(d);
        var scratch = new PhasePoint(d);

        InitialPoint.Find(chain, hamiltonian, rng, options.InitRadius, state);

        int warmup = options.Warmup;
        int draws = options.Draws;
        int total = warmup + draws;
        var stepSize = new DualAveraging(options.AdaptDelta, options.Gamma, options.Kappa, options.T0)
        {
            Mu = Math.Log(10 * options.InitialStepSize),
        };
        double epsilon = StepSizeInitializer.Find(hamiltonian, rng, state, scratch, options.InitialStepSize);
        var schedule = WarmupSchedule.Build(warmup, options.InitBuffer, options.TermBuffer, options.BaseWindow);
        var metricAdaptation = new WindowedMetricAdaptation(schedule, options.Metric, d);

        double[] drawValues = new double[checked(draws * d)];
        var statistics = new SamplerStatistics[draws];
        long warmupLeapfrog = 0, samplingLeapfrog = 0;
        int divergences = 0;
        int completedDraws = 0;
        int refresh = Math.Max(1, total / 100);
        TimeSpan warmupTime = TimeSpan.Zero;
        Stopwatch? samplingClock = warmup == 0 ? Stopwatch.StartNew() : null;
        if (warmup == 0) warmupTime = warmupClock.Elapsed;

        for (iteration = 0; iteration < total; iteration++)
        {
            if (cancellationToken.IsCancellationRequested) break;
            bool isWarmup = iteration < warmup;

            double used = epsilon;
            if (options.StepSizeJitter > 0) used *= 1.0 + options.StepSizeJitter * (2.0 * rng.NextDouble() - 1.0);
            TransitionResult t = transition.Transition(state, used);

            if (isWarmup)
            {
                warmupLeapfrog += t.LeapfrogSteps;
                epsilon = stepSize.Learn(t.AcceptStat);
                if (metricAdaptation.Observe(iteration, state.Position, metric))
                {
                    epsilon = StepSizeInitializer.Find(hamiltonian, rng, state, scratch, epsilon);
                    stepSize.Mu = Math.Log(10 * epsilon);
                    stepSize.Restart();
                }
                if (iteration == warmup - 1)
                {
                    epsilon = stepSize.Complete();
                    warmupTime = warmupClock.Elapsed;
                    samplingClock = Stopwatch.StartNew();
                }
            }
            else
            {
                samplingLeapfrog += t.LeapfrogSteps;
            }

            if (t.Divergent) divergences++;
            var stats = new SamplerStatistics(state.LogDensity, t.AcceptStat, t.StepSize, t.TreeDepth, t.LeapfrogSteps, t.Divergent, t.Energy);
            if (!isWarmup)
            {
                int k = iteration - warmup;
                state.Position.CopyTo(drawValues, k * d);
                statistics[k] = stats;
                completedDraws = k + 1;
            }
            sink?.OnDraw(chain, isWarmup ? iteration : iteration - warmup, isWarmup, state.Position, in stats);
            if (progress is not null && ((iteration + 1) % refresh == 0 || iteration + 1 == total))
                progress.Report(new ChainProgress(chain, iteration + 1, warmup, total, divergences));
        }

        if (iteration < warmup) warmupTime = warmupClock.Elapsed;
        TimeSpan samplingTime = samplingClock?.Elapsed ?? TimeSpan.Zero;

        if (completedDraws < draws)
        {
            Array.Resize(ref drawValues, completedDraws * d);
            Array.Resize(ref statistics, completedDraws);
        }

        return new ChainResult
        {
            Chain = chain,
            Draws = drawValues,
            Statistics = statistics,
            CompletedDraws = completedDraws,
            StepSize = epsilon,
            Metric = options.Metric,
            InverseMetric = metric.InverseMetricCopy(),
            WarmupLeapfrogSteps = warmupLeapfrog,
            SamplingLeapfrogSteps = samplingLeapfrog,
            GradientEvaluations = hamiltonian.GradientEvaluations,
            WarmupTime = warmupTime,
            SamplingTime = samplingTime,
        };
    }
}
