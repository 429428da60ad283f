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

    /// <summary>
    /// The model-file setting that mends the input and the value to give it, e.g. (<c>"factors"</c>, <c>"x"</c>):
    /// the library names the setting, a front end may add its own spelling of it (the command line's flag).
    /// </summary>
    public SettingRemedy? Remedy { get; init; }
}

/// <summary>A model-file setting (<see cref="Name"/>, as a model file spells it) and the value that mends the input.</summary>
public sealed record SettingRemedy(string Name, string Value)
{
    /// <summary>The model-file setting listing the columns read as factors.</summary>
    public const string Factors = "factors";
}
