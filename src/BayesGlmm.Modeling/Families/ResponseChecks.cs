// Validation of a response against what a family accepts, with errors that name the response and data row.
using BayesGlmm.Modeling.Data;
using BayesGlmm.Modeling.Frames;
using System.Globalization;

namespace BayesGlmm.Modeling.Families;

/// <summary>
/// Checks of response values, trials and known standard errors. Each throws <see cref="InputException"/>
/// at the first bad value, naming the response, the family and the 1-based data row
/// (<c>sourceRows[n] + 1</c> when the frame dropped rows, else <c>n + 1</c>).
/// </summary>
internal sealed class ResponseChecks
{
    private readonly string _family;
    private readonly string _response;
    private readonly IReadOnlyList<int>? _sourceRows;

    public ResponseChecks(string family, string response, IReadOnlyList<int>? sourceRows)
    {
        _family = family;
        _response = response;
        _sourceRows = sourceRows;
    }

    /// <summary>The 1-based data row of observation <paramref name="n"/>.</summary>
    public int Row(int n) => _sourceRows is null ? n + 1 : _sourceRows[n] + 1;

    private static string Show(double v) => double.IsNaN(v) ? "a missing value (NaN)" : v.ToString("R", CultureInfo.InvariantCulture);

    private InputException Fail(string what, int n, double value) => new(
        $"The response '{_response}' of the {_family} family must be {what}, but data row {Row(n)} has {Show(value)}.");

    /// <summary>Every value is a finite number.</summary>
    public void Finite(double[] y)
    {
        for (int n = 0; n < y.Length; n++) if (!double.IsFinite(y[n])) throw Fail("a finite number", n, y[n]);
    }

    /// <summary>Every value is an integer ≥ 0.</summary>
    public void Counts(double[] y)
    {
        for (int n = 0; n < y.Length; n++)
            if (!(y[n] >= 0) || !double.IsFinite(y[n]) || Math.Floor(y[n]) != y[n]) throw Fail("a count (an integer ≥ 0)", n, y[n]);
    }

    /// <summary>Every value is 0 or 1.</summary>
    public void Binary(double[] y)
    {
        for (int n = 0; n < y.Length; n++) if (y[n] != 0 && y[n] != 1) throw Fail("0 or 1", n, y[n]);
    }

    /// <summary>Every value is finite and &gt; 0.</summary>
    public void Positive(double[] y)
    {
        for (int n = 0; n < y.Length; n++) if (!(y[n] > 0) || !double.IsFinite(y[n])) throw Fail("positive (y > 0)", n, y[n]);
    }

    /// <summary>Every value lies strictly between 0 and 1.</summary>
    public void OpenUnitInterval(double[] y)
    {
        for (int n = 0; n < y.Length; n++) if (!(y[n] > 0 && y[n] < 1)) throw Fail("strictly between 0 and 1", n, y[n]);
    }

    /// <summary>Trials are positive integers and successes are counts no larger than their trials.</summary>
    public void SuccessesWithinTrials(double[] y, double[] trials)
    {
        if (trials.Length != y.Length) throw new ArgumentException("Trials and response differ in length.");
        for (int n = 0; n < y.Length; n++)
        {
            double t = trials[n];
            if (!(t >= 1) || !double.IsFinite(t) || Math.Floor(t) != t || t > int.MaxValue)
                throw new InputException($"The trials of response '{_response}' of the {_family} family must be positive integers, but data row {Row(n)} has {Show(t)}.");
        }
        Counts(y);
        for (int n = 0; n < y.Length; n++)
            if (y[n] > trials[n])
                throw new InputException($"The response '{_response}' of the {_family} family counts successes, which cannot exceed the trials, but data row {Row(n)} has {Show(y[n])} successes in {Show(trials[n])} trials.");
    }

    /// <summary>Known standard errors are finite and &gt; 0.</summary>
    public void StandardErrors(double[] se, int count)
    {
        if (se.Length != count) throw new ArgumentException("Standard errors and response differ in length.");
        for (int n = 0; n < se.Length; n++)
            if (!(se[n] > 0) || !double.IsFinite(se[n]))
                throw new InputException($"The known standard errors se() of response '{_response}' must be positive finite numbers, but data row {Row(n)} has {Show(se[n])}.");
    }

    /// <summary>
    /// The response is numbers, not text: a response column read as text (<see cref="ResponseData.Levels"/> set) would
    /// otherwise be fitted as its level codes. Throws naming the column, a row and its value, and what to write instead.
    /// </summary>
    public void NumericValues(ResponseData response)
    {
        if (response.Levels is not { } levels) return;
        throw new InputException(TextResponse(response, levels, "numbers") + " " + TextAdvice(levels));
    }

    /// <summary>
    /// A text response of bernoulli has exactly two levels (the second counts as 1, as in brms); one level, more than
    /// two, or numbers with decimal commas are refused with what to write instead.
    /// </summary>
    public void TwoLevels(ResponseData response)
    {
        if (response.Levels is not { } levels || (levels.Count == 2 && !levels.Any(NumberText.IsDecimalComma))) return;
        string advice = levels.Any(NumberText.IsDecimalComma) || levels.Count > 2 ? TextAdvice(levels)
            : "Write it as 0 and 1: with one level bernoulli cannot tell which value counts as a success.";
        throw new InputException(TextResponse(response, levels, "0/1 or two levels") + " " + advice);
    }

    // "The response 'y' of the gaussian family must be numbers, but column 'y' holds text: data row 4 has 'low'".
    private string TextResponse(ResponseData response, IReadOnlyList<string> levels, string what)
    {
        // The row shown: the first with a decimal comma, else the first that is not a number, else the first.
        int n = FirstObservation(response, NumberText.IsDecimalComma);
        if (n < 0) n = FirstObservation(response, l => !NumberText.TryParse(l, out _));
        if (n < 0) n = 0;
        string value = n < response.Values.Length ? levels[(int)response.Values[n]] : levels[0];
        string kind = levels.All(l => NumberText.TryParse(l, out _)) ? "is declared a factor"
            : $"holds text ({Count(levels.Count)}: {LevelList(levels)})";
        return $"The response '{_response}' of the {_family} family must be {what}, but column '{_response}' {kind}: data row {Row(n)} has '{value}'.";
    }

    // What to write instead of a text response.
    private string TextAdvice(IReadOnlyList<string> levels)
    {
        if (levels.Any(NumberText.IsDecimalComma))
            return "Its numbers are written with a decimal comma: write them with a decimal point (1.5, not 1,5), e.g. re-export the file with '.' as the decimal separator.";
        if (levels.All(l => NumberText.TryParse(l, out _)))
            return "Do not declare it a factor, or choose a family for categories (cumulative, categorical).";
        return levels.Count switch
        {
            1 => "A response that takes one value cannot be fitted: check the column and the rows kept.",
            2 => $"For two levels use family bernoulli (the second level, '{levels[1]}', counts as 1).",
            _ => "For ordered levels use family cumulative (levels sort alphabetically, so recode them as 1, 2, ..., K in their order); "
                 + "for unordered levels use family categorical.",
        };
    }

    private int FirstObservation(ResponseData response, Func<string, bool> predicate)
    {
        var levels = response.Levels!;
        for (int n = 0; n < response.Values.Length; n++)
        {
            double code = response.Values[n];
            if (code >= 0 && code < levels.Count && predicate(levels[(int)code])) return n;
        }
        return -1;
    }

    private static string Count(int levels) => levels == 1 ? "one level" : $"{levels} levels";

    private static string LevelList(IReadOnlyList<string> levels) =>
        string.Join(", ", levels.Take(5).Select(l => $"'{l}'")) + (levels.Count > 5 ? ", ..." : "");

    /// <summary>The family takes no trials() and no se().</summary>
    public void NoAddition(ResponseData response, bool trialsAllowed, bool seAllowed)
    {
        if (!trialsAllowed && response.Trials is not null)
            throw new InputException($"The response '{_response}' has trials(), which only the binomial family takes; use family binomial or drop trials().");
        if (!seAllowed && response.KnownStandardErrors is not null)
            throw new InputException($"The response '{_response}' has se(), which only the gaussian family takes; use family gaussian or drop se().");
    }
}
