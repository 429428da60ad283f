// A task scheduler that runs one stage's work on the thread pool and adds up the CPU time its threads spend on it.
namespace BayesGlmm.Fitting;

/// <summary>
/// Runs the tasks of one stage on the thread pool and sums the thread CPU time (<see cref="ThreadCpuTime"/>) spent
/// executing them. Parallel loops inside the stage's work (<c>Parallel.For</c> without a scheduler of its own) schedule
/// their workers on <see cref="TaskScheduler.Current"/>, which is this scheduler, so the stage is charged with its
/// workers too. A task run inline inside another of the same thread is counted once. Not counted: work the stage hands
/// to the default scheduler explicitly (<c>Task.Run</c>) and the runtime's own threads (background JIT, GC).
/// </summary>
internal sealed class StageTaskScheduler : TaskScheduler
{
    /// <summary>How deep the calling thread is inside tasks of stage schedulers (only the outermost one is timed).</summary>
    [ThreadStatic]
    private static int t_depth;

    private readonly Lock _lock = new();
    private double _cpuSeconds;
    private int _running;

    /// <summary>The thread CPU seconds spent in this scheduler's tasks so far.</summary>
    public double CpuSeconds
    {
        get
        {
            lock (_lock) return _cpuSeconds;
        }
    }

    /// <summary>
    /// Waits until no thread is inside one of this scheduler's tasks. A task counts as complete inside
    /// <see cref="TaskScheduler.TryExecuteTask"/>, before its thread adds the CPU time it used: wait for this after the
    /// stage's work is done and before reading <see cref="CpuSeconds"/>.
    /// </summary>
    public void WaitUntilIdle() => SpinWait.SpinUntil(() => Volatile.Read(ref _running) == 0);

    /// <inheritdoc/>
    protected override void QueueTask(Task task) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Scheduler.Execute(state.Task), (Scheduler: this, Task: task), preferLocal: false);

    /// <inheritdoc/>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => Execute(task);

    /// <summary>The queued tasks are not tracked (the thread pool holds them).</summary>
    protected override IEnumerable<Task>? GetScheduledTasks() => null;

    private bool Execute(Task task)
    {
        if (t_depth > 0)
        {
            t_depth++;
            try
            {
                return TryExecuteTask(task);
            }
            finally
            {
                t_depth--;
            }
        }
        t_depth = 1;
        Interlocked.Increment(ref _running);
        double start = ThreadCpuTime.Now();
        try
        {
            return TryExecuteTask(task);
        }
        finally
        {
            double used = ThreadCpuTime.Now() - start;
            t_depth = 0;
            lock (_lock) _cpuSeconds += used;
            Interlocked.Decrement(ref _running);
        }
    }
}
