// poisson(log) and negbinomial(log): count responses, −lgamma(y + 1) precomputed.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Families.Kernels;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.Families;

/// <summary>The Poisson family (log link).</summary>
public sealed class PoissonFamily : IFamily
{
    public string Name => "poisson";

    public string LinkName => "log";

    public IFamilyLikelihood Bind(ResponseData response, IReadOnlyList<int>? sourceRows = null)
    {
        var data = CountData.Bind(Name, response, sourceRows, withDistinct: false);
        return new KernelLikelihood<PoissonLogKernel, NoParameters>(data, FamilyParameters.None, FamilyParameters.Rebind(this, response, sourceRows));
    }
}

/// <summary>The negative binomial family (log link, shape φ; NB2 as Stan's neg_binomial_2 and brms's negbinomial).</summary>
public sealed class NegBinomialFamily : IFamily
{
    public string Name => "negbinomial";

    public string LinkName => "log";

    public IFamilyLikelihood Bind(ResponseData response, IReadOnlyList<int>? sourceRows = null)
    {
        var data = CountData.Bind(Name, response, sourceRows, withDistinct: true);
        return new KernelLikelihood<NegBinomialLogKernel, ShapeParameters>(data, FamilyParameters.Shape, FamilyParameters.Rebind(this, response, sourceRows));
    }
}

/// <summary>The checked count response with its −lgamma(y + 1) constants.</summary>
internal static class CountData
{
    public static ObservationData Bind(string family, ResponseData response, IReadOnlyList<int>? sourceRows, bool withDistinct)
    {
        var checks = new ResponseChecks(family, response.Name, sourceRows);
        checks.NoAddition(response, trialsAllowed: false, seAllowed: false);
        checks.NumericValues(response);
        var y = (double[])response.Values.Clone();
        checks.Counts(y);
        var constant = new double[y.Length];
        for (int i = 0; i < y.Length; i++) constant[i] = -SpecialFunctions.GammaLn(y[i] + 1);
        return new ObservationData(y, FamilyParameters.Ones(y.Length), constant, withDistinct);
    }
}
