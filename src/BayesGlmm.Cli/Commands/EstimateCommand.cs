// `bayesglmm estimate`: point estimates as lme4 gives them (REML, ML, Laplace, adaptive quadrature), printed and optionally written as CSV.
using System.CommandLine;
using BayesGlmm.Estimation;
using BayesGlmm.Fitting;
using BayesGlmm.Modeling;
using BayesGlmm.Modeling.Estimation;

namespace BayesGlmm.Cli.Commands;

/// <summary>The <c>estimate</c> command.</summary>
internal static class EstimateCommand
{
    private sealed class Symbols
    {
        public readonly Argument<string?> ModelArgument = new("MODEL") { Description = "A model file (JSON), e.g. models/sleepstudy.json; its priors and sampler settings are not used.", Arity = ArgumentArity.ZeroOrOne };
        public readonly Option<string?> DataOption = new("--data") { Description = "The data file (CSV with a header row), instead of a model file." };
        public readonly Option<string?> FormulaOption = new("--formula") { Description = "The model formula in lme4/brms syntax, e.g. \"y ~ x + (1 | g)\"." };
        public readonly Option<string?> FamilyOption = new("--family") { Description = "The family and link, e.g. gaussian, poisson, \"binomial(probit)\" (default gaussian)." };
        public readonly Option<string[]> FactorOption = new("--factor") { Description = "A column to treat as categorical (repeat for several)." };
        public readonly Option<string?> MethodOption = new("--method") { Description = "reml or ml (lmer; gaussian identity), laplace or agq (glmer). Default: reml for gaussian(identity), laplace otherwise." };
        public readonly Option<int?> NodesOption = OptionChecks.Whole("--nagq", "Quadrature points per cluster for --method agq (lme4's nAGQ; one scalar group-level term; default 10).");
        public readonly Option<string?> OutputOption = new("--output") { Description = "Also write the estimates to this CSV file (variable,estimate,se and a logLik row)." };
    }

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var s = new Symbols();
        s.MethodOption.AcceptOnlyFromAmong("reml", "ml", "laplace", "agq");
        var command = new Command("estimate", "Point estimates as lme4 gives them: REML or ML (lmer), Laplace or adaptive Gauss-Hermite quadrature (glmer), with brms names.");
        command.Arguments.Add(s.ModelArgument);
        foreach (Option option in new Option[] { s.DataOption, s.FormulaOption, s.FamilyOption, s.FactorOption, s.MethodOption, s.NodesOption, s.OutputOption })
            command.Options.Add(option);
        command.SetAction(parse => Execute(parse, s));
        return command;
    }

    private static int Execute(ParseResult parse, Symbols s)
    {
        string? modelPath = parse.GetValue(s.ModelArgument), data = parse.GetValue(s.DataOption), formula = parse.GetValue(s.FormulaOption);
        string? family = parse.GetValue(s.FamilyOption), outputPath = parse.GetValue(s.OutputOption);
        string[] factors = parse.GetValue(s.FactorOption) ?? [];
        ModelSpec spec;
        if (modelPath is not null)
        {
            spec = ModelFile.Load(modelPath).Model;
            if (data is not null) spec = spec with { DataPath = Path.GetFullPath(data) };
            if (formula is not null) spec = spec with { Formula = formula };
            if (family is not null) spec = spec with { Family = family };
            if (factors.Length > 0) spec = spec with { Factors = spec.Factors.Concat(factors).ToArray() };
        }
        else if (data is null || formula is null)
            throw new InputException("estimate needs a model file (bayesglmm estimate models/sleepstudy.json) or both --data and --formula.");
        else spec = new ModelSpec(Path.GetFileNameWithoutExtension(data), Path.GetFullPath(data), formula, family ?? "gaussian", [], factors);
        OutputFiles.RequireWritable(outputPath, "--output");
        int? nodes = parse.GetValue(s.NodesOption);
        var method = parse.GetValue(s.MethodOption) is string m ? EstimateOptions.ParseMethod(m)
            : spec.Family.Replace(" ", "", StringComparison.Ordinal) is "gaussian" or "gaussian(identity)" ? EstimationMethod.Reml : EstimationMethod.Laplace;
        if (nodes is not null && method != EstimationMethod.Agq) throw new InputException("--nagq goes with --method agq.");
        var result = EstimateService.Run(spec, new EstimateOptions(method, nodes ?? (method == EstimationMethod.Agq ? 10 : 1)));
        if (outputPath is not null) OutputFiles.WriteAtomically(outputPath, EstimateService.ToCsv(result));
        parse.InvocationConfiguration.Output.Write(EstimateService.Format(result, spec));
        return 0;
    }
}
