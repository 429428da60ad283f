// A stage of a fit running on the thread pool beside the caller and other stages, recorded when joined.
using System.Diagnostics;

namespace BayesGlmm.Fitting;

/// <summary>
/// One stage started by <see cref="FitStages.Start{T}"/>: its work runs on the thread pool, concurrently with the
/// caller and with other stages started so. <see cref="Join"/> waits for it and records it: its wall-clock seconds run
/// from its start to its end (so the seconds of stages that overlapped add up to more than the time that passed), its
/// CPU seconds are those its own threads spent on its work (<see cref="StageTaskScheduler"/>), not the process's.
/// </summary>
/// <typeparam name="T">The stage's result.</typeparam>
public sealed class ConcurrentStage<T>
{
    private readonly FitStages _owner;
    private readonly string _stage;
    private readonly StageTaskScheduler _scheduler = new();
    private readonly Task<T> _task;
    private double _seconds;
    private bool _recorded;

    internal ConcurrentStage(FitStages owner, string stage, Func<T> work)
    {
        _owner = owner;
        _stage = stage;
        long start = Stopwatch.GetTimestamp();
        _task = Task.Factory.StartNew(() =>
        {
            try
            {
                return work();
            }
            finally
            {
                _seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
        }, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _scheduler);
    }

    /// <summary>Waits for the stage, records it once, and returns its result (or throws its exception).</summary>
    public T Join()
    {
        try
        {
            return _task.GetAwaiter().GetResult();
        }
        finally
        {
            if (!_recorded)
            {
                _recorded = true;
                _scheduler.WaitUntilIdle();
                _owner.Add(_stage, _seconds, _scheduler.CpuSeconds);
            }
        }
    }

    /// <summary>Waits for the stage to end without recording it or throwing (cleanup after another stage failed).</summary>
    public void Wait()
    {
        try
        {
            _task.Wait();
        }
        catch (AggregateException)
        {
            // The stage's own failure is reported by Join; this only makes sure its work is over.
        }
    }
}
