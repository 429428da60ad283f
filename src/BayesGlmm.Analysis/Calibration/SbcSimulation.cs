// One SBC simulation: draw from the prior, simulate data, refit, rank the prior draw among the posterior draws.
using System.Diagnostics;
using BayesGlmm.Diagnostics;
using BayesGlmm.Modeling;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling;

namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// Simulation k of a study (Talts et al. 2018, Alg. 1; Modrák et al. 2023, sec. 2): θ* from the prior,
/// y from the model at θ*, NUTS on p(θ | y), and the rank of θ* among the thinned posterior draws of every
/// reported quantity. Every random choice comes from a stream of (study seed, k, purpose), so simulation k
/// gives the same result alone, in any shard and at any parallelism.
/// </summary>
public sealed class SbcSimulation
{
    private const ulong GenerationStream = 0, SamplerSeedStream = 1, TieStream = 2, OutputStream = 3;

    private readonly IStatisticalModel _model;
    private readonly IStatisticalModel _generator;
    private readonly SbcOptions _options;
    private readonly int[] _ranked;
    private readonly object _generationGate = new();

    /// <summary>
    /// Prepares simulations of <paramref name="model"/>; the prior draw and the data come from
    /// <paramref name="generator"/> when given (the same model with other priors: a study that should fail).
    /// </summary>
    public SbcSimulation(IStatisticalModel model, SbcOptions options, IStatisticalModel? generator = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _model = model;
        _generator = generator ?? model;
        _options = options;
        if (!_generator.OutputNames.SequenceEqual(model.OutputNames, StringComparer.Ordinal))
            throw new ArgumentException("The generating model must report the same quantities as the fitted model.", nameof(generator));
        if (_generator.ObservationCount != model.ObservationCount)
            throw new ArgumentException("The generating model must have the fitted model's observations.", nameof(generator));
        _ranked = Enumerable.Range(0, model.OutputNames.Count)
            .Where(i => IsRanked(model.OutputNames[i], options.IncludeRandomEffects)).ToArray();
        RankedVariables = _ranked.Select(i => model.OutputNames[i]).ToArray();
        int perChain = RankThinning.KeptIterations(options.Sampler.Draws, options.Thin).Length;
        MaxRank = RankThinning.EnsureDivisor(perChain * options.Sampler.Chains, options.RanksDivisor);
    }

    /// <summary>The quantities ranked, in output order.</summary>
    public IReadOnlyList<string> RankedVariables { get; }

    /// <summary>The max_rank of every fit: the number of thinned draws after the divisor rule.</summary>
    public int MaxRank { get; }

    /// <summary>Whether a reported quantity is ranked: not a sampler quantity, and r_ only when asked.</summary>
    public static bool IsRanked(string name, bool includeRandomEffects) =>
        !name.EndsWith("__", StringComparison.Ordinal)
        && (includeRandomEffects || !name.StartsWith("r_", StringComparison.Ordinal));

    /// <summary>The sampler seed of simulation k.</summary>
    public ulong SamplerSeed(int simulation) => new RandomStream(_options.Seed, (ulong)simulation, SamplerSeedStream).NextUInt64();

    /// <summary>
    /// Runs simulation <paramref name="simulation"/>. Returns null when cancelled. A fit that cannot start
    /// or whose density fails is recorded with its error and no ranks.
    /// </summary>
    public SbcSimulationResult? Run(int simulation, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        ulong seed = SamplerSeed(simulation);

        // θ* and y from the generating model (Talts et al. 2018, Alg. 1, lines 2–3).
        // The models are shared by the fits running in parallel and promise nothing about threads outside
        // their densities, so generation is serialised; it costs little next to a fit.
        var generation = new RandomStream(_options.Seed, (ulong)simulation, GenerationStream);
        int outputCount = _model.OutputNames.Count;
        var truth = new double[outputCount];
        var response = new double[_generator.ObservationCount];
        IStatisticalModel fitted;
        lock (_generationGate)
        {
            _generator.DrawFromPrior(generation, truth);
            _generator.ReplicateResponse(truth, generation, response);
            fitted = _model.WithResponse(response);
        }

        var sampler = _options.Sampler with { Seed = seed, MaxDegreeOfParallelism = _options.ChainParallelism };
        SamplingResult fit;
        try
        {
            if (_options.InitialPoints is { } start) sampler = sampler with { InitialPoints = start(fitted) };
            fit = NutsSampler.Run(fitted, sampler, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is SamplerInitializationException or LogDensityException or InputException)
        {
            if (cancellationToken.IsCancellationRequested) return null;
            return Failed(simulation, seed, clock.Elapsed, ex.Message);
        }
        if (fit.Cancelled) return null;

        // Reported draws of the ranked quantities, per chain.
        int chains = fit.Chains.Count, draws = sampler.Draws, dimension = fit.Dimension;
        var values = new double[_ranked.Length][][];
        for (int v = 0; v < _ranked.Length; v++)
        {
            values[v] = new double[chains][];
            for (int c = 0; c < chains; c++) values[v][c] = new double[draws];
        }
        // The fitted model may list its outputs in another order (Auto centring asks each simulated response again and a
        // centred pair lists its sds together): the ranked quantities are found by name.
        var fittedIndex = _ranked.Select(i => IndexOf(fitted.OutputNames, _model.OutputNames[i])).ToArray();
        var outputs = new double[fitted.OutputNames.Count];
        int divergences = 0;
        for (int c = 0; c < chains; c++)
        {
            var chain = fit.Chains[c];
            var rng = new RandomStream(_options.Seed, (ulong)simulation, OutputStream, (ulong)c);
            for (int it = 0; it < draws; it++)
            {
                fitted.WriteOutputs(chain.Draws.AsSpan(it * dimension, dimension), outputs, rng);
                for (int v = 0; v < _ranked.Length; v++) values[v][c][it] = outputs[fittedIndex[v]];
                if (chain.Statistics[it].Divergent) divergences++;
            }
        }

        // Convergence of the unthinned draws (SBC computes R-hat and ESS before thinning).
        double maxRhat = double.NaN, minBulk = double.NaN, minTail = double.NaN;
        foreach (double[][] v in values)
        {
            maxRhat = NanMax(maxRhat, Rhat.Rank(v));
            minBulk = NanMin(minBulk, Ess.Bulk(v));
            minTail = NanMin(minTail, Ess.Tail(v));
        }

        // Ranks among the thinned draws (SBC_statistics_from_single_fit).
        int[] kept = RankThinning.KeptIterations(draws, _options.Thin);
        var ties = new RandomStream(_options.Seed, (ulong)simulation, TieStream);
        var ranks = new SimulationRank[_ranked.Length];
        for (int v = 0; v < _ranked.Length; v++)
        {
            double[] selected = RankThinning.Select(values[v], kept, _options.RanksDivisor);
            ranks[v] = new SimulationRank(RankedVariables[v], SbcRank.Compute(truth[_ranked[v]], selected, ties), selected.Length);
        }

        bool problems = divergences > 0
            || maxRhat > _options.RhatThreshold
            || minTail < _options.MinTailEssPerRank * MaxRank;
        return new SbcSimulationResult(simulation, seed, ranks, maxRhat, minBulk, minTail, divergences, clock.Elapsed, problems);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
            if (names[i] == name) return i;
        throw new InvalidOperationException($"The fitted model has no output '{name}'.");
    }

    private SbcSimulationResult Failed(int simulation, ulong seed, TimeSpan time, string error) => new(
        simulation, seed, RankedVariables.Select(v => new SimulationRank(v, null, MaxRank)).ToArray(),
        double.NaN, double.NaN, double.NaN, 0, time, true, error);

    private static double NanMax(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);

    private static double NanMin(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Min(a, b);
}
