// Validation of a response against what a family accepts, with errors that name the response and data row.
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

    /// <summary>The family takes no trials() and no se().</summary>
    public void NoAddition(ResponseData response, bool trialsAllowed, bool seAllowed)
    {
        if (!trialsAllowed && response.Trials is not null)
            throw new InputException($"The response '{_response}' has trials(), which only the binomial family takes; use family binomial or drop trials().");
        if (!seAllowed && response.KnownStandardErrors is not null)
            throw new InputException($"The response '{_response}' has se(), which only the gaussian family takes; use family gaussian or drop se().");
    }
}
