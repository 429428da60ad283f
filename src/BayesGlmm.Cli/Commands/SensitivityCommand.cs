// `bayesglmm sensitivity DIR`: power-scaling prior and likelihood sensitivity of a fit's parameters.
using System.CommandLine;
using BayesGlmm.Analysis.Sensitivity;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Sensitivity;

namespace BayesGlmm.Cli.Commands;

/// <summary>The <c>sensitivity</c> subcommand.</summary>
/// <remarks>
/// <c>--prior-class</c> selects which priors are power-scaled (priorsense's <c>prior_selection</c>): a class, one
/// prior's parameter or a group's sds, resolved by <see cref="PriorClassSelection"/> against the model's
/// <see cref="IPriorClasses.PriorTerms"/>; without it the joint prior is scaled.
/// </remarks>
internal static class SensitivityCommand
{
    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A fit's output directory (with fit.json, the chain files and the data file it names)." };
        var priorClass = new Option<string[]>("--prior-class")
        {
            Description = "Priors to power-scale (repeatable): a class (b, Intercept, sd, cor, df, sigma, shape, phi, nu), one prior's parameter (b_x, sd_g__x, cor_g), a group's sds (sd_g), or 'all' (the default).",
            AllowMultipleArgumentsPerToken = false,
        };
        var all = new Option<bool>("--all") { Description = "Also assess the group-level effects r_* (and an HGLM's u_*), left out by default." };
        var command = new Command("sensitivity", "Power-scaling prior and likelihood sensitivity of every parameter (Kallioinen et al. 2023), with priorsense's diagnosis.")
        {
            directory, priorClass, all,
        };
        command.SetAction(parse => Run(parse, parse.GetValue(directory)!, parse.GetValue(priorClass) ?? [], parse.GetValue(all)));
        return command;
    }

    private static int Run(ParseResult parse, string directory, string[] priorClasses, bool all)
    {
        var fit = FitDirectory.Load(directory);
        var result = SensitivityService.Analyze(fit, priorClasses, all);
        parse.InvocationConfiguration.Output.Write(SensitivityText.Format(result, fit.Draws.DrawCount));
        return Program.Success;
    }
}
