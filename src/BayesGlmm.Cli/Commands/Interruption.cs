// Ctrl-C during a long run: the first press stops the work after its current step and keeps what is done, a second one exits.
namespace BayesGlmm.Cli.Commands;

/// <summary>
/// Turns Ctrl-C into cancellation of <see cref="Token"/> while alive: the first press writes <c>message</c> and
/// cancels, so the run stops after each chain's current iteration and keeps the draws made; a second press exits
/// at once with <see cref="Program.Interrupted"/> (the hidden output directory then keeps what was streamed, and the
/// next fit to the same output says so).
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly ConsoleCancelEventHandler _handler;

    /// <summary>Starts listening for Ctrl-C; <paramref name="message"/> is written to <paramref name="error"/> at the first press.</summary>
    public Interruption(TextWriter error, string message)
    {
        _handler = (_, e) =>
        {
            e.Cancel = true;
            if (_source.IsCancellationRequested) Environment.Exit(Program.Interrupted);
            error.WriteLine(message);
            _source.Cancel();
        };
        Console.CancelKeyPress += _handler;
    }

    /// <summary>Cancelled at the first Ctrl-C.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        Console.CancelKeyPress -= _handler;
        _source.Dispose();
    }
}
