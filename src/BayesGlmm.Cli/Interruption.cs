// SIGINT and SIGTERM for the whole process: the first one cancels the command's one token; the exit code then names it.
using System.Runtime.InteropServices;

namespace BayesGlmm.Cli;

/// <summary>
/// The process's handler of SIGINT (Ctrl-C) and SIGTERM (what Slurm, Kubernetes, <c>docker stop</c> and systemd
/// send before they kill). A command that takes a cancellation token (<see cref="Cooperative"/>) is asked to stop
/// through <see cref="Token"/>, writes what it finished and returns <see cref="Program.Interrupted"/>; the process
/// then exits with 128 plus the signal's number (130 after SIGINT, 143 after SIGTERM), as a shell reports a process
/// ended by that signal. A second SIGINT aborts at once; a repeated SIGTERM is ignored, since schedulers and
/// wrapper scripts often deliver it twice and follow it with SIGKILL when they stop waiting. A command that takes
/// no token stops at once, as the runtime's default handling of the signal does.
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly TextWriter _error;
    private readonly PosixSignalRegistration[] _registrations;
    private int _signal;

    private Interruption(TextWriter error, bool register)
    {
        _error = error;
        _registrations = register
            ? [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)]
            : [];
    }

    /// <summary>Installs the handler for this process; notices go to <paramref name="error"/>.</summary>
    public static Interruption Install(TextWriter error) => new(error, register: true);

    /// <summary>An interruption that no signal reaches, raised only by <see cref="Raise"/> (for tests).</summary>
    public static Interruption Manual(TextWriter error) => new(error, register: false);

    /// <summary>Cancelled by the first SIGINT or SIGTERM while a cooperative command runs.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether the running command observes <see cref="Token"/>; otherwise a signal ends the process at once.</summary>
    public bool Cooperative { get; set; }

    /// <summary>The first signal received, or null.</summary>
    public PosixSignal? Signal => _signal == 0 ? null : (PosixSignal)_signal;

    /// <summary>128 plus the number of the first signal (130 for SIGINT, 143 for SIGTERM); 130 when none came.</summary>
    public int ExitCode => 128 + Number(Signal ?? PosixSignal.SIGINT);

    /// <summary>Handles <paramref name="signal"/> as if it had arrived; returns whether the process goes on.</summary>
    public bool Raise(PosixSignal signal)
    {
        if (!Cooperative) return false;
        if (Interlocked.CompareExchange(ref _signal, (int)signal, 0) != 0)
            return signal != PosixSignal.SIGINT;
        _error.WriteLine(signal == PosixSignal.SIGINT
            ? "Interrupted (Ctrl-C; press it again to abort)."
            : $"Interrupted ({signal}).");
        _error.Flush();
        _source.Cancel();
        return true;
    }

    /// <summary>The signal's number on Linux and macOS.</summary>
    public static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGTERM => 15,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "not a signal this program handles"),
    };

    private void OnSignal(PosixSignalContext context) => context.Cancel = Raise(context.Signal);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }
}
