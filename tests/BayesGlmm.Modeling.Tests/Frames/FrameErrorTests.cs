// Bad data and formulas give one clear InputException naming the file, column, row or position.
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Tests.Frames;

public sealed class FrameErrorTests
{
    private static readonly DataTable Table = DataTable.ParseCsv(
        "Reaction,Days,Subject,answer,one,x\n" +
        "250,0,s1,Y,k,1\n" +
        "260,1,s1,N,k,0\n" +
        "270,0,s2,Y,k,0\n" +
        "280,1,s2,N,k,2\n", "sleep.csv");

    private static InputException Fails(string formula, DataTable? table = null) =>
        Assert.Throws<InputException>(() => ModelFrameBuilder.Build(table ?? Table, Formula.Parse(formula)));

    private static void AssertCaret(InputException e, string formula, int position)
    {
        Assert.Contains($"position {position + 1}", e.Message);
        Assert.Equal([formula, new string(' ', position) + "^"], e.Details);
    }

    [Fact]
    public void An_unknown_column_lists_the_nearest_names()
    {
        const string formula = "Reaction ~ Dayz + (1 | Subject)";
        var e = Fails(formula);
        Assert.Contains("'Dayz'", e.Message);
        Assert.Contains("sleep.csv", e.Message);
        Assert.Contains("Nearest columns: Days,", e.Message);
        AssertCaret(e, formula, 11);
    }

    [Fact]
    public void Unknown_columns_are_found_everywhere_in_the_formula()
    {
        Assert.Contains("'subject'", Fails("Reaction ~ Days + (1 | subject)").Message);
        Assert.Contains("Nearest columns: Subject", Fails("Reaction ~ Days + (1 | subject)").Message);
        Assert.Contains("'n'", Fails("Reaction | trials(n) ~ 1").Message);
        Assert.Contains("'t'", Fails("Reaction ~ 1 + offset(log(t))").Message);
        Assert.Contains("'react'", Fails("log(react) ~ 1").Message);
        Assert.Contains("'z'", Fails("Reaction ~ (1 + z | Subject)").Message);
    }

    [Fact]
    public void A_non_numeric_response_in_a_numeric_formula_names_the_column()
    {
        const string formula = "answer | trials(x) ~ Days";
        var e = Fails(formula);
        Assert.Contains("'answer'", e.Message);
        Assert.Contains("not numeric", e.Message);
        Assert.Contains("'N', 'Y'", e.Message);
        AssertCaret(e, formula, 0);
        var log = Fails("log(answer) ~ Days");
        Assert.Contains("'answer'", log.Message);
        Assert.Contains("response", log.Message);
        Assert.Contains("'answer'", Fails("cbind(answer, x) ~ 1").Message);
    }

    [Fact]
    public void A_single_level_grouping_factor_is_named()
    {
        const string formula = "Reaction ~ Days + (1 | one)";
        var e = Fails(formula);
        Assert.Contains("'one'", e.Message);
        Assert.Contains("only one level", e.Message);
        AssertCaret(e, formula, 23);
    }

    [Fact]
    public void A_single_level_factor_predictor_is_named()
    {
        var e = Fails("Reaction ~ one");
        Assert.Contains("'one'", e.Message);
        Assert.Contains("only one level", e.Message);
    }

    [Fact]
    public void All_rows_dropped_names_the_columns_with_missing_values()
    {
        var t = DataTable.ParseCsv("y,x,g\n1,NA,a\nNA,2,b\n3,NA,a\n", "holes.csv");
        var e = Fails("y ~ x + (1 | g)", t);
        Assert.Contains("holes.csv", e.Message);
        Assert.Contains("All 3 rows", e.Message);
        Assert.Contains("x: 2 missing", e.Message);
        Assert.Contains("y: 1 missing", e.Message);
    }

    [Fact]
    public void A_non_finite_predictor_names_the_row()
    {
        var e = Fails("Reaction ~ log(x)");
        Assert.Contains("log(x)", e.Message);
        Assert.Contains("row 2", e.Message);
        Assert.Contains("sleep.csv", e.Message);
        Assert.Contains("row 2", Fails("Reaction ~ 1 + offset(log(x))").Message);
    }

    [Fact]
    public void A_categorical_column_inside_a_transform_is_named()
    {
        var e = Fails("Reaction ~ log(Subject)");
        Assert.Contains("'Subject'", e.Message);
        Assert.Contains("not numeric", e.Message);
    }

    [Fact]
    public void The_same_group_effect_twice_is_rejected()
    {
        var e = Fails("Reaction ~ (1 | Subject) + (1 + Days | Subject)");
        Assert.Contains("'Intercept'", e.Message);
        Assert.Contains("'Subject'", e.Message);
        // Different coefficients of one factor in separate terms are fine.
        ModelFrameBuilder.Build(Table, Formula.Parse("Reaction ~ (1 | Subject) + (0 + Days | Subject)"));
    }

    [Fact]
    public void Huge_expansions_are_input_errors()
    {
        var atoms = string.Join(" + ", Enumerable.Range(0, 14).Select(i => $"a{i}"));
        Assert.Throws<InputException>(() => Formula.Parse($"y ~ ({atoms})^10"));
        Assert.Throws<InputException>(() => Formula.Parse($"y ~ ({atoms}) * ({atoms}) * ({atoms}) * ({atoms})"));
    }

    [Fact]
    public void A_design_too_large_to_build_is_an_input_error()
    {
        var rows = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},l{i}\n"));
        var t = DataTable.ParseCsv("y,f\n" + rows, "big.csv");
        var e = Assert.Throws<InputException>(() => ModelFrameBuilder.Build(t, Formula.Parse("y ~ f")));
        Assert.Contains("group-level term", e.Message);
    }
}
