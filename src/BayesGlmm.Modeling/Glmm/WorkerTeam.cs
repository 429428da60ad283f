// A fixed team of threads that run one piece of work together, the caller taking part, without allocating per run.
using System.Runtime.ExceptionServices;

namespace BayesGlmm.Modeling.Glmm;

/// <summary>
/// Runs <c>work(member)</c> for member 0 .. <see cref="Size"/> − 1 at once: member 0 on the calling thread, the others on
/// background threads the team owns for its lifetime (woken by a semaphore, each run's end signalled by the last member to
/// finish). <see cref="Run"/> returns when every member has finished and rethrows the first exception a member threw.
/// Nothing allocates per run. One caller at a time.
/// </summary>
internal sealed class WorkerTeam : IDisposable
{
    private readonly Action<int> _work;
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _wake;
    private readonly ManualResetEventSlim _finished = new(false, spinCount: 2000);
    private int _running;
    private volatile bool _disposed;
    private ExceptionDispatchInfo? _failure;

    /// <summary>A team of <paramref name="size"/> members (the caller and size − 1 threads) that run <paramref name="work"/>.</summary>
    public WorkerTeam(int size, Action<int> work)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _work = work;
        Size = size;
        _threads = new Thread[size - 1];
        _wake = new SemaphoreSlim[size - 1];
        for (int t = 0; t < _threads.Length; t++)
        {
            int member = t + 1;
            _wake[t] = new SemaphoreSlim(0);
            _threads[t] = new Thread(() => Loop(member)) { IsBackground = true, Name = $"bayesglmm gradient {member}" };
            _threads[t].Start();
        }
    }

    /// <summary>The number of members, the caller included.</summary>
    public int Size { get; }

    /// <summary>Runs the work on every member and waits for all of them.</summary>
    public void Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _failure = null;
        if (_threads.Length > 0)
        {
            _finished.Reset();
            Volatile.Write(ref _running, _threads.Length);
            foreach (var wake in _wake) wake.Release();
        }
        try
        {
            _work(0);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
        }
        if (_threads.Length > 0) _finished.Wait();
        _failure?.Throw();
    }

    private void Loop(int member)
    {
        var wake = _wake[member - 1];
        while (true)
        {
            wake.Wait();
            if (_disposed) return;
            try
            {
                _work(member);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            }
            if (Interlocked.Decrement(ref _running) == 0) _finished.Set();
        }
    }

    /// <summary>Ends the threads (after a run in progress).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var wake in _wake) wake.Release();
        foreach (var thread in _threads) thread.Join();
        foreach (var wake in _wake) wake.Dispose();
        _finished.Dispose();
    }
}
