// The entry point: run NUTS chains in parallel on any log density with a gradient.
using System.Runtime.ExceptionServices;
using BayesGlmm.Sampling.Chains;

namespace BayesGlmm.Sampling;

/// <summary>
/// Samples a log density with the No-U-Turn Sampler as Stan does it (multinomial NUTS with the generalised
/// U-turn criterion, dual-averaging step size and windowed diagonal or dense metric adaptation).
/// </summary>
public static class NutsSampler
{
    /// <summary>
    /// Runs <see cref="SamplerOptions.Chains"/> chains, at most <see cref="SamplerOptions.MaxDegreeOfParallelism"/>
    /// at once. Chain c draws from the random stream of (seed, c), so the draws are bit-identical whatever the
    /// parallelism. Each chain gets its own density from <paramref name="density"/>.
    /// Cancellation stops every chain after its current iteration and returns the draws made so far
    /// (<see cref="SamplingResult.Cancelled"/> is then true).
    /// </summary>
    /// <exception cref="SamplerInitializationException">A chain found no finite starting point.</exception>
    /// <exception cref="LogDensityException">The density threw; every chain is stopped.</exception>
    public static SamplingResult Run(
        ILogDensityFactory density,
        SamplerOptions options,
        IDrawSink? sink = null,
        IProgress<ChainProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(density);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        int chains = options.Chains;
        var results = new ChainResult?[chains];
        var errors = new Exception?[chains];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };

        Parallel.For(0, chains, parallel, chain =>
        {
            try
            {
                results[chain] = ChainRunner.Run(chain, density, options, sink, progress, stop.Token);
            }
            catch (Exception ex)
            {
                errors[chain] = ex;
                stop.Cancel();
            }
        });

        Exception? first = errors.FirstOrDefault(e => e is not null && e is not OperationCanceledException)
                           ?? errors.FirstOrDefault(e => e is not null);
        if (first is not null) ExceptionDispatchInfo.Capture(first).Throw();

        ChainResult[] done = results.Select(r => r!).ToArray();
        bool cancelled = done.Any(r => r.CompletedDraws < options.Draws);
        return new SamplingResult(done, cancelled, density.Dimension);
    }
}
