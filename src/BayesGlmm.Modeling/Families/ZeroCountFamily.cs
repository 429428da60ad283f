// Count families with extra zeros: zero_inflated_poisson, zero_inflated_negbinomial, hurdle_poisson, hurdle_negbinomial (log link).
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Families.Kernels;

namespace BayesGlmm.Modeling.Families;

/// <summary>
/// The zero-inflated and hurdle count families of brms (log link for the count part). A zero-inflated family mixes a
/// point mass at zero, with probability <c>zi</c>, with a Poisson or negative binomial count (Lambert 1992); a hurdle
/// family gives a zero with probability <c>hu</c> and otherwise a zero-truncated count (Mullahy 1986). <c>zi</c> and
/// <c>hu</c> lie in (0, 1) and are sampled on the logit scale; the negative binomials add <c>shape</c> before them
/// (brms's order). The response is a count, as for poisson.
/// </summary>
public sealed class ZeroCountFamily : IFamily
{
    private ZeroCountFamily(string name, bool negativeBinomial, bool hurdle)
    {
        Name = name;
        NegativeBinomial = negativeBinomial;
        Hurdle = hurdle;
    }

    /// <summary>zero_inflated_poisson(log).</summary>
    public static ZeroCountFamily ZeroInflatedPoisson { get; } = new("zero_inflated_poisson", negativeBinomial: false, hurdle: false);

    /// <summary>zero_inflated_negbinomial(log).</summary>
    public static ZeroCountFamily ZeroInflatedNegBinomial { get; } = new("zero_inflated_negbinomial", negativeBinomial: true, hurdle: false);

    /// <summary>hurdle_poisson(log).</summary>
    public static ZeroCountFamily HurdlePoisson { get; } = new("hurdle_poisson", negativeBinomial: false, hurdle: true);

    /// <summary>hurdle_negbinomial(log).</summary>
    public static ZeroCountFamily HurdleNegBinomial { get; } = new("hurdle_negbinomial", negativeBinomial: true, hurdle: true);

    public string Name { get; }

    public string LinkName => "log";

    /// <summary>Whether the count part is the negative binomial (with <c>shape</c>) rather than the Poisson.</summary>
    public bool NegativeBinomial { get; }

    /// <summary>Whether zeros come from the hurdle alone (<c>hu</c>) rather than from a zero-inflated mixture (<c>zi</c>).</summary>
    public bool Hurdle { get; }

    /// <summary>The name of the zero probability: <c>hu</c> or <c>zi</c>.</summary>
    public string ZeroParameter => Hurdle ? "hu" : "zi";

    public IFamilyLikelihood Bind(ResponseData response, IReadOnlyList<int>? sourceRows = null)
    {
        var data = CountData.Bind(Name, response, sourceRows, withDistinct: true);
        var zero = new FamilyParameter(ZeroParameter, 0.0, 1.0);
        IReadOnlyList<FamilyParameter> parameters = NegativeBinomial ? [new FamilyParameter("shape", 0.0), zero] : [zero];
        var rebind = FamilyParameters.Rebind(this, response, sourceRows);
        return (NegativeBinomial, Hurdle) switch
        {
            (false, false) => new KernelLikelihood<ZeroInflatedPoissonKernel, ZeroProbability>(data, parameters, rebind),
            (true, false) => new KernelLikelihood<ZeroInflatedNegBinomialKernel, ShapeAndZeroProbability>(data, parameters, rebind),
            (false, true) => new KernelLikelihood<HurdlePoissonKernel, ZeroProbability>(data, parameters, rebind),
            (true, true) => new KernelLikelihood<HurdleNegBinomialKernel, ShapeAndZeroProbability>(data, parameters, rebind),
        };
    }
}
