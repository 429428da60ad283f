// The ordinal cumulative family (logit, probit) with ordered thresholds b_Intercept[1..K−1], brms center = FALSE.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Modeling.Families;

/// <summary>
/// P(y = k | η) = F(τ_k − η) − F(τ_{k−1} − η), τ_0 = −∞, τ_K = +∞, F logistic or Φ (Bürkner &amp; Vuorre 2019;
/// HGLM notes §5). The response is 1..K (or 0-based codes of a categorical column, shifted to 1..K);
/// K is the largest observed category, so unobserved categories inside the range keep their thresholds.
/// theta = (τ_1, ..., τ_{K−1}) on the constrained, increasing scale, named <c>Intercept[k]</c>.
/// </summary>
public sealed class CumulativeFamily : IFamily
{
    public CumulativeFamily(Link link = Link.Logit)
    {
        if (link is not (Link.Logit or Link.Probit)) throw new ArgumentException($"cumulative has no {link.Name()} link.", nameof(link));
        Link = link;
    }

    public Link Link { get; }

    public string Name => "cumulative";

    public string LinkName => Link.Name();

    public IFamilyLikelihood Bind(ResponseData response, IReadOnlyList<int>? sourceRows = null) => Bind(response, sourceRows, null);

    /// <summary>Binds with the number of categories fixed (a rebound response keeps the thresholds of the original).</summary>
    internal IFamilyLikelihood Bind(ResponseData response, IReadOnlyList<int>? sourceRows, int? fixedCategories)
    {
        var checks = new ResponseChecks(Name, response.Name, sourceRows);
        checks.NoAddition(response, trialsAllowed: false, seAllowed: false);
        int n = response.Values.Length;
        var category = new int[n];
        int offset = response.Levels is null ? 0 : 1;
        for (int i = 0; i < n; i++)
        {
            double v = response.Values[i] + offset;
            if (!(v >= 1) || !double.IsFinite(v) || Math.Floor(v) != v || v > int.MaxValue)
                throw new InputException($"The response '{response.Name}' of the cumulative family must be an ordered category 1, 2, ..., K, but data row {checks.Row(i)} has {response.Values[i]}.");
            category[i] = (int)v;
        }
        int observed = n == 0 ? 0 : category.Max();
        if (fixedCategories is int fixedK && observed > fixedK)
            throw new InputException($"The response '{response.Name}' of the cumulative family has category {observed}, above the model's {fixedK} categories.");
        int categories = fixedCategories ?? observed;
        if (categories < 2)
            throw new InputException($"The response '{response.Name}' of the cumulative family needs at least two categories, but its largest value is {categories}.");
        return new CumulativeLikelihood(this, response, sourceRows, category, categories);
    }
}

/// <summary>The cumulative likelihood bound to one ordinal response (scalar loops; lgamma-free, so cheap per observation).</summary>
internal sealed class CumulativeLikelihood : IFamilyLikelihood, IOrderedFamilyParameters
{
    private readonly CumulativeFamily _family;
    private readonly ResponseData _response;
    private readonly IReadOnlyList<int>? _sourceRows;
    private readonly int[] _category;
    private readonly int _categories;
    private readonly bool _probit;

    public CumulativeLikelihood(CumulativeFamily family, ResponseData response, IReadOnlyList<int>? sourceRows, int[] category, int categories)
    {
        _family = family;
        _response = response;
        _sourceRows = sourceRows;
        _category = category;
        _categories = categories;
        _probit = family.Link == Link.Probit;
        Parameters = [.. Enumerable.Range(1, categories - 1).Select(k => new FamilyParameter($"Intercept[{k}]", double.NegativeInfinity))];
    }

    public int ObservationCount => _category.Length;

    public int LinearPredictorCount => 1;

    public IReadOnlyList<FamilyParameter> Parameters { get; }

    public int OrderedStart => 0;

    public int OrderedCount => _categories - 1;

    /// <summary>The number of categories K.</summary>
    public int CategoryCount => _categories;

    public double Evaluate(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> gradientEta, Span<double> gradientTheta)
    {
        Check(eta, theta);
        gradientTheta[..theta.Length].Clear();
        double sum = 0;
        for (int i = 0; i < _category.Length; i++)
        {
            sum += Observation(eta[i], theta, _category[i], out gradientEta[i], out double gUpper, out double gLower);
            int k = _category[i];
            if (k < _categories) gradientTheta[k - 1] += gUpper;
            if (k > 1) gradientTheta[k - 2] += gLower;
        }
        return sum;
    }

    public void Pointwise(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> logLikelihood)
    {
        Check(eta, theta);
        for (int i = 0; i < _category.Length; i++) logLikelihood[i] = Observation(eta[i], theta, _category[i], out _, out _, out _);
    }

    /// <summary>
    /// log P(y = k | η) and its derivatives in η, τ_k (upper) and τ_{k−1} (lower), in the stable forms of
    /// HGLM notes §5: for the logit link with a = τ_k − η, b = τ_{k−1} − η,
    /// log p = −log1p_exp(−a) − log1p_exp(b) + log1m_exp(b − a); for the probit link through the tail
    /// that keeps the difference of two cdfs accurate.
    /// </summary>
    private double Observation(double eta, ReadOnlySpan<double> tau, int k, out double gEta, out double gUpper, out double gLower)
    {
        bool first = k == 1, last = k == _categories;
        double a = first || !last ? tau[k - 1] - eta : double.PositiveInfinity;
        double b = !first ? tau[k - 2] - eta : double.NegativeInfinity;
        double value;
        if (!_probit)
        {
            if (first)
            {
                value = -LogExp.Log1pExp(-a);
                gUpper = LogExp.Logistic(-a);
                gLower = 0;
            }
            else if (last)
            {
                value = -LogExp.Log1pExp(b);
                gUpper = 0;
                gLower = -LogExp.Logistic(b);
            }
            else
            {
                double inv = 1.0 / LogExp.Expm1(a - b);
                value = -LogExp.Log1pExp(-a) - LogExp.Log1pExp(b) + LogExp.Log1mExp(b - a);
                gUpper = LogExp.Logistic(-a) + inv;
                gLower = -LogExp.Logistic(b) - inv;
            }
        }
        else
        {
            if (first)
            {
                value = StandardNormal.LogCdf(a);
                gUpper = StandardNormal.InverseMillsRatio(a);
                gLower = 0;
            }
            else if (last)
            {
                value = StandardNormal.LogCcdf(b);
                gUpper = 0;
                gLower = -StandardNormal.InverseMillsRatio(-b);
            }
            else
            {
                value = b > 0
                    ? StandardNormal.LogCcdf(b) + LogExp.Log1mExp(StandardNormal.LogCcdf(a) - StandardNormal.LogCcdf(b))
                    : StandardNormal.LogCdf(a) + LogExp.Log1mExp(StandardNormal.LogCdf(b) - StandardNormal.LogCdf(a));
                gUpper = Math.Exp(StandardNormal.LogPdf(a) - value);
                gLower = -Math.Exp(StandardNormal.LogPdf(b) - value);
            }
        }
        gEta = -(gUpper + gLower);
        return value;
    }

    public void Replicate(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, RandomStream rng, Span<double> replicate)
    {
        Check(eta, theta);
        double shift = _response.Levels is null ? 0 : -1;
        for (int i = 0; i < _category.Length; i++)
        {
            double u = rng.NextDouble();
            int k = 1;
            while (k < _categories && Cdf(theta[k - 1] - eta[i]) < u) k++;
            replicate[i] = k + shift;
        }
    }

    public double Mean(double eta, ReadOnlySpan<double> theta, int observation)
    {
        double mean = 0, previous = 0;
        for (int k = 1; k <= _categories; k++)
        {
            double cdf = k < _categories ? Cdf(theta[k - 1] - eta) : 1.0;
            mean += k * (cdf - previous);
            previous = cdf;
        }
        return _response.Levels is null ? mean : mean - 1;
    }

    private double Cdf(double x) => _probit ? StandardNormal.Cdf(x) : LogExp.Logistic(x);

    public IFamilyLikelihood WithResponse(double[] values)
    {
        if (values.Length != _category.Length)
            throw new ArgumentException($"Expected {_category.Length} response values, got {values.Length}.", nameof(values));
        return _family.Bind(_response with { Values = values }, _sourceRows, _categories);
    }

    private void Check(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta)
    {
        if (eta.Length != _category.Length) throw new ArgumentException($"Expected {_category.Length} linear predictors, got {eta.Length}.", nameof(eta));
        if (theta.Length != _categories - 1) throw new ArgumentException($"Expected {_categories - 1} thresholds, got {theta.Length}.", nameof(theta));
    }
}
