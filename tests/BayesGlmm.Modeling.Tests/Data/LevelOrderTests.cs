// Factor level order: numeric when all levels are numbers, else R's English collation.
using BayesGlmm.Modeling.Data;

namespace BayesGlmm.Modeling.Tests.Data;

public sealed class LevelOrderTests
{
    [Fact]
    public void Numbers_sort_numerically() =>
        Assert.Equal(["-1", "1", "2", "10", "1e3"], LevelOrder.Sort(["10", "2", "1e3", "1", "-1", "2"]));

    [Fact]
    public void Digits_in_strings_sort_one_at_a_time() =>
        Assert.Equal(["c1", "c10", "c11", "c2", "c20"], LevelOrder.Sort(["c2", "c20", "c10", "c1", "c11"]));

    [Fact]
    public void Letters_ignore_case_with_lowercase_first() =>
        // R in en_US: sort(c("b", "A", "a", "B")) gives "a" "A" "b" "B".
        Assert.Equal(["a", "A", "b", "B"], LevelOrder.Sort(["b", "A", "a", "B"]));

    [Fact]
    public void Punctuation_and_digits_come_before_letters() =>
        Assert.Equal(["_x", "1a", "a", "ab", "b"], LevelOrder.Sort(["b", "ab", "a", "1a", "_x"]));

    [Fact]
    public void Sorting_is_a_total_order()
    {
        var values = new[] { "a", "A", "a b", "a_b", "a-b", "a.b", "ab", "AB", "Ab", "10", "1", "x1", "X1", "", " " };
        var sorted = LevelOrder.Sort(values);
        Assert.Equal(values.Length, sorted.Count);
        for (int i = 1; i < sorted.Count; i++)
            Assert.True(LevelOrder.Collation.Compare(sorted[i - 1], sorted[i]) < 0);
    }
}
