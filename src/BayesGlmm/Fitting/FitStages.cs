// The stopwatch of a fit: wall-clock and process CPU seconds of each stage, in order, for fit.json.
using System.Diagnostics;
using BayesGlmm.Output;

namespace BayesGlmm.Fitting;

/// <summary>
/// Records how long each stage of a fit took — reading the data, building the model, sampling, the summary, the
/// draws files, the plots, the report — as wall-clock seconds and as CPU seconds of the whole process (every
/// thread), so that a stage's cost can be read even on a machine shared with other work, and the process's peak
/// resident memory at the end of each stage. Stages measured with <see cref="Measure"/> run one after the other on
/// the caller's thread and are charged with the process's CPU time; stages started with <see cref="Start{T}"/> run
/// concurrently (the plots beside the model checks and the sensitivity analysis), each with its own wall-clock span and
/// the CPU time of its own threads (<see cref="ConcurrentStage{T}"/>). A stage measured in several parts (the draws
/// files, written before and after the summary; the report, assembled and then saved) is one record with the parts' sum.
/// </summary>
public sealed class FitStages
{
    private readonly List<FitStageRecord> _stages = [];
    private readonly Lock _lock = new();

    /// <summary>Stage names used by the fit service and the command line, in the order they run.</summary>
    public static class Names
    {
        /// <summary>From the start of the process to the first measured stage: the runtime, the JIT, the argument parsing.</summary>
        public const string Startup = "startup";
        /// <summary>Reading and parsing the data file.</summary>
        public const string ReadData = "read_data";
        /// <summary>The formula, the model frame, the priors and the model's evaluator.</summary>
        public const string BuildModel = "build_model";
        /// <summary>The marginal point estimate the chains start from (<c>--init estimate</c> only).</summary>
        public const string Estimate = "estimate";
        /// <summary>Warmup and sampling of every chain, with the chain files streamed as draws are made (each chain's split is in fit.json's chains).</summary>
        public const string Sample = "sample";
        /// <summary>The posterior summary and the sampler diagnostics.</summary>
        public const string Summary = "summary";
        /// <summary>Completing the chain files, summary.csv and draws.csv.</summary>
        public const string DrawsFiles = "draws_files";
        /// <summary>The plots of the draws (trace, rank, density, intervals, funnel, predictive overlay).</summary>
        public const string Plots = "plots";
        /// <summary>The report's model checks: LOO, LOO-PIT and predictive test statistics, with their plots.</summary>
        public const string ModelChecks = "model_checks";
        /// <summary>Power-scaling prior sensitivity, with its plots.</summary>
        public const string Sensitivity = "sensitivity";
        /// <summary>Assembling and writing report.html.</summary>
        public const string Report = "report";
    }

    /// <summary>A recorder with no stage yet.</summary>
    public FitStages()
    {
    }

    /// <summary>
    /// A recorder whose first stage, <see cref="Names.Startup"/>, runs from the start of this process until now
    /// (the runtime's start-up, the JIT and the command line's parsing).
    /// </summary>
    public static FitStages SinceProcessStart()
    {
        var stages = new FitStages();
        double wall;
        using (var process = Process.GetCurrentProcess())
            wall = Math.Max(0, (DateTime.Now - process.StartTime).TotalSeconds);
        stages.Add(Names.Startup, wall, Environment.CpuUsage.TotalTime.TotalSeconds);
        return stages;
    }

    /// <summary>The stages recorded so far, in order.</summary>
    public IReadOnlyList<FitStageRecord> Records
    {
        get
        {
            lock (_lock) return _stages.ToArray();
        }
    }

    /// <summary>
    /// Adds a stage measured elsewhere, with the process's peak resident memory now; a stage recorded again adds its
    /// times to its first record and keeps the higher peak.
    /// </summary>
    public void Add(string stage, double seconds, double cpuSeconds)
    {
        double peak = PeakResidentMb();
        lock (_lock)
        {
            int i = _stages.FindIndex(r => r.Stage == stage);
            if (i < 0) _stages.Add(new FitStageRecord(stage, seconds, cpuSeconds, peak));
            else _stages[i] = _stages[i] with
            {
                Seconds = _stages[i].Seconds + seconds,
                CpuSeconds = _stages[i].CpuSeconds + cpuSeconds,
                PeakResidentMb = Math.Max(_stages[i].PeakResidentMb, peak),
            };
        }
    }

    /// <summary>The process's peak resident set so far, in MB (0 where the platform does not say).</summary>
    private static double PeakResidentMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024.0 * 1024.0);
    }

    /// <summary>Runs <paramref name="work"/> as the stage <paramref name="stage"/> and records its times.</summary>
    public void Measure(string stage, Action work)
    {
        var start = Now();
        try
        {
            work();
        }
        finally
        {
            Stop(stage, start);
        }
    }

    /// <summary>Runs <paramref name="work"/> as the stage <paramref name="stage"/>, records its times and returns its result.</summary>
    public T Measure<T>(string stage, Func<T> work)
    {
        var start = Now();
        try
        {
            return work();
        }
        finally
        {
            Stop(stage, start);
        }
    }

    /// <summary>
    /// Starts <paramref name="work"/> as the stage <paramref name="stage"/> on the thread pool and returns at once; the
    /// stage is recorded when <see cref="ConcurrentStage{T}.Join"/> is called (records keep the order of the joins).
    /// While concurrent stages run, measure other stages with <see cref="Start{T}"/> too, not <see cref="Measure"/>,
    /// whose CPU seconds are the whole process's.
    /// </summary>
    public ConcurrentStage<T> Start<T>(string stage, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return new ConcurrentStage<T>(this, stage, work);
    }

    private static (long Ticks, TimeSpan Cpu) Now() => (Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);

    private void Stop(string stage, (long Ticks, TimeSpan Cpu) start) =>
        Add(stage, Stopwatch.GetElapsedTime(start.Ticks).TotalSeconds, (Environment.CpuUsage.TotalTime - start.Cpu).TotalSeconds);
}
