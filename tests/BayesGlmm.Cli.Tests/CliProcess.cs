// Runs the real `bayesglmm` program as a child process, to send it signals and read what it left on disk.
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace BayesGlmm.Cli.Tests;

/// <summary>A running <c>bayesglmm</c> process (the built program beside the test binaries) with its stdout and stderr collected.</summary>
internal sealed partial class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new(), _error = new();
    private readonly object _gate = new();

    private CliProcess(Process process) => _process = process;

    /// <summary>
    /// Starts the program with <paramref name="args"/> in <paramref name="workingDirectory"/>, through
    /// <c>env --default-signal=INT</c>: a test run that a shell without job control started in the background inherits
    /// SIGINT ignored, and a well-behaved program keeps ignoring what it was started ignoring.
    /// </summary>
    public static CliProcess Start(string workingDirectory, params string[] args)
    {
        string host = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "BayesGlmm.Cli.exe" : "BayesGlmm.Cli");
        var info = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add(host);
        foreach (string arg in args) info.ArgumentList.Add(arg);
        var process = new Process { StartInfo = info };
        var run = new CliProcess(process);
        process.OutputDataReceived += (_, e) => run.Append(run._output, e.Data);
        process.ErrorDataReceived += (_, e) => run.Append(run._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>What the program has written to stdout so far.</summary>
    public string Output { get { lock (_gate) return _output.ToString(); } }

    /// <summary>What the program has written to stderr so far.</summary>
    public string Error { get { lock (_gate) return _error.ToString(); } }

    /// <summary>Waits until <paramref name="condition"/> holds; false when the program ended or <paramref name="limit"/> passed first.</summary>
    public bool WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (condition()) return true;
            if (_process.HasExited) return condition();
            Thread.Sleep(100);
        }
        return false;
    }

    /// <summary>Sends <paramref name="signal"/> (SIGINT or SIGTERM) to the program.</summary>
    public void Send(PosixSignal signal)
    {
        if (Kill(_process.Id, Interruption.Number(signal)) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Kills the program outright (SIGKILL), as the out-of-memory killer or a lost machine would.</summary>
    public void KillOutright() => _process.Kill();

    /// <summary>Waits for the program to end (killing it after <paramref name="limit"/>) and returns its exit code.</summary>
    public int WaitForExit(TimeSpan limit)
    {
        if (!_process.WaitForExit(limit))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bayesglmm did not end within {limit.TotalSeconds} s.\nstderr:\n{Error}");
        }
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null) return;
        lock (_gate) target.AppendLine(line);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
