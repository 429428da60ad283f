// Validators shared by the commands' options: positive counts and values in (0, 1).
using System.CommandLine;

namespace BayesGlmm.Cli.Commands;

/// <summary>Adds parse-time checks to options, so that a bad value is a parse error (exit code 2).</summary>
internal static class OptionChecks
{
    /// <summary>Requires the option's value, when given, to be at least 1.</summary>
    public static Option<int?> Positive(this Option<int?> option)
    {
        option.Validators.Add(result =>
        {
            int? value = result.GetValueOrDefault<int?>();
            if (value is < 1) result.AddError($"{option.Name} must be a positive whole number (got {value}).");
        });
        return option;
    }

    /// <summary>Requires the option's value, when given, to lie strictly between 0 and 1.</summary>
    public static Option<double?> OpenUnitInterval(this Option<double?> option)
    {
        option.Validators.Add(result =>
        {
            double? value = result.GetValueOrDefault<double?>();
            if (value is double v && !(v > 0 && v < 1))
                result.AddError($"{option.Name} must lie strictly between 0 and 1 (got {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        });
        return option;
    }
}
