// `bayesglmm sensitivity DIR`: power-scaling prior and likelihood sensitivity of a fit's parameters.
using System.CommandLine;
using System.Globalization;
using System.Text;
using BayesGlmm.Analysis.Sensitivity;
using BayesGlmm.Modeling;

namespace BayesGlmm.Cli.Commands;

/// <summary>The <c>sensitivity</c> subcommand.</summary>
/// <remarks>
/// <c>--prior-class</c> selects which priors are power-scaled (priorsense's <c>prior_selection</c>): a class, one
/// prior's parameter or a group's sds, resolved by <see cref="PriorClassSelection"/> against the model's
/// <see cref="IPriorClasses.PriorTerms"/>; without it the joint prior is scaled.
/// </remarks>
internal static class SensitivityCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

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
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            var fit = FitDirectory.Load(directory);
            var model = FitDirectory.RebuildModel(fit);
            var (logPrior, logLikelihood) = ModelLogDensities.Compute(fit.Draws, model, priorClasses);
            var variables = PowerScaling.DefaultVariables(model.OutputNames, all);
            var result = PowerScaling.Analyze(fit.Draws, logPrior, logLikelihood, new PowerScalingOptions
            {
                Variables = variables,
                PriorSelection = PriorClassSelection.IsJoint(priorClasses) ? null : priorClasses,
            });
            stdout.Write(Format(result, fit.Draws.DrawCount));
            return Program.Success;
        }
        catch (InputException e)
        {
            stderr.WriteLine("error: " + e.Message);
            foreach (var detail in e.Details) stderr.WriteLine(detail);
            return Program.BadInput;
        }
    }

    /// <summary>The table priorsense prints (variable, prior, likelihood, diagnosis) and the Pareto-k warnings.</summary>
    private static string Format(PowerScalingResult result, int drawCount)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Create(Invariant,
            $"Sensitivity based on cjs_dist ({drawCount} draws), prior selection: {result.PriorSelection}, likelihood selection: all data"));
        text.AppendLine();
        int vw = Math.Max("variable".Length, result.Rows.Select(r => r.Variable.Length).DefaultIfEmpty(0).Max());
        text.AppendLine($"{"variable".PadRight(vw)}  {"prior",6}  {"likelihood",10}  diagnosis");
        foreach (var row in result.Rows)
            text.AppendLine($"{row.Variable.PadRight(vw)}  {Number(row.Prior),6}  {Number(row.Likelihood),10}  {row.DiagnosisText}");
        if (!result.Smoothing.Any(s => s.Component == PowerScalingComponent.Prior))
            text.AppendLine("Note: the selected log prior is constant over the draws (a flat prior such as lkj(1)), so it cannot be power-scaled.");
        foreach (var s in result.HighK)
            text.AppendLine(string.Create(Invariant,
                $"Warning: Pareto k = {s.ParetoK:F2} > {s.KhatThreshold:F2} when power-scaling the {s.Component.ToString().ToLowerInvariant()} with alpha = {s.Alpha}: its sensitivities are unreliable."));
        return text.ToString();
    }

    private static string Number(double v) => double.IsNaN(v) ? "NA" : v.ToString("F3", Invariant);
}
