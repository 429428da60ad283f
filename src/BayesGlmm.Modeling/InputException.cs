// Bad input from a user: a data file, a formula, a family, a prior or a setting that cannot be used.
namespace BayesGlmm.Modeling;

/// <summary>
/// Thrown for bad user input. The message is one line that names the file, column, row or formula
/// position and says what to do; the command line prints it on stderr and exits with code 2.
/// Never thrown for a bug: those are ordinary exceptions.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the error with its complete, user-facing message.</summary>
    public InputException(string message) : base(message) { }

    /// <summary>Creates the error with its complete, user-facing message and the low-level cause.</summary>
    public InputException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Extra lines shown under the message (for example a formula with a caret under the position).</summary>
    public IReadOnlyList<string> Details { get; init; } = [];
}
