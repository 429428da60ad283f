// What the data say about the levels of a nested pair of random intercepts, for HierarchicalCentring.Auto to choose a form.
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.Glmm;

/// <summary>
/// Moment estimates, from the data alone, of the two precisions that decide whether centring a level pays: the data's
/// precision about one level's linear predictor and the prior's (Papaspiliopoulos, Roberts &amp; Sköld 2007, §3: the centred
/// form mixes better where the first exceeds the second, the non-centred form where the level's effects are weakly
/// identified and its sd can reach 0).
/// </summary>
/// <remarks>
/// Each level a of the inner term A gets a working estimate z_a of its linear predictor and that estimate's sampling
/// variance v_a, on the link scale:
/// <list type="bullet">
/// <item>identity link (gaussian, student), lognormal on log y: the level's mean, v_a = s²/n_a with s² the pooled
/// within-level variance;</item>
/// <item>log link counts (poisson, negbinomial, zero-inflated and hurdle counts): z_a = log((Σy + ½)/n_a), v_a = 1/(Σy + ½),
/// the delta-method variance of a Poisson log rate with Haldane's half added;</item>
/// <item>bernoulli and binomial: z_a = logit((Σy + ½)/(Σn + 1)), v_a = 1/(Σy + ½) + 1/(Σ(n − y) + ½) (the empirical logit;
/// Cox &amp; Snell 1989, §2.1.6; on the probit and cloglog scales the same order of precision).</item>
/// </list>
/// The inner sd is estimated by the method of moments within the outer levels (a one-way random-effects ANOVA as in
/// DerSimonian &amp; Laird 1986, eq. 3, pooled over the outer levels): τ_A² = Σ_b Σ_{a∈b} (z_a − z̄_b)² / Σ_b (m_b − 1) − v̄,
/// and the outer sd from the outer level means, τ_B² = var_b(z̄_b) − mean_b((τ_A² + v̄)/m_b), both floored at 0. Fixed
/// effects that vary between levels inflate both, so the rule leans towards centring where covariates explain much of
/// the spread; families without a working scale here (gamma, beta, ordinal, categorical) get no evidence.
/// </remarks>
internal sealed record CentringEvidence(double InnerVariance, double SamplingVariance, double OuterVariance, double InnerPerOuter)
{
    /// <summary>
    /// How many times the median sampling variance of an inner level the inner sd² must reach for the inner levels to be
    /// centred: 4, i.e. the inner sd at least two standard errors of one level's estimate. The crossover of the two forms
    /// is at 1 (Papaspiliopoulos, Roberts &amp; Sköld 2007, §3, for the Gibbs sampler), but with HMC a centred level whose
    /// sd keeps posterior mass near 0 is a funnel, and the moment estimate is noisy: in SBC studies of models/sbc_nested.json
    /// (200 fits each) a factor of 1 left 9 fits with divergent transitions and 4 left 2, against 34 centred regardless
    /// and 0 non-centred (benchmarks/SAMPLER.md, "Auto asks the data").
    /// </summary>
    public const double InnerFactor = 4.0;

    /// <summary>
    /// How large a share of its prior precision the data's precision about an outer level mean must reach for the outer level
    /// to be centred on the intercept as well: ½. Its sd comes from a handful of outer means and is too uncertain for the
    /// crossover of 1: on insteval (14 departments of 80 lecturers, where centring on the intercept measured clearly better)
    /// the ratio comes out 0.7.
    /// </summary>
    public const double OuterFactor = 0.5;

    /// <summary>
    /// Whether the inner levels' data outweigh their prior: τ_A² ≥ <see cref="InnerFactor"/> · the median v_a. Where they
    /// do not (few observations, small counts, an inner sd near 0), the centred totals form a funnel and the pair stays
    /// non-centred.
    /// </summary>
    public bool CentresInner => InnerVariance >= InnerFactor * SamplingVariance;

    /// <summary>
    /// Whether the outer level means are informed enough to centre them on the intercept too: each is seen through m inner
    /// totals of variance τ_A² + v, so its data precision m/(τ_A² + v) against its prior precision 1/τ_B², at least
    /// <see cref="OuterFactor"/>.
    /// </summary>
    public bool CentresOuter => CentresInner && InnerPerOuter * OuterVariance >= OuterFactor * (InnerVariance + SamplingVariance);

    /// <summary>
    /// The evidence for inner term <paramref name="inner"/> nested in <paramref name="outer"/> (<paramref name="parent"/>: each
    /// inner level's outer level), or null where the family has no working scale here or the levels leave nothing to estimate.
    /// </summary>
    public static CentringEvidence? Of(ResponseData response, IFamily family, GroupTerm inner, GroupTerm outer, int[] parent)
    {
        var y = response.Values;
        var levelOf = inner.LevelOfObservation;
        int levels = inner.LevelCount;
        var count = new double[levels];
        var sum = new double[levels];
        var other = new double[levels]; // Σ y² (continuous) or Σ (n − y) (binomial)
        var scale = WorkingScaleOf(family);
        if (scale == WorkingScale.None) return null;
        for (int i = 0; i < y.Length; i++)
        {
            int a = levelOf[i];
            double value = scale == WorkingScale.LogResponse ? Math.Log(y[i]) : y[i];
            count[a] += 1;
            sum[a] += value;
            other[a] += scale == WorkingScale.Binomial ? (response.Trials?[i] ?? 1.0) - y[i] : value * value;
        }
        var z = new double[levels];
        var v = new double[levels];
        if (scale is WorkingScale.Mean or WorkingScale.LogResponse)
        {
            double within = 0, degrees = 0;
            for (int a = 0; a < levels; a++)
            {
                if (count[a] < 2) continue;
                within += other[a] - sum[a] * sum[a] / count[a];
                degrees += count[a] - 1;
            }
            if (degrees == 0) return null;
            double s2 = within / degrees;
            for (int a = 0; a < levels; a++)
            {
                z[a] = sum[a] / count[a];
                v[a] = s2 / count[a];
            }
        }
        else
        {
            for (int a = 0; a < levels; a++)
            {
                if (scale == WorkingScale.LogRate)
                {
                    z[a] = Math.Log((sum[a] + 0.5) / count[a]);
                    v[a] = 1.0 / (sum[a] + 0.5);
                }
                else
                {
                    z[a] = Math.Log((sum[a] + 0.5) / (other[a] + 0.5));
                    v[a] = 1.0 / (sum[a] + 0.5) + 1.0 / (other[a] + 0.5);
                }
            }
        }
        if (z.Any(t => !double.IsFinite(t)) || v.Any(t => !double.IsFinite(t))) return null;
        return FromWorkingEstimates(z, v, parent, outer.LevelCount);
    }

    /// <summary>The moment estimates from each inner level's working estimate z_a and its variance v_a (see the remarks).</summary>
    public static CentringEvidence? FromWorkingEstimates(double[] z, double[] v, int[] parent, int outerLevels)
    {
        var members = new int[outerLevels];
        var outerSum = new double[outerLevels];
        for (int a = 0; a < z.Length; a++)
        {
            members[parent[a]]++;
            outerSum[parent[a]] += z[a];
        }
        double squares = 0, degrees = 0;
        for (int a = 0; a < z.Length; a++)
        {
            int b = parent[a];
            if (members[b] < 2) continue;
            double d = z[a] - outerSum[b] / members[b];
            squares += d * d;
        }
        foreach (int m in members) if (m >= 2) degrees += m - 1;
        if (degrees == 0) return null;
        double vBar = v.Average();
        double innerVariance = Math.Max(0.0, squares / degrees - vBar);
        var used = Enumerable.Range(0, outerLevels).Where(b => members[b] > 0).ToArray();
        double outerVariance = 0.0;
        if (used.Length >= 2)
        {
            var means = used.Select(b => outerSum[b] / members[b]).ToArray();
            double grand = means.Average();
            double spread = means.Sum(m => (m - grand) * (m - grand)) / (means.Length - 1);
            double noise = used.Average(b => (innerVariance + vBar) / members[b]);
            outerVariance = Math.Max(0.0, spread - noise);
        }
        return new CentringEvidence(innerVariance, Median(v), outerVariance, (double)z.Length / used.Length);
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    private enum WorkingScale { None, Mean, LogResponse, LogRate, Binomial }

    private static WorkingScale WorkingScaleOf(IFamily family) => family.Name switch
    {
        "gaussian" or "student" when family.LinkName == "identity" => WorkingScale.Mean,
        "lognormal" when family.LinkName == "identity" => WorkingScale.LogResponse,
        "poisson" or "negbinomial" or "zero_inflated_poisson" or "zero_inflated_negbinomial" or "hurdle_poisson" or "hurdle_negbinomial"
            when family.LinkName == "log" => WorkingScale.LogRate,
        "bernoulli" or "binomial" => WorkingScale.Binomial,
        _ => WorkingScale.None,
    };
}
