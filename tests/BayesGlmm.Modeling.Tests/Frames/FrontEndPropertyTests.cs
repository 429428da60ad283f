// Robust front end: random and mutated formulas and CSV texts never fail with anything but an InputException.
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Formulas;
using BayesGlmm.Modeling.Frames;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace BayesGlmm.Modeling.Tests.Frames;

public sealed class FrontEndPropertyTests
{
    private static Config Seeded(ulong seed, int tests = 500) =>
        Config.QuickThrowOnFailure
            .WithMaxTest(tests)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));

    private static readonly DataTable Table = DataTable.ParseCsv(
        "y,x,z,f,g,h,n,r,s,t,yes\n" +
        "1.5,0.5,2,a,u,p,4,1,0.5,1,Y\n" +
        "2.5,NA,3,b,u,p,4,2,0.5,2,N\n" +
        "3.5,1.5,0,c,v,q,5,0,1.0,0,Y\n" +
        "4.5,2.0,1,a,v,q,5,5,1.0,3,N\n" +
        "5.5,2.5,-1,b,w,p,6,3,2.0,4,Y\n", "prop.csv");

    private static readonly string[] ValidFormulas =
    [
        "y ~ x + f + (1 + x | g)",
        "r | trials(n) ~ 0 + Intercept + f + (1 | g)",
        "cbind(r, n - r) ~ x * f + (1 | g:h)",
        "y | se(s) ~ 1 + (1 | g)",
        "log(y) ~ I(x^2) + sqrt(z + 1) + exp(-x) + offset(log(t + 1))",
        "y ~ 0 + f + (x || g) + (1 | h/g)",
        "r ~ 1 + offset(log(n)) + (1 | gr(g, dist = \"gamma\"))",
        "yes ~ (x + z + f)^2 - x:z + (1 | gr(g, dist = \"student\", cor = FALSE))",
        "y ~ x/f + `z` - 1",
    ];

    private static readonly string[] Fragments =
    [
        "y", "x", "z", "f", "g", "h", "n", "r", "yes", "Intercept", "unknown", "~", "+", "-", "*", "/", "^", ":", "|", "||",
        "(", ")", "(", ")", "0", "1", "2", "0.5", "1e9", "log(", "exp(", "sqrt(", "I(", "offset(", "gr(", "cbind(", "trials(", "se(",
        "dist", "=", "\"student\"", "\"beta\"", "\"bad\"", ",", " ", "`", "\"", "'", ".", "$", "%in%", "#", "\\", "\t", "\n", "é", "cor",
        "FALSE", "TRUE", "NA", "Inf",
    ];

    private static readonly Gen<string> FragmentFormula =
        Gen.Elements(Fragments).ListOf().Select(parts => string.Concat(parts));

    private static readonly Gen<char> NoisyChar = Gen.Frequency(
        (6, Gen.Elements("yxzfgh01+-*/^:|()~, =\"'`.$".ToCharArray())),
        (1, Gen.Choose(0, 0xFFFF).Select(i => (char)i)));

    private static Gen<string> Mutated(IReadOnlyList<string> seeds) =>
        from seed in Gen.Elements(seeds.ToArray())
        from count in Gen.Choose(1, 4)
        from edits in Edit.ArrayOf(count)
        select edits.Aggregate(seed, (s, e) => Mutate(s, e.Kind, e.A, e.B, e.C));

    private static readonly Gen<(int Kind, int A, int B, char C)> Edit =
        from kind in Gen.Choose(0, 3)
        from a in Gen.Choose(0, 10_000)
        from b in Gen.Choose(0, 10_000)
        from c in NoisyChar
        select (kind, a, b, c);

    private static string Mutate(string s, int kind, int a, int b, char c)
    {
        if (s.Length == 0) return c.ToString();
        int i = a % s.Length, j = b % s.Length;
        return kind switch
        {
            0 => s.Remove(i, 1),                                         // delete a character
            1 => s.Insert(i, c.ToString()),                              // insert a character
            2 => s.Insert(i, s.Substring(Math.Min(i, j), Math.Abs(i - j))), // duplicate a stretch
            _ => s[..Math.Min(i, j)] + s[Math.Max(i, j)..],             // cut a stretch
        };
    }

    /// <summary>Parses and builds; anything but success or an InputException fails the property.</summary>
    private static bool OnlyInputExceptions(string text)
    {
        Formula formula;
        try { formula = Formula.Parse(text); }
        catch (InputException e)
        {
            // Syntax errors point inside the formula.
            if (e.Details.Count == 2 && (e.Details[1].Length - 1 > text.Length || e.Details[0].Length != text.Length)) return false;
            return e.Message.Length > 0;
        }
        try { ModelFrameBuilder.Build(Table, formula); }
        catch (InputException e) { return e.Message.Length > 0; }
        return true;
    }

    [Fact]
    public void Valid_formulas_build()
    {
        foreach (var f in ValidFormulas) ModelFrameBuilder.Build(Table, Formula.Parse(f));
    }

    [Fact]
    public void Formulas_made_of_random_fragments_fail_only_with_input_errors() =>
        Prop.ForAll(Arb.From(FragmentFormula), OnlyInputExceptions).Check(Seeded(11, 1000));

    [Fact]
    public void Mutated_formulas_fail_only_with_input_errors() =>
        Prop.ForAll(Arb.From(Mutated(ValidFormulas)), OnlyInputExceptions).Check(Seeded(12, 2000));

    // Well-formed formulas over the table's columns (and some that are not), to exercise the frame builder.
    private static readonly Gen<string> Atom = Gen.Elements(
        "x", "z", "f", "g", "h", "n", "t", "yes", "Intercept", "log(x)", "I(z^2)", "sqrt(n)", "exp(-x)", "log(z)", "I(1/z)", "xx", "F", "factor(n)", "factor(z)", "factor(f)");

    private static readonly Gen<string> Term = Gen.OneOf(
        Atom,
        from a in Atom from b in Atom select $"{a}:{b}",
        from a in Atom from b in Atom select $"{a} * {b}",
        from a in Atom from b in Atom select $"({a} + {b})^2",
        from a in Atom from b in Atom select $"{a}/{b}");

    private static readonly Gen<string> GroupTerm =
        from lhs in Gen.Elements("1", "x", "1 + x", "0 + x", "f", "1 + f", "0 + Intercept", "x + z")
        from bar in Gen.Elements("|", "||")
        from grp in Gen.Elements("g", "h", "g:h", "g/h", "f", "yes", "gr(g, dist = \"student\")", "n", "y", "gr(g:h, cor = FALSE)", "x")
        select $"({lhs} {bar} {grp})";

    private static readonly Gen<string> GrammarFormula =
        from response in Gen.Elements("y", "r | trials(n)", "cbind(r, n - r)", "y | se(s)", "log(y)", "yes", "f", "x", "z | se(z)", "yes | trials(n)", "log(z)")
        from start in Gen.Elements("", "0 + ", "1 + ", "-1 + ", "0 + Intercept + ")
        from terms in Term.ListOf().Select(l => l.Take(4).ToArray())
        from ops in Gen.Elements(" + ", " + ", " - ").ArrayOf(4)
        from groups in GroupTerm.ListOf().Select(l => l.Take(3).ToArray())
        from offset in Gen.Elements("", " + offset(log(n))", " + offset(x)", " + offset(log(z))")
        select response + " ~ " + start
            + (terms.Length == 0 ? "1" : string.Concat(terms.Select((t, i) => (i == 0 ? "" : ops[i]) + t)))
            + string.Concat(groups.Select(g => " + " + g)) + offset;

    [Fact]
    public void Grammatical_formulas_fail_only_with_input_errors() =>
        Prop.ForAll(Arb.From(GrammarFormula), OnlyInputExceptions).Check(Seeded(14, 2000));

    [Fact]
    public void Lightly_mutated_grammatical_formulas_fail_only_with_input_errors() =>
        Prop.ForAll(Arb.From(from f in GrammarFormula from e in Edit select Mutate(f, e.Kind, e.A, e.B, e.C)), OnlyInputExceptions)
            .Check(Seeded(15, 2000));

    [Fact]
    public void Arbitrary_strings_fail_only_with_input_errors() =>
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)), OnlyInputExceptions).Check(Seeded(13, 500));

    // ---- CSV ----

    private static readonly string[] Cells =
    [
        "1", "2.5", "-3", "1e-3", "1e400", "NA", "", " ", "a", "b", "c d", "\"q\"", "\"1\"", "\"a,b\"", "\"\"\"\"", "\"", "x\"y",
        "Inf", "-Inf", "NaN", "\"NA\"", "\"x\ny\"", "é", "\t",
    ];

    private static readonly Gen<string> RandomCsv =
        from columns in Gen.Choose(0, 5)
        from header in Gen.Elements("y", "x", "g", "", "\"y\"", "x y", "y").ArrayOf(columns)
        from rows in Gen.Choose(0, 6)
        from cells in Gen.Elements(Cells).ArrayOf(Math.Max(columns, 1)).ArrayOf(rows)
        from ragged in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(-1, 1)))
        from ending in Gen.Elements("\n", "\r\n", "")
        select string.Join("\n", new[] { string.Join(",", header) }
            .Concat(cells.Select((row, k) => string.Join(",", k == rows - 1 && ragged != 0
                ? (ragged < 0 ? row.Skip(1) : row.Append("9"))
                : row.Take(columns))))) + ending;

    private static readonly string[] CsvSeeds =
    [
        "\"herd\",\"incidence\",\"size\",\"period\"\n\"1\",2,14,\"1\"\n\"1\",3,12,\"2\"\n\"2\",4,9,\"3\"\n",
        "y,x,g\n1,0.5,a\n2,NA,b\n3,1.5,a\n",
        "\"school\",\"y\",\"sigma\"\n\"A\",28,15\n\"B\",8,10\n",
    ];

    /// <summary>Reads CSV text, then fits "first ~ second + (1 | third)" to it; only InputExceptions may escape.</summary>
    private static bool CsvOnlyInputExceptions(string text)
    {
        DataTable table;
        try { table = DataTable.ParseCsv(text, "random.csv"); }
        catch (InputException e) { return e.Message.Contains("random.csv", StringComparison.Ordinal); }
        var names = table.Columns.Select(c => "`" + c.Name.Replace("`", "") + "`").ToArray();
        if (names.Length == 0) return true;
        var formula = names.Length switch
        {
            1 => $"{names[0]} ~ 1",
            2 => $"{names[0]} ~ {names[1]}",
            _ => $"{names[0]} ~ {names[1]} + (1 | {names[2]})",
        };
        try { ModelFrameBuilder.Build(table, Formula.Parse(formula)); }
        catch (InputException e) { return e.Message.Length > 0; }
        return true;
    }

    [Fact]
    public void Random_csv_texts_fail_only_with_input_errors() =>
        Prop.ForAll(Arb.From(RandomCsv), CsvOnlyInputExceptions).Check(Seeded(21, 1000));

    [Fact]
    public void Mutated_csv_texts_fail_only_with_input_errors() =>
        Prop.ForAll(Arb.From(Mutated(CsvSeeds)), CsvOnlyInputExceptions).Check(Seeded(22, 1000));

    [Fact]
    public void Random_csv_files_fail_only_with_input_errors()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bayesglmm-frame-props");
        Directory.CreateDirectory(dir);
        Prop.ForAll(Arb.From(Gen.OneOf(RandomCsv, Mutated(CsvSeeds))), text =>
        {
            var path = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".csv");
            File.WriteAllText(path, text);
            try
            {
                DataTable.ReadCsv(path);
                return true;
            }
            catch (InputException e) { return e.Message.Contains(path, StringComparison.Ordinal); }
            finally { File.Delete(path); }
        }).Check(Seeded(23, 200));
    }
}
