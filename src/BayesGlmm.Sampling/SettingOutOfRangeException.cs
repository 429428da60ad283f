// A sampler setting outside its range: which setting, the value given and the range it must lie in.
namespace BayesGlmm.Sampling;

/// <summary>
/// Thrown by <see cref="SamplerOptions.Validate"/>: <see cref="ArgumentException.ParamName"/> is the setting's
/// property name, <see cref="Value"/> the value given and <see cref="Range"/> what it must be. The message names the
/// setting as the library does; a command line or file reader names it its own way from these parts.
/// </summary>
public sealed class SettingOutOfRangeException : ArgumentOutOfRangeException
{
    /// <summary>Creates the exception for <paramref name="setting"/>.</summary>
    public SettingOutOfRangeException(string setting, string value, string range)
        : base(setting, $"{setting} = {value}: it must be {range}.")
    {
        Value = value;
        Range = range;
    }

    /// <summary>The value given, as text.</summary>
    public string Value { get; }

    /// <summary>The range the setting must lie in, e.g. <c>a whole number from 1 to 30</c>.</summary>
    public string Range { get; }

    /// <summary>The message without the "(Parameter ...)" suffix that <see cref="ArgumentException"/> adds.</summary>
    public override string Message => $"{ParamName} = {Value}: it must be {Range}.";
}
