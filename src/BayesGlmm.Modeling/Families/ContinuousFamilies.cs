// gamma (inverse | log), lognormal, beta(logit) and student(identity).
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Families.Kernels;
using BayesGlmm.Numerics.Special;

namespace BayesGlmm.Modeling.Families;

/// <summary>The gamma family with shape and brms's mean parameterisation (rate = shape / mu); brms's default link is inverse.</summary>
public sealed class GammaFamily : IFamily
{
    public GammaFamily(Link link = Link.Inverse)
    {
        if (link is not (Link.Inverse or Link.Log)) throw new ArgumentException($"gamma has no {link.Name()} link.", nameof(link));
        Link = link;
    }

    public Link Link { get; }

    public string Name => "gamma";

    public string LinkName => Link.Name();

    public IFamilyLikelihood Bind(ResponseData response, IReadOnlyList<int>? sourceRows = null)
    {
        var checks = new ResponseChecks(Name, response.Name, sourceRows);
        checks.NoAddition(response, trialsAllowed: false, seAllowed: false);
        checks.NumericValues(response);
        var y = (double[])response.Values.Clone();
        checks.Positive(y);
        var logY = new double[y.Length];
        var constant = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            logY[i] = Math.Log(y[i]);
            constant[i] = -logY[i];
        }
        var data = new ObservationData(y, logY, constant);
        var rebind = FamilyParameters.Rebind(this, response, sourceRows);
        return Link == Link.Log
            ? new KernelLikelihood<GammaLogKernel, ShapeParameters>(data, FamilyParameters.Shape, rebind)
            : new KernelLikelihood<GammaInverseKernel, ShapeParameters>(data, FamilyParameters.Shape, rebind);
    }
}

/// <summary>The lognormal family: log y ~ normal(mu, sigma), identity link on mu.</summary>
public sealed class LognormalFamily : IFamily
{
    public string Name => "lognormal";

    public string LinkName => "identity";

    public IFamilyLikelihood Bind(ResponseData response, IReadOnlyList<int>? sourceRows = null)
    {
        var checks = new ResponseChecks(Name, response.Name, sourceRows);
        checks.NoAddition(response, trialsAllowed: false, seAllowed: false);
        checks.NumericValues(response);
        var y = response.Values;
        checks.Positive(y);
        var logY = new double[y.Length];
        var constant = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            logY[i] = Math.Log(y[i]);
            constant[i] = -StandardNormal.LogSqrtTwoPi - logY[i];
        }
        var data = new ObservationData(logY, FamilyParameters.Ones(y.Length), constant);
        return new KernelLikelihood<LognormalIdentityKernel, ScaleParameters>(data, FamilyParameters.Sigma, FamilyParameters.Rebind(this, response, sourceRows));
    }
}

/// <summary>The beta family in mean–precision form (logit link on the mean, precision phi).</summary>
public sealed class BetaFamily : IFamily
{
    public string Name => "beta";

    public string LinkName => "logit";

    public IFamilyLikelihood Bind(ResponseData response, IReadOnlyList<int>? sourceRows = null)
    {
        var checks = new ResponseChecks(Name, response.Name, sourceRows);
        checks.NoAddition(response, trialsAllowed: false, seAllowed: false);
        checks.NumericValues(response);
        var y = response.Values;
        checks.OpenUnitInterval(y);
        var logY = new double[y.Length];
        var log1mY = new double[y.Length];
        var constant = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            logY[i] = Math.Log(y[i]);
            log1mY[i] = LogExp.Log1p(-y[i]);
            constant[i] = -logY[i] - log1mY[i];
        }
        var data = new ObservationData(logY, log1mY, constant);
        return new KernelLikelihood<BetaLogitKernel, ShapeParameters>(data, FamilyParameters.Phi, FamilyParameters.Rebind(this, response, sourceRows));
    }
}

/// <summary>The Student-t family (identity link, scale sigma, degrees of freedom nu ≥ 1).</summary>
public sealed class StudentFamily : IFamily
{
    public string Name => "student";

    public string LinkName => "identity";

    public IFamilyLikelihood Bind(ResponseData response, IReadOnlyList<int>? sourceRows = null)
    {
        var checks = new ResponseChecks(Name, response.Name, sourceRows);
        checks.NoAddition(response, trialsAllowed: false, seAllowed: false);
        checks.NumericValues(response);
        var y = (double[])response.Values.Clone();
        checks.Finite(y);
        var data = new ObservationData(y, FamilyParameters.Ones(y.Length), new double[y.Length]);
        return new KernelLikelihood<StudentIdentityKernel, StudentParameters>(data, FamilyParameters.SigmaNu, FamilyParameters.Rebind(this, response, sourceRows));
    }
}
