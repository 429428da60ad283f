// Options whose values are checked as they are parsed: each bad value is one error line naming the option and its range.
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using BayesGlmm.Sampling;

namespace BayesGlmm.Cli.Commands;

/// <summary>
/// Builds options that parse and range-check their value in one step, so that text that is no number (<c>--draws abc</c>),
/// a number too large for its type (<c>--draws 1000000000000</c>) and a value out of range (<c>--chains 0</c>) are each
/// one parse error, <c>--draws abc: it must be a whole number from 1 to 2147483647.</c>, and exit code 2. The ranges of
/// sampler settings are <see cref="SamplerOptions"/>'s own (<see cref="SamplerOptions.RangeOf"/>), checked by its
/// <see cref="SamplerOptions.Validate"/>.
/// </summary>
internal static class OptionChecks
{
    private delegate bool TryParse<T>(string text, out T value);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int?> Whole(string name, string description, int min = 1, int max = int.MaxValue) =>
        Checked<int>(name, description, Int, v => v >= min && v <= max, $"a whole number from {I(min)} to {I(max)}");

    /// <summary>A number strictly between 0 and 1.</summary>
    public static Option<double?> Probability(string name, string description) =>
        Checked<double>(name, description, Double, v => v > 0 && v < 1, "a number strictly between 0 and 1");

    /// <summary>A whole-number sampler setting (<paramref name="setting"/> is its <see cref="SamplerOptions"/> property).</summary>
    public static Option<int?> SamplerWhole(string name, string setting, string description, Func<SamplerOptions, int, SamplerOptions> set) =>
        Checked<int>(name, description, Int, v => IsValid(set(new SamplerOptions { Warmup = 0, Draws = 1 }, v)), SamplerOptions.RangeOf(setting));

    /// <summary>A numeric sampler setting.</summary>
    public static Option<double?> SamplerNumber(string name, string setting, string description, Func<SamplerOptions, double, SamplerOptions> set) =>
        Checked<double>(name, description, Double, v => IsValid(set(new SamplerOptions { Warmup = 0, Draws = 1 }, v)), SamplerOptions.RangeOf(setting));

    /// <summary>A random seed: a whole number from 0 to 2^64 − 1.</summary>
    public static Option<ulong?> Seed(string name, string description) =>
        Checked<ulong>(name, description, ULong, _ => true, SamplerOptions.RangeOf(nameof(SamplerOptions.Seed)));

    /// <summary>One of <paramref name="words"/>.</summary>
    public static Option<string?> OneOf(string name, string description, params string[] words)
    {
        string range = words.Length == 2 ? $"{words[0]} or {words[1]}" : string.Join(", ", words[..^1]) + " or " + words[^1];
        return new Option<string?>(name)
        {
            Description = description,
            CustomParser = result =>
            {
                string text = result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;
                if (words.Contains(text)) return text;
                result.AddError(Error(name, text, range));
                return null;
            },
        };
    }

    /// <summary>The error line of a bad value: <c>--draws abc: it must be a whole number from 1 to 2147483647.</c></summary>
    public static string Error(string name, string value, string range) => $"{name} {value}: it must be {range}.";

    private static Option<T?> Checked<T>(string name, string description, TryParse<T> parse, Func<T, bool> ok, string range)
        where T : struct
    {
        return new Option<T?>(name)
        {
            Description = description,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0)
                {
                    result.AddError($"{name}: a value is missing; it must be {range}.");
                    return null;
                }
                string text = result.Tokens[^1].Value;
                if (parse(text.Trim(), out T value) && ok(value)) return value;
                result.AddError(Error(name, text, range));
                return null;
            },
        };
    }

    private static bool IsValid(SamplerOptions options)
    {
        try
        {
            options.Validate();
            return true;
        }
        catch (SettingOutOfRangeException)
        {
            return false;
        }
    }

    private static bool Int(string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    private static bool ULong(string text, out ulong value) => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool Double(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string I(int x) => x.ToString(CultureInfo.InvariantCulture);
}
