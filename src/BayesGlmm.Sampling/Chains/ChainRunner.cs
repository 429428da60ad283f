// One chain from initialisation through warmup to its last draw (Stan's run_adaptive_sampler).
using System.Diagnostics;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Adaptation;
using BayesGlmm.Sampling.Hamiltonians;
using BayesGlmm.Sampling.Nuts;

namespace BayesGlmm.Sampling.Chains;

/// <summary>
/// Runs one chain as Stan's <c>run_adaptive_sampler</c>: random initialisation, moved towards the mode (<see cref="SamplerOptions.ModeSearchIterations"/>), or the caller's point (<see cref="SamplerOptions.InitialPoints"/>), then each warmup iteration a NUTS
/// transition observed by the warmup strategy (<see cref="StanWarmup"/> or <see cref="FisherWarmup"/>), which returns
/// the next step size; at the end of warmup its final step size. The chain's random stream is
/// <see cref="RandomStream.ForChain"/>(seed, chain).
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
        // WALNUTS integrates the sampling iterations, and the warmup too only if asked (WalnutsOptions.DuringWarmup).
        bool walnuts = options.Integrator == IntegratorKind.Walnuts;
        var samplingTransition = new NutsTransition(hamiltonian, rng, options.MaxTreeDepth, walnuts ? options.Walnuts : null);
        var warmupTransition = walnuts && !options.Walnuts.DuringWarmup
            ? new NutsTransition(hamiltonian, rng, options.MaxTreeDepth)
            : samplingTransition;
        var state = new Proposal(d);
        var interweaving = options.Interweave ? density as IInterweavingDensity : null;
        var before = interweaving is null ? null : new Proposal(d);

        var source = options.InitialPoints
                     ?? (options.ModeSearchIterations <= 0 ? null
                         : factory is IModeSearchProvider provider ? provider.ModeSearch(options.InitRadius, options.ModeSearchIterations)
                         : new ModeSeekingInitialPoints(options.InitRadius, options.ModeSearchIterations));
        if (source is not null) InitialPoint.FromSource(chain, hamiltonian, source, rng, state);
        else InitialPoint.Find(chain, hamiltonian, rng, options.InitRadius, state);

        int warmup = options.Warmup;
        int draws = options.Draws;
        int total = warmup + draws;
        IWarmup adaptation = options.Adaptation == AdaptationKind.Fisher
            ? new FisherWarmup(hamiltonian, rng, options)
            : new StanWarmup(hamiltonian, rng, options);
        double epsilon = adaptation.Begin(state);

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
            TransitionResult t = (isWarmup ? warmupTransition : samplingTransition).Transition(state, used);
            // Not in warmup: there it measured worse (the smooth term's sd of models/gamm.json kept R-hat up to 1.015,
            // benchmarks/SAMPLER.md, "Interweaving the scales of non-centred effects").
            if (interweaving is not null && !isWarmup) Interweave(interweaving, hamiltonian, rng, state, before!);

            if (isWarmup)
            {
                warmupLeapfrog += t.LeapfrogSteps;
                epsilon = adaptation.Learn(iteration, t, state);
                if (iteration == warmup - 1)
                {
                    epsilon = adaptation.Complete();
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
            LowRank = (metric as LowRankMetric)?.Factors(),
            WarmupLeapfrogSteps = warmupLeapfrog,
            SamplingLeapfrogSteps = samplingLeapfrog,
            GradientEvaluations = hamiltonian.GradientEvaluations,
            WarmupTime = warmupTime,
            SamplingTime = samplingTime,
        };
    }

    /// <summary>
    /// The density's invariant move after a transition (<see cref="IInterweavingDensity"/>), which leaves the state's log density
    /// and gradient at the moved point; its evaluations count among the chain's gradients. A point where the density is not
    /// finite has probability 0, so the move is undone there, as a Metropolis step rejects it.
    /// </summary>
    private static void Interweave(IInterweavingDensity density, Hamiltonian hamiltonian, RandomStream rng, Proposal state, Proposal before)
    {
        state.Position.CopyTo(before.Position, 0);
        state.Gradient.CopyTo(before.Gradient, 0);
        double logDensity = state.LogDensity;
        try
        {
            hamiltonian.CountEvaluations(density.Interweave(state.Position, state.Gradient, ref logDensity, rng));
        }
        catch (Exception ex)
        {
            throw new DensityFailureException(ex);
        }
        if (double.IsFinite(logDensity))
        {
            state.LogDensity = logDensity;
            return;
        }
        before.Position.CopyTo(state.Position, 0);
        before.Gradient.CopyTo(state.Gradient, 0);
    }
}
