// Runs the real bayesglmm program as a child process, so tests can send it signals and look at what it left on disk.
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace BayesGlmm.Cli.Tests.Processes;

/// <summary>
/// The built <c>BayesGlmm.Cli.dll</c> run by the same <c>dotnet</c> host as the tests, with its standard output and
/// error collected. <see cref="Signal"/> sends a POSIX signal (SIGINT as Ctrl-C does, SIGKILL as an out-of-memory kill).
/// </summary>
internal sealed partial class ProgramProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigKill = 9;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private ProgramProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_error) _error.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts <c>bayesglmm</c> with <paramref name="args"/> in <paramref name="workingDirectory"/>. It is started through
    /// <c>env --default-signal=INT</c>: a test run launched in the background by a shell without job control inherits
    /// SIGINT ignored, and a well-behaved program (this one too) keeps ignoring what it was started ignoring.
    /// </summary>
    public static ProgramProcess Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(DotnetHost());
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BayesGlmm.Cli.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        return new ProgramProcess(Process.Start(start) ?? throw new InvalidOperationException("bayesglmm did not start."));
    }

    /// <summary>Sends signal <paramref name="signal"/> to the program.</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
    }

    /// <summary>Waits for the program to end and returns its exit code and output.</summary>
    public (int ExitCode, string Output, string Error) WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bayesglmm did not end within {timeout}. Error so far:\n{Error}");
        }
        _process.WaitForExit();
        return (_process.ExitCode, Output, Error);
    }

    /// <summary>The standard output so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The standard error so far.</summary>
    public string Error { get { lock (_error) return _error.ToString(); } }

    /// <summary>Waits until <paramref name="condition"/> holds, polling; throws with the program's error output after <paramref name="timeout"/>.</summary>
    public void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited) throw new InvalidOperationException($"bayesglmm ended (exit {_process.ExitCode}) before {what}. Error:\n{Error}");
            if (clock.Elapsed > timeout) throw new TimeoutException($"Not {what} within {timeout}. Error so far:\n{Error}");
            Thread.Sleep(100);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    /// <summary>The dotnet host running the tests (dotnet test sets DOTNET_HOST_PATH), else the one on the path.</summary>
    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
