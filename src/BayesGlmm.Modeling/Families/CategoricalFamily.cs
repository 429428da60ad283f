// The categorical family (multinomial logit, first category as reference): K − 1 linear predictors per observation.
using System.Buffers;
using System.Numerics.Tensors;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Families;

/// <summary>
/// log P(y = k) = η_k − log Σ_c exp(η_c) with η_1 = 0 (HGLM notes §6). The response is a categorical
/// column (0-based codes into its levels, K = the number of levels) or integers 1..K (K = the largest).
/// eta is N × (K − 1), column-major: column c − 2 holds η_c of category c = 2..K.
/// </summary>
public sealed class CategoricalFamily : IFamily
{
    public string Name => "categorical";

    public string LinkName => "logit";

    public IFamilyLikelihood Bind(ResponseData response, IReadOnlyList<int>? sourceRows = null)
    {
        var checks = new ResponseChecks(Name, response.Name, sourceRows);
        checks.NoAddition(response, trialsAllowed: false, seAllowed: false);
        int n = response.Values.Length;
        int offset = response.Levels is null ? 1 : 0;
        var code = new int[n];
        for (int i = 0; i < n; i++)
        {
            double v = response.Values[i] - offset;
            if (!(v >= 0) || !double.IsFinite(v) || Math.Floor(v) != v || v > int.MaxValue)
                throw new InputException($"The response '{response.Name}' of the categorical family must be a category (a factor level or 1, 2, ..., K), but data row {checks.Row(i)} has {response.Values[i]}.");
            code[i] = (int)v;
        }
        int categories = response.Levels?.Count ?? (n == 0 ? 0 : code.Max() + 1);
        if (response.Levels is not null && n > 0 && code.Max() >= categories)
            throw new InputException($"The response '{response.Name}' of the categorical family has a code beyond its {categories} levels.");
        if (categories < 2)
            throw new InputException($"The response '{response.Name}' of the categorical family needs at least two categories.");
        return new CategoricalLikelihood(this, response, sourceRows, code, categories);
    }
}

/// <summary>The multinomial-logit likelihood bound to one response.</summary>
internal sealed class CategoricalLikelihood : IFamilyLikelihood
{
    private readonly CategoricalFamily _family;
    private readonly ResponseData _response;
    private readonly IReadOnlyList<int>? _sourceRows;
    private readonly int[] _code;
    private readonly int _categories;

    public CategoricalLikelihood(CategoricalFamily family, ResponseData response, IReadOnlyList<int>? sourceRows, int[] code, int categories)
    {
        _family = family;
        _response = response;
        _sourceRows = sourceRows;
        _code = code;
        _categories = categories;
    }

    public int ObservationCount => _code.Length;

    public int LinearPredictorCount => _categories - 1;

    public IReadOnlyList<FamilyParameter> Parameters => FamilyParameters.None;

    /// <summary>
    /// Σ_n log P(y_n) with ∂/∂η_c = 1{y = c} − softmax(η)_c (HGLM notes §6), vectorised over observations
    /// one category at a time: the row maximum m (η_1 = 0 included), s = e^(−m) + Σ_c e^(η_c − m), log-sum-exp
    /// m + log s. The exponentials are kept in <paramref name="gradientEta"/>, so each is computed once.
    /// </summary>
    public double Evaluate(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> gradientEta, Span<double> gradientTheta)
    {
        Check(eta);
        int n = _code.Length, m = _categories - 1;
        if (n == 0) return 0.0;
        var rented = ArrayPool<double>.Shared.Rent(2 * n);
        try
        {
            var max = rented.AsSpan(0, n);
            var sum = rented.AsSpan(n, n);
            max.Clear(); // the reference category's η_1 = 0
            for (int c = 0; c < m; c++) TensorPrimitives.Max(max, eta.Slice(c * n, n), max);
            TensorPrimitives.Negate(max, sum);
            TensorPrimitives.Exp(sum, sum);
            for (int c = 0; c < m; c++)
            {
                var e = gradientEta.Slice(c * n, n);
                TensorPrimitives.Subtract(eta.Slice(c * n, n), max, e);
                TensorPrimitives.Exp(e, e);
                TensorPrimitives.Add(sum, e, sum);
            }
            for (int c = 0; c < m; c++)
            {
                var e = gradientEta.Slice(c * n, n);
                TensorPrimitives.Divide(e, sum, e);
                TensorPrimitives.Negate(e, e);
            }
            TensorPrimitives.Log(sum, sum);
            TensorPrimitives.Add(sum, max, sum);
            double total = -TensorPrimitives.Sum<double>(sum);
            for (int i = 0; i < n; i++)
            {
                int k = _code[i];
                if (k == 0) continue;
                total += eta[(k - 1) * n + i];
                gradientEta[(k - 1) * n + i] += 1.0;
            }
            return total;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    // log(1 + Σ_c exp(η_c)) for observation i, the reference category contributing exp(0).
    private double LogSumExp(ReadOnlySpan<double> eta, int i)
    {
        int n = _code.Length;
        double max = 0;
        for (int c = 0; c < _categories - 1; c++) max = Math.Max(max, eta[c * n + i]);
        if (double.IsPositiveInfinity(max)) return max;
        double s = Math.Exp(-max);
        for (int c = 0; c < _categories - 1; c++) s += Math.Exp(eta[c * n + i] - max);
        return max + Math.Log(s);
    }

    public void Pointwise(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> logLikelihood)
    {
        Check(eta);
        int n = _code.Length;
        for (int i = 0; i < n; i++)
        {
            int k = _code[i];
            logLikelihood[i] = (k == 0 ? 0.0 : eta[(k - 1) * n + i]) - LogSumExp(eta, i);
        }
    }

    public void Replicate(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, RandomStream rng, Span<double> replicate)
    {
        Check(eta);
        int n = _code.Length;
        int offset = _response.Levels is null ? 1 : 0;
        for (int i = 0; i < n; i++)
        {
            double lse = LogSumExp(eta, i);
            double u = rng.NextDouble();
            double cumulative = Math.Exp(-lse);
            int k = 0;
            while (k < _categories - 1 && cumulative <= u)
            {
                k++;
                cumulative += Math.Exp(eta[(k - 1) * n + i] - lse);
            }
            replicate[i] = k + offset;
        }
    }

    /// <summary>Not defined for an unordered response: NaN (use the category probabilities instead).</summary>
    public double Mean(double eta, ReadOnlySpan<double> theta, int observation) => double.NaN;

    public IFamilyLikelihood WithResponse(double[] values)
    {
        if (values.Length != _code.Length) throw new ArgumentException($"Expected {_code.Length} response values, got {values.Length}.", nameof(values));
        var rebound = _family.Bind(_response with { Values = values }, _sourceRows);
        if (rebound.LinearPredictorCount != LinearPredictorCount)
            throw new InputException($"The new response '{_response.Name}' has {rebound.LinearPredictorCount + 1} categories, the model {_categories}.");
        return rebound;
    }

    private void Check(ReadOnlySpan<double> eta)
    {
        if (eta.Length != _code.Length * (_categories - 1))
            throw new ArgumentException($"Expected {_code.Length} x {_categories - 1} linear predictors, got {eta.Length}.", nameof(eta));
    }
}
