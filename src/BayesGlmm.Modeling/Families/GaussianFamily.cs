// gaussian(identity | log) with residual sd sigma, or with known standard errors (brms y | se(s)) and no sigma.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Families.Kernels;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Modeling.Families;

/// <summary>
/// The normal family. With <see cref="ResponseData.KnownStandardErrors"/> the sd of observation n is its
/// known se and there is no sigma parameter (brms's <c>se(s, sigma = FALSE)</c>, the eight-schools model).
/// </summary>
public sealed class GaussianFamily : IFamily
{
    public GaussianFamily(Link link = Link.Identity)
    {
        if (link is not (Link.Identity or Link.Log)) throw new ArgumentException($"gaussian has no {link.Name()} link.", nameof(link));
        Link = link;
    }

    public Link Link { get; }

    public string Name => "gaussian";

    public string LinkName => Link.Name();

    public IFamilyLikelihood Bind(ResponseData response, IReadOnlyList<int>? sourceRows = null)
    {
        var checks = new ResponseChecks(Name, response.Name, sourceRows);
        checks.NoAddition(response, trialsAllowed: false, seAllowed: true);
        checks.NumericValues(response);
        var y = (double[])response.Values.Clone();
        checks.Finite(y);
        var rebind = FamilyParameters.Rebind(this, response, sourceRows);
        int n = y.Length;
        if (response.KnownStandardErrors is { } se)
        {
            checks.StandardErrors(se, n);
            var precision = new double[n];
            var constant = new double[n];
            for (int i = 0; i < n; i++)
            {
                precision[i] = 1.0 / (se[i] * se[i]);
                constant[i] = -StandardNormal.LogSqrtTwoPi - Math.Log(se[i]);
            }
            var known = new ObservationData(y, precision, constant);
            return Link == Link.Identity
                ? new KernelLikelihood<KnownSeIdentityKernel, NoParameters>(known, FamilyParameters.None, rebind)
                : new KernelLikelihood<KnownSeLogKernel, NoParameters>(known, FamilyParameters.None, rebind);
        }
        var data = new ObservationData(y, FamilyParameters.Ones(n), FamilyParameters.Filled(n, -StandardNormal.LogSqrtTwoPi));
        return Link == Link.Identity
            ? new KernelLikelihood<GaussianIdentityKernel, ScaleParameters>(data, FamilyParameters.Sigma, rebind)
            : new KernelLikelihood<GaussianLogKernel, ScaleParameters>(data, FamilyParameters.Sigma, rebind);
    }
}
