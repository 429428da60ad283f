// The proper default priors of every parameter class, scaled to the data as brms and rstanarm do.
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Priors;

/// <summary>
/// Default priors, used for every parameter the user gives no prior for. All are proper.
/// </summary>
/// <remarks>
/// <para>Let t(y) be the response on the scale of the linear predictor, as brms's default-prior rule
/// takes it (brms 2.18, <c>def_scale_prior</c>): y for the identity link, log y for the log link and
/// for lognormal, 1/y for the inverse link (a zero replaced by 0.1 before log or 1/y); not defined for
/// logit, probit and cloglog (binomial, bernoulli) or when a transformed value is not finite. Then</para>
/// <list type="bullet">
/// <item><c>Intercept ~ student_t(3, m, s)</c> with m = median t(y) rounded to one decimal (0 when t is
/// not defined), less the mean offset when the model has one, and s = max(2.5, mad t(y) rounded to one decimal) (brms 2.18, <c>def_scale_prior</c> with
/// <c>center = FALSE</c>, as <c>prior_fe</c> calls it for the intercept). Like brms's, it applies to the intercept of
/// the centred predictors when the model centres (an implicit intercept, <see cref="GlmmOptions.Center"/>), where m
/// is the typical response; otherwise to the intercept as written (and to ordinal cutpoints, where t is not defined).</item>
/// <item><c>b_x ~ normal(0, 2.5 sd(t(y)) / sd(x))</c> for gaussian, student and lognormal responses,
/// <c>normal(0, 2.5 / sd(x))</c> otherwise: rstanarm's autoscaled weakly informative prior (Gelman et al.
/// 2008; rstanarm's <c>priors</c> vignette), 3 significant digits. A column with sd 0 counts as sd 1.</item>
/// <item><c>sd ~ student_t(3, 0, s)</c> and <c>sigma ~ student_t(3, 0, s)</c>, half-t at zero (brms).</item>
/// <item><c>cor ~ lkj(1)</c>, uniform over correlation matrices (brms).</item>
/// <item><c>shape ~ gamma(0.01, 0.01)</c> (negbinomial, gamma) and <c>phi ~ gamma(0.01, 0.01)</c> (beta) (brms).</item>
/// <item><c>nu ~ gamma(2, 0.1)</c> truncated below at 1 (brms; Juárez &amp; Steel 2010), and likewise
/// <c>df</c> of Student-t group effects; <c>lambda ~ exponential(1)</c> for conjugate HGLM dispersions.</item>
/// </list>
/// </remarks>
public sealed class DefaultPriors
{
    private DefaultPriors(StudentTPrior intercept, StudentTPrior scale, ScalarPrior[] coefficients)
    {
        Intercept = intercept;
        Scale = scale;
        Coefficients = coefficients;
    }

    /// <summary>The intercept's default.</summary>
    public StudentTPrior Intercept { get; }

    /// <summary>The default of standard deviations (sd, sigma): student_t(3, 0, s).</summary>
    public StudentTPrior Scale { get; }

    /// <summary>The default of each population-level coefficient, one per column of X (the intercept's entry is <see cref="Intercept"/>).</summary>
    public IReadOnlyList<ScalarPrior> Coefficients { get; }

    /// <summary>The default correlation prior, lkj(1).</summary>
    public static LkjPrior Correlation { get; } = new(1.0);

    /// <summary>The default prior of a family or group parameter other than sd and cor.</summary>
    public ScalarPrior ForParameter(string name) => name switch
    {
        "shape" or "phi" => new GammaPrior(0.01, 0.01),
        "nu" or "df" => new GammaPrior(2.0, 0.1),
        "lambda" => new ExponentialPrior(1.0),
        _ => Scale,
    };

    /// <summary>
    /// The same defaults for a design whose column j copies column <paramref name="sourceColumns"/>[j] of this
    /// one (the categorical family's per-category copies, <see cref="CategoricalDesign"/>).
    /// </summary>
    public DefaultPriors ForColumns(IReadOnlyList<int> sourceColumns) =>
        new(Intercept, Scale, sourceColumns.Select(j => Coefficients[j]).ToArray());

    /// <summary>The defaults for a model of <paramref name="frame"/> with the family <paramref name="familyName"/> and link <paramref name="linkName"/>.</summary>
    public static DefaultPriors For(ModelFrame frame, string familyName, string linkName)
    {
        double[]? t = LinkScaleResponse(frame.Response.Values, familyName, linkName);
        double location = 0.0, scale = 2.5, sdT = double.NaN;
        if (t is not null && t.Length > 0)
        {
            double median = Median(t);
            double mad = 1.4826 * Median(t.Select(v => Math.Abs(v - median)).ToArray());
            double roundedLocation = Math.Round(median, 1, MidpointRounding.ToEven);
            double roundedMad = Math.Round(mad, 1, MidpointRounding.ToEven);
            if (double.IsFinite(roundedLocation)) location = roundedLocation;
            if (double.IsFinite(roundedMad)) scale = Math.Max(scale, roundedMad);
            sdT = StandardDeviation(t);
            // brms 2.18 subtracts the mean offset from the intercept's location (def_scale_prior, center = FALSE).
            if (frame.Offset is { Length: > 0 } offset)
            {
                double meanOffset = offset.Average();
                if (double.IsFinite(meanOffset)) location -= meanOffset;
            }
        }
        var intercept = new StudentTPrior(3.0, location, scale);
        bool scaleByResponse = familyName is "gaussian" or "student" or "lognormal" && (linkName == "identity") && double.IsFinite(sdT) && sdT > 0;
        var x = frame.Fixed.X;
        var coefficients = new ScalarPrior[x.Columns];
        for (int j = 0; j < x.Columns; j++)
        {
            if (j == frame.Fixed.InterceptColumn) { coefficients[j] = intercept; continue; }
            double sdX = StandardDeviation(x.Column(j));
            if (!(sdX > 0) || !double.IsFinite(sdX)) sdX = 1.0;
            double s = 2.5 * (scaleByResponse ? sdT : 1.0) / sdX;
            coefficients[j] = new NormalPrior(0.0, RoundSignificant(s, 3));
        }
        return new DefaultPriors(intercept, new StudentTPrior(3.0, 0.0, scale), coefficients);
    }

    /// <summary>t(y) of the remarks, or null when it is not defined.</summary>
    private static double[]? LinkScaleResponse(double[] y, string familyName, string linkName)
    {
        Func<double, double>? transform = familyName switch
        {
            "lognormal" => v => Math.Log(v == 0 ? 0.1 : v),
            _ => linkName switch
            {
                "identity" => v => v,
                "log" => v => Math.Log(v == 0 ? 0.1 : v),
                "inverse" => v => 1.0 / (v == 0 ? 0.1 : v),
                _ => null,
            },
        };
        if (transform is null || familyName is "bernoulli" or "binomial" or "categorical" or "cumulative") return null;
        var t = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            t[i] = transform(y[i]);
            if (!double.IsFinite(t[i])) return null;
        }
        return t;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    private static double StandardDeviation(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n < 2) return double.NaN;
        double mean = 0;
        foreach (double v in values) mean += v;
        mean /= n;
        double ss = 0;
        foreach (double v in values) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / (n - 1));
    }

    private static double RoundSignificant(double value, int digits)
    {
        if (value == 0 || !double.IsFinite(value)) return value;
        int magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value))) + 1;
        int decimals = digits - magnitude;
        if (decimals >= 0 && decimals <= 15) return Math.Round(value, decimals);
        double factor = Math.Pow(10, magnitude - digits);
        return Math.Round(value / factor) * factor;
    }
}
