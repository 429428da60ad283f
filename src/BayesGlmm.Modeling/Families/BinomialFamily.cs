// binomial and bernoulli (logit | probit | cloglog): successes out of trials, lchoose precomputed.
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Families.Kernels;
using MathNet.Numerics;

namespace BayesGlmm.Modeling.Families;

/// <summary>
/// The binomial family with trials from <c>r | trials(n)</c> or <c>cbind(r, n − r)</c> (one trial each
/// when absent), and bernoulli: a 0/1 response, one trial each, no trials() allowed.
/// </summary>
public sealed class BinomialFamily : IFamily
{
    public BinomialFamily(Link link = Link.Logit, bool bernoulli = false)
    {
        if (link is not (Link.Logit or Link.Probit or Link.Cloglog))
            throw new ArgumentException($"{(bernoulli ? "bernoulli" : "binomial")} has no {link.Name()} link.", nameof(link));
        Link = link;
        IsBernoulli = bernoulli;
    }

    public Link Link { get; }

    /// <summary>True for bernoulli (a 0/1 response).</summary>
    public bool IsBernoulli { get; }

    public string Name => IsBernoulli ? "bernoulli" : "binomial";

    public string LinkName => Link.Name();

    public IFamilyLikelihood Bind(ResponseData response, IReadOnlyList<int>? sourceRows = null)
    {
        var checks = new ResponseChecks(Name, response.Name, sourceRows);
        checks.NoAddition(response, trialsAllowed: !IsBernoulli, seAllowed: false);
        if (IsBernoulli) checks.TwoLevels(response);
        else checks.NumericValues(response);
        var y = (double[])response.Values.Clone();
        int n = y.Length;
        double[] trials;
        if (IsBernoulli)
        {
            checks.Binary(y);
            trials = FamilyParameters.Ones(n);
        }
        else
        {
            trials = response.Trials is { } t ? (double[])t.Clone() : FamilyParameters.Ones(n);
            checks.SuccessesWithinTrials(y, trials);
        }
        var constant = new double[n];
        for (int i = 0; i < n; i++)
        {
            constant[i] = LogChoose(trials[i], y[i]);
        }
        var data = new ObservationData(y, trials, constant);
        var rebind = FamilyParameters.Rebind(this, response, sourceRows);
        return Link switch
        {
            Link.Logit => new KernelLikelihood<BinomialLogitKernel, NoParameters>(data, FamilyParameters.None, rebind),
            Link.Probit => new KernelLikelihood<BinomialProbitKernel, NoParameters>(data, FamilyParameters.None, rebind),
            _ => new KernelLikelihood<BinomialCloglogKernel, NoParameters>(data, FamilyParameters.None, rebind),
        };
    }

    /// <summary>log C(n, k) = lgamma(n + 1) − lgamma(k + 1) − lgamma(n − k + 1), exactly 0 at the ends.</summary>
    internal static double LogChoose(double n, double k)
        => k == 0 || k == n ? 0.0 : SpecialFunctions.GammaLn(n + 1) - SpecialFunctions.GammaLn(k + 1) - SpecialFunctions.GammaLn(n - k + 1);
}
