using BayesGlmm.Modeling.Data;

namespace BayesGlmm.Modeling.Tests.Data;

public sealed class CsvFieldsTests
{
    [Fact]
    public void QuotedFieldsKeepCommasAndDoubledQuotes()
    {
        var fields = CsvFields.Split("1,\"r_county[LAC QUI PARLE,Intercept]\",\"say \"\"hi\"\"\",,x\r", out bool open);
        Assert.False(open);
        Assert.Equal(["1", "r_county[LAC QUI PARLE,Intercept]", "say \"hi\"", "", "x"], fields);
    }

    [Fact]
    public void AnUnclosedQuoteIsReported()
    {
        var fields = CsvFields.Split("3,\"b_Int", out bool open);
        Assert.True(open);
        Assert.Equal(2, fields.Count);
    }
}
