// The CSV reader: column kinds, missing values, factor declarations and every bad-file error.
using BayesGlmm.Modeling.Data;

namespace BayesGlmm.Modeling.Tests.Data;

public sealed class CsvTableReaderTests
{
    [Fact]
    public void Numeric_and_categorical_columns_are_told_apart()
    {
        var t = DataTable.ParseCsv("y,x,f,q\n1.5,2,a,\"1\"\n-2e-1,3,b,\"2\"\n3,NA,a,\"10\"\n");
        Assert.Equal(3, t.RowCount);
        Assert.Equal(["y", "x", "f", "q"], t.Columns.Select(c => c.Name));
        var y = t.Find("y")!;
        Assert.False(y.IsCategorical);
        Assert.Equal([1.5, -0.2, 3.0], y.Numbers);
        var x = t.Find("x")!;
        Assert.False(x.IsCategorical);
        Assert.True(double.IsNaN(x.Numbers[2]));
        Assert.True(x.IsMissing(2));
        var f = t.Find("f")!;
        Assert.True(f.IsCategorical);
        Assert.Equal(["a", "b"], f.Levels);
        Assert.Equal([0, 1, 0], f.Codes);
        // Quoted numbers are a factor (R's write.csv quotes factors), levels in numeric order.
        var q = t.Find("q")!;
        Assert.True(q.IsCategorical);
        Assert.Equal(["1", "2", "10"], q.Levels);
        Assert.Equal([1.0, 2.0, 10.0], q.Numbers);
        Assert.True(q.LevelsAreNumbers);
    }

    [Fact]
    public void NA_and_empty_cells_are_missing_in_both_kinds_of_column()
    {
        var t = DataTable.ParseCsv("x,f\n1,a\n,NA\nNA,\n  ,b\n");
        var x = t.Find("x")!;
        Assert.False(x.IsCategorical);
        Assert.Equal([false, true, true, true], Enumerable.Range(0, 4).Select(x.IsMissing));
        var f = t.Find("f")!;
        Assert.Equal([0, -1, -1, 1], f.Codes);
        Assert.Null(f.Raw[1]);
    }

    [Fact]
    public void Declared_factors_are_categorical_and_unknown_declarations_fail()
    {
        var t = DataTable.ParseCsv("y,period\n1,1\n2,2\n3,10\n", factors: ["period"]);
        var p = t.Find("period")!;
        Assert.True(p.IsCategorical);
        Assert.True(p.IsDeclaredFactor);
        Assert.Equal(["1", "2", "10"], p.Levels);
        var e = Assert.Throws<InputException>(() => DataTable.ParseCsv("y,period\n1,1\n", "d.csv", ["perod"]));
        Assert.Contains("perod", e.Message);
        Assert.Contains("d.csv", e.Message);
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_quotes_and_line_breaks()
    {
        var t = DataTable.ParseCsv("name,y\n\"Smith, J\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\n");
        Assert.Equal(["say \"hi\"", "Smith, J", "two\nlines"], t.Find("name")!.Levels);
        Assert.Equal([1.0, 2.0, 3.0], t.Find("y")!.Numbers);
    }

    [Fact]
    public void Numbers_are_culture_invariant_and_Inf_is_a_number()
    {
        var t = DataTable.ParseCsv("a,b,c\n1.5,Inf,\"1,5\"\n2,-Inf,x\n");
        Assert.Equal([1.5, 2.0], t.Find("a")!.Numbers);
        Assert.Equal([double.PositiveInfinity, double.NegativeInfinity], t.Find("b")!.Numbers);
        Assert.True(t.Find("c")!.IsCategorical);   // "1,5" is not a number
    }

    [Fact]
    public void An_unnamed_first_column_is_called_X_as_R_names_row_names()
    {
        var t = DataTable.ParseCsv("\"\",\"y\"\n\"1\",2\n\"2\",3\n");
        Assert.Equal(["X", "y"], t.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Reads_a_file_with_a_byte_order_mark_and_CRLF_lines()
    {
        var path = TestFiles.WriteTemp("\uFEFFy,g\r\n1,a\r\n2,b\r\n");
        var t = DataTable.ReadCsv(path);
        Assert.Equal(path, t.SourcePath);
        Assert.Equal(["y", "g"], t.Columns.Select(c => c.Name));
        Assert.Equal(2, t.RowCount);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "data.csv");
        var e = Assert.Throws<InputException>(() => DataTable.ReadCsv(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void A_directory_is_not_a_data_file()
    {
        var e = Assert.Throws<InputException>(() => DataTable.ReadCsv(Path.GetTempPath()));
        Assert.Contains(Path.GetTempPath(), e.Message);
    }

    [Fact]
    public void An_unreadable_file_is_named()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = TestFiles.WriteTemp("y\n1\n");
        File.SetUnixFileMode(path, UnixFileMode.None);
        try
        {
            // The super-user reads anything; then there is nothing to test.
            bool readable;
            try { using var s = File.OpenRead(path); readable = true; } catch (UnauthorizedAccessException) { readable = false; }
            if (readable) return;
            var e = Assert.Throws<InputException>(() => DataTable.ReadCsv(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("cannot be read", e.Message);
        }
        finally { File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite); }
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void An_empty_file_is_named(string text)
    {
        var path = TestFiles.WriteTemp(text);
        var e = Assert.Throws<InputException>(() => DataTable.ReadCsv(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void A_header_without_rows_is_named()
    {
        var path = TestFiles.WriteTemp("y,x\n");
        var e = Assert.Throws<InputException>(() => DataTable.ReadCsv(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("no data rows", e.Message);
    }

    [Theory]
    [InlineData("y,x\n1,2\n3\n", 2, "1 field")]
    [InlineData("y,x\n1,2\n3,4\n5,6,7\n", 3, "3 fields")]
    public void A_ragged_file_names_the_file_and_the_row(string text, int row, string fields)
    {
        var path = TestFiles.WriteTemp(text);
        var e = Assert.Throws<InputException>(() => DataTable.ReadCsv(path));
        Assert.Contains(path, e.Message);
        Assert.Contains($"row {row}", e.Message);
        Assert.Contains(fields, e.Message);
        Assert.Contains("header has 2", e.Message);
    }

    [Fact]
    public void A_semicolon_separated_file_gets_a_hint()
    {
        var e = Assert.Throws<InputException>(() => DataTable.ParseCsv("y;x\n1,5;2\n", "semi.csv"));
        Assert.Contains("semi.csv", e.Message);
        Assert.Contains("row 1", e.Message);
        Assert.Contains("semicolon", e.Message);
    }

    [Fact]
    public void A_duplicated_column_name_is_named()
    {
        var e = Assert.Throws<InputException>(() => DataTable.ParseCsv("y,x,y\n1,2,3\n", "d.csv"));
        Assert.Contains("'y'", e.Message);
        Assert.Contains("d.csv", e.Message);
    }

    [Fact]
    public void Every_data_set_reads_with_the_documented_column_kinds()
    {
        var expected = new Dictionary<string, (int Rows, string[] Categorical, string[] Numeric)>
        {
            ["cbpp.csv"] = (56, ["herd", "period"], ["incidence", "size"]),
            ["eight_schools.csv"] = (8, ["school"], ["y", "sigma"]),
            ["epilepsy.csv"] = (236, ["Trt", "patient", "visit", "obs"], ["Age", "Base", "count", "zAge", "zBase"]),
            ["insteval.csv"] = (73421, ["s", "d", "studage", "lectage", "service", "dept"], ["y"]),
            ["pilots.csv"] = (40, ["scenario", "group"], ["y"]),
            ["pumps.csv"] = (10, [], ["pump", "failures", "time"]),
            ["radon_mn.csv"] = (919, ["county"], ["log_radon", "floor"]),
            ["rats.csv"] = (150, ["rat"], ["day", "day_c", "weight"]),
            ["seeds.csv"] = (21, ["plate"], ["r", "n", "seed", "extract"]),
            ["sleepstudy.csv"] = (180, ["Subject"], ["Reaction", "Days"]),
            ["surgical.csv"] = (12, ["hospital"], ["deaths", "operations"]),
            ["verbagg.csv"] = (7584, ["Gender", "item", "resp", "id", "btype", "situ", "mode", "r2"], ["Anger"]),
            ["wine.csv"] = (72, ["temp", "contact", "bottle", "judge"], ["response", "rating"]),
        };
        foreach (var (file, (rows, categorical, numeric)) in expected)
        {
            var t = DataTable.ReadCsv(TestFiles.DataSet(file));
            Assert.Equal(rows, t.RowCount);
            foreach (var c in categorical) Assert.True(t.Find(c)!.IsCategorical, $"{file}: {c} should be categorical");
            foreach (var c in numeric) Assert.False(t.Find(c)!.IsCategorical, $"{file}: {c} should be numeric");
        }
    }

    [Fact]
    public void Data_set_levels_are_in_R_order()
    {
        var radon = DataTable.ReadCsv(TestFiles.DataSet("radon_mn.csv"));
        Assert.Equal(["c1", "c10", "c11"], radon.Find("county")!.Levels.Take(3));
        var cbpp = DataTable.ReadCsv(TestFiles.DataSet("cbpp.csv"));
        Assert.Equal(Enumerable.Range(1, 15).Select(i => i.ToString()), cbpp.Find("herd")!.Levels);
        Assert.Equal(["1", "2", "3", "4"], cbpp.Find("period")!.Levels);
        var verbagg = DataTable.ReadCsv(TestFiles.DataSet("verbagg.csv"));
        Assert.Equal(["N", "Y"], verbagg.Find("r2")!.Levels);
        Assert.Equal(["no", "perhaps", "yes"], verbagg.Find("resp")!.Levels);
    }
}
