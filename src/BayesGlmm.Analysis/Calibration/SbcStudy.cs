// An SBC study on disk: simulations run in parallel, each appended to ranks.csv as it finishes, resumable and shardable.
using System.Globalization;
using System.Text;
using BayesGlmm.Modeling;

namespace BayesGlmm.Analysis.Calibration;

/// <summary>
/// Runs the simulations of one shard of an SBC study into a directory (<c>study.json</c>,
/// <c>ranks.csv</c>, <c>uniformity.csv</c>). Each finished simulation is written and flushed to the
/// device at once, so a killed process loses at most the fits in flight; a resumed run skips the
/// simulations on disk and, because simulation k depends only on (seed, k), ends with exactly the ranks an
/// uninterrupted run gives. Shards (k mod n = i) run as separate processes and are combined by
/// <see cref="Merge"/>.
/// </summary>
public sealed class SbcStudy
{
    private readonly SbcOptions _options;
    private readonly IReadOnlyDictionary<string, string> _description;

    /// <summary>
    /// A study of <paramref name="model"/>. <paramref name="generator"/> (same model, other priors) draws
    /// the truth and the data when given. <paramref name="description"/> names what else the ranks depend
    /// on (model file, formula, priors, data), so that a resume or merge of a different study is refused.
    /// </summary>
    public SbcStudy(IStatisticalModel model, SbcOptions options, IStatisticalModel? generator = null,
        IReadOnlyDictionary<string, string>? description = null)
    {
        Simulation = new SbcSimulation(model, options, generator);
        _options = options;
        _description = description ?? new Dictionary<string, string>();
    }

    /// <summary>One simulation of this study (to rerun simulation k alone).</summary>
    public SbcSimulation Simulation { get; }

    /// <summary>The manifest of this study's shard.</summary>
    public SbcManifest Manifest
    {
        get
        {
            var s = _options.Sampler;
            var c = CultureInfo.InvariantCulture;
            var settings = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["chains"] = s.Chains.ToString(c),
                ["warmup"] = s.Warmup.ToString(c),
                ["draws"] = s.Draws.ToString(c),
                ["adapt_delta"] = s.AdaptDelta.ToString("R", c),
                ["max_treedepth"] = s.MaxTreeDepth.ToString(c),
                ["metric"] = s.Metric.ToString(),
                ["init_radius"] = s.InitRadius.ToString("R", c),
                ["thin"] = _options.Thin.ToString(c),
                ["ranks_divisor"] = _options.RanksDivisor.ToString(c),
                ["max_rank"] = Simulation.MaxRank.ToString(c),
                ["include_random_effects"] = _options.IncludeRandomEffects ? "true" : "false",
                ["rhat_threshold"] = _options.RhatThreshold.ToString("R", c),
                ["min_tail_ess_per_rank"] = _options.MinTailEssPerRank.ToString("R", c),
            };
            foreach (var (key, value) in _description) settings["model." + key] = value;
            return new SbcManifest
            {
                Seed = _options.Seed,
                Simulations = _options.Simulations,
                Shard = _options.Shard.ToString(),
                Variables = Simulation.RankedVariables,
                Settings = settings,
            };
        }
    }

    /// <summary>
    /// Runs this shard's simulations into <paramref name="directory"/>. With <paramref name="resume"/>
    /// the simulations already there are kept and skipped, and a study of fewer simulations is extended to
    /// <see cref="SbcOptions.Simulations"/> (simulation k depends only on (seed, k), so the extended study holds
    /// exactly the ranks a study of that size run at once gives); without it a directory holding a study is an
    /// error. Fits run <see cref="SbcOptions.MaxParallelFits"/> at a time. On cancellation the fits in
    /// flight are abandoned and the result says <see cref="SbcStudyResult.Cancelled"/>; otherwise
    /// <c>ranks.csv</c> is rewritten in order of k and <c>uniformity.csv</c> written.
    /// </summary>
    /// <exception cref="InvalidOperationException">The directory holds a study that cannot be continued here.</exception>
    public SbcStudyResult Run(string directory, bool resume = false, IProgress<SbcProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        string manifestPath = Path.Combine(directory, SbcManifest.FileName);
        string ranksPath = Path.Combine(directory, RanksFile.FileName);
        SbcManifest manifest = Manifest;

        var finished = new List<SbcSimulationResult>();
        if (File.Exists(manifestPath))
        {
            if (!resume)
                throw new InvalidOperationException($"{directory} already holds an SBC study; resume it or choose another directory.");
            var existing = SbcManifest.Read(manifestPath);
            if (!existing.SameDesignAs(manifest) || existing.Shard != manifest.Shard)
                throw new InvalidOperationException(
                    $"{directory} holds a different study (shard {existing.Shard} vs {manifest.Shard}; {existing.DescribeDifference(manifest)}).");
            if (manifest.Simulations < existing.Simulations)
                throw new InvalidOperationException(
                    $"{directory} holds a study of {existing.Simulations} simulations; a resume can extend a study, not shrink it (ask for {existing.Simulations} or more).");
            if (File.Exists(ranksPath))
                finished.AddRange(RanksFile.Read(ranksPath, manifest.Variables.Count).Where(r => _options.Shard.Includes(r.Simulation)));
        }
        manifest.Write(manifestPath);
        // Rewrite without any torn tail, then append.
        RanksFile.WriteAll(ranksPath, finished);

        var done = finished.Select(r => r.Simulation).ToHashSet();
        var todo = Enumerable.Range(1, _options.Simulations)
            .Where(k => _options.Shard.Includes(k) && !done.Contains(k)).ToArray();
        int total = done.Count + todo.Length;
        int completed = done.Count;
        var gate = new object();

        using (var stream = new FileStream(ranksPath, FileMode.Append, FileAccess.Write, FileShare.Read))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelFits ?? Environment.ProcessorCount };
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(todo, loadBalance: true), parallel, (k, state) =>
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    state.Stop();
                    return;
                }
                SbcSimulationResult? result = Simulation.Run(k, cancellationToken);
                if (result is null) return;
                SbcProgress report;
                lock (gate)
                {
                    writer.Write(RanksFile.Format(result));
                    writer.Flush();
                    stream.Flush(flushToDisk: true);
                    finished.Add(result);
                    completed++;
                    report = new SbcProgress(completed, total, k, result.HasProblems, result.Error is not null);
                }
                progress?.Report(report);
            });
        }

        bool cancelled = finished.Count < total;
        var ordered = finished.OrderBy(r => r.Simulation).ToArray();
        if (cancelled) return new SbcStudyResult(directory, ordered, [], true, Warnings(ordered, Simulation.MaxRank));

        RanksFile.WriteAll(ranksPath, ordered);
        var uniformity = UniformityTable.Compute(ordered, _options.Probability);
        UniformityTable.Write(Path.Combine(directory, UniformityTable.FileName), uniformity);
        return new SbcStudyResult(directory, ordered, uniformity, false, Warnings(ordered, Simulation.MaxRank));
    }

    /// <summary>
    /// Combines the directories of shards of one study into <paramref name="outputDirectory"/>: the union of their
    /// simulations (a simulation found twice must agree), a manifest for shard 0/1 (so a resume there runs whatever
    /// is still missing) and the uniformity of the union. The shards must be the whole study: every shard i/n once,
    /// each with all of its simulations; otherwise the merge is refused with <see cref="IncompleteStudyException"/>
    /// naming the shards missing, given twice or unfinished, unless <paramref name="partial"/>, which merges what
    /// is there and says so in the warnings.
    /// </summary>
    /// <exception cref="InvalidOperationException">The directories hold different studies or disagree on a simulation.</exception>
    /// <exception cref="IncompleteStudyException">Shards are missing, repeated or unfinished (and not <paramref name="partial"/>).</exception>
    public static SbcStudyResult Merge(IReadOnlyList<string> shardDirectories, string outputDirectory, double probability = 0.95, bool partial = false)
    {
        ArgumentNullException.ThrowIfNull(shardDirectories);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        if (shardDirectories.Count == 0) throw new ArgumentException("Nothing to merge.", nameof(shardDirectories));
        SbcManifest? first = null;
        var bySim = new SortedDictionary<int, SbcSimulationResult>();
        var shards = new List<(string Directory, ShardSpec Shard, int Finished)>();
        foreach (string dir in shardDirectories)
        {
            string manifestPath = Path.Combine(dir, SbcManifest.FileName);
            if (!File.Exists(manifestPath)) throw new InvalidOperationException($"{dir} holds no SBC study ({SbcManifest.FileName} is missing).");
            var manifest = SbcManifest.Read(manifestPath);
            if (first is null) first = manifest;
            else if (!first.SameStudyAs(manifest))
                throw new InvalidOperationException($"{dir} belongs to a different study than {shardDirectories[0]} ({first.DescribeDifference(manifest)}).");
            string ranksPath = Path.Combine(dir, RanksFile.FileName);
            IReadOnlyList<SbcSimulationResult> found = File.Exists(ranksPath) ? RanksFile.Read(ranksPath, manifest.Variables.Count) : [];
            foreach (var r in found)
            {
                if (bySim.TryGetValue(r.Simulation, out var seen))
                {
                    if (seen.Seed != r.Seed || !seen.Ranks.SequenceEqual(r.Ranks))
                        throw new InvalidOperationException($"Simulation {r.Simulation} differs between the shards.");
                    continue;
                }
                bySim[r.Simulation] = r;
            }
            shards.Add((dir, ShardSpec.Parse(manifest.Shard), found.Select(r => r.Simulation).Distinct().Count()));
        }
        var problems = ShardProblems(shards, first!.Simulations);
        if (problems.Count > 0 && !partial)
            throw new IncompleteStudyException(
                $"These directories are not the whole study of {first.Simulations} simulations: {string.Join("; ", problems)}.", problems);

        Directory.CreateDirectory(outputDirectory);
        (first with { Shard = ShardSpec.All.ToString() }).Write(Path.Combine(outputDirectory, SbcManifest.FileName));
        var ordered = bySim.Values.ToArray();
        RanksFile.WriteAll(Path.Combine(outputDirectory, RanksFile.FileName), ordered);
        var uniformity = UniformityTable.Compute(ordered, probability);
        UniformityTable.Write(Path.Combine(outputDirectory, UniformityTable.FileName), uniformity);
        int maxRank = ordered.Length > 0 ? ordered[0].Ranks[0].MaxRank : int.MaxValue;
        var warnings = Warnings(ordered, maxRank).ToList();
        if (problems.Count > 0)
            warnings.Insert(0, $"A partial merge: {ordered.Length} of the study's {first.Simulations} simulations ({string.Join("; ", problems)}); resume this directory to run the rest.");
        return new SbcStudyResult(outputDirectory, ordered, uniformity, false, warnings);
    }

    /// <summary>What keeps shard directories from being a whole study: shards missing, given twice, split differently or unfinished.</summary>
    private static List<string> ShardProblems(IReadOnlyList<(string Directory, ShardSpec Shard, int Finished)> shards, int simulations)
    {
        var problems = new List<string>();
        var counts = shards.Select(s => s.Shard.Count).Distinct().ToArray();
        if (counts.Length > 1)
        {
            problems.Add("the directories split the study differently (" +
                         string.Join(", ", shards.Select(s => $"shard {s.Shard} in {s.Directory}")) + ")");
            return problems;
        }
        int n = counts[0];
        for (int i = 0; i < n; i++)
        {
            var holding = shards.Where(s => s.Shard.Index == i).ToArray();
            string name = new ShardSpec(i, n).ToString();
            if (holding.Length == 0) problems.Add($"shard {name} is missing");
            else if (holding.Length > 1) problems.Add($"shard {name} is given {holding.Length} times ({string.Join(", ", holding.Select(s => s.Directory))})");
        }
        foreach (var (dir, shard, finished) in shards)
        {
            int expected = Enumerable.Range(1, simulations).Count(shard.Includes);
            if (finished < expected) problems.Add($"shard {shard} in {dir} has {finished} of its {expected} simulations (resume it to finish)");
        }
        return problems;
    }

    /// <summary>SBC's checks (<c>check_stats</c>): coarse ranks, and how many fits failed or were flagged.</summary>
    private static IReadOnlyList<string> Warnings(IReadOnlyList<SbcSimulationResult> simulations, int maxRank)
    {
        var warnings = new List<string>();
        if (maxRank < 49)
            warnings.Add($"max_rank is {maxRank}, below 49: the ranks are coarse; keep more draws or thin less.");
        int failed = simulations.Count(s => s.Error is not null);
        if (failed > 0)
            warnings.Add($"{failed} of {simulations.Count} fits failed; they have no ranks and are left out of the uniformity test.");
        int flagged = simulations.Count(s => s.Error is null && s.HasProblems);
        if (flagged > 0)
            warnings.Add($"{flagged} of {simulations.Count} fits had sampler problems (divergences, R-hat or tail ESS); they are kept and flagged in {RanksFile.FileName}.");
        return warnings;
    }
}
