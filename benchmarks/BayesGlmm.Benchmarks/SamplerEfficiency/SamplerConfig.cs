// A named sampler configuration for the efficiency harnesses: adaptation, metric, integrator, chain start and warmup length.
using System.Globalization;
using BayesGlmm.Fitting;
using BayesGlmm.Sampling;

namespace BayesGlmm.Benchmarks.SamplerEfficiency;

/// <summary>
/// A sampler configuration written <c>ADAPTATION[-METRIC][-walnuts][@WARMUP]</c>: <c>stan</c>, <c>stan-dense</c>,
/// <c>fisher</c>, <c>fisher-lowrank</c>, <c>fisher-walnuts</c>, <c>fisher-walnuts2</c> (energy threshold 2), <c>fisher-walnuts-wwarm</c> (WALNUTS in warmup too), <c>fisher-edraw</c> (draw variance in the early phase), <c>fisher@400</c>, <c>stan-walnuts-estimate@500</c> (chains started around
/// the marginal estimate, <see cref="ChainStart.Estimate"/>; <c>mode</c> from random points moved towards the mode (<see cref="SamplerOptions.ModeSearchIterations"/>), <c>mode50</c> by at most 50 L-BFGS iterations; <c>random</c> is Stan's start), <c>default-jitter0.5</c> (step size jitter 0.5), <c>default-nointerweave</c> (no scale interweaving, <see cref="SamplerOptions.Interweave"/>), … ; <c>default</c> is
/// <see cref="SamplerOptions"/>' defaults (Fisher low-rank, warmup 300, mode start). Every other configuration is Stan's
/// engine (Stan's adaptation, diagonal metric, warmup 1000, random start, no interweaving) but for what it names (<c>fisher</c> alone is the
/// diagonal Fisher form); the integrator and unnamed settings keep the base options' values.
/// </summary>
internal sealed record SamplerConfig(string Name, Func<SamplerOptions, SamplerOptions> Apply, ChainStart Init = ChainStart.Random)
{
    public static SamplerConfig Parse(string text)
    {
        string name = text.Trim();
        string body = name;
        int? warmup = null;
        int at = body.IndexOf('@');
        if (at >= 0)
        {
            warmup = int.Parse(body[(at + 1)..], CultureInfo.InvariantCulture);
            body = body[..at];
        }
        string[] parts = body.Split('-');
        AdaptationKind? adaptation = null;
        MetricKind? metric = null;
        IntegratorKind? integrator = null;
        double? walnutsError = null;
        bool walnutsWarmup = false;
        bool drawsOnly = false;
        bool earlyDraws = false;
        var init = ChainStart.Random;
        int? modeIterations = null;
        double? jitter = null;
        bool isDefault = false;
        bool? interweave = null;
        foreach (string part in parts)
        {
            if (part.StartsWith("mode", StringComparison.Ordinal))
            {
                // The mode start is the sampler's own (SamplerOptions.ModeSearchIterations), not an initial-point source.
                modeIterations = part.Length > "mode".Length ? int.Parse(part["mode".Length..], CultureInfo.InvariantCulture) : SamplerOptions.DefaultModeSearchIterations;
                continue;
            }
            if (part.StartsWith("jitter", StringComparison.Ordinal))
            {
                jitter = double.Parse(part["jitter".Length..], CultureInfo.InvariantCulture);
                continue;
            }
            if (part.StartsWith("walnuts", StringComparison.Ordinal) && part.Length > "walnuts".Length)
            {
                integrator = IntegratorKind.Walnuts;
                walnutsError = double.Parse(part["walnuts".Length..], CultureInfo.InvariantCulture);
                continue;
            }
            switch (part)
            {
                case "default": isDefault = true; break;
                case "stan": adaptation = AdaptationKind.Stan; break;
                case "fisher": adaptation = AdaptationKind.Fisher; break;
                case "diag": metric = MetricKind.Diagonal; break;
                case "dense": metric = MetricKind.Dense; break;
                case "lowrank": metric = MetricKind.LowRank; break;
                case "walnuts": integrator = IntegratorKind.Walnuts; break;
                case "leapfrog": integrator = IntegratorKind.Leapfrog; break;
                case "wwarm": integrator = IntegratorKind.Walnuts; walnutsWarmup = true; break;
                case "draws": drawsOnly = true; break;
                case "edraw": earlyDraws = true; break;
                case "estimate": init = ChainStart.Estimate; break;
                case "random": init = ChainStart.Random; break;
                case "interweave": interweave = true; break;
                case "nointerweave": interweave = false; break;
                default: throw new FormatException($"unknown configuration part '{part}' in '{text}' (use stan, fisher, diag, dense, lowrank, walnuts, leapfrog, random, estimate, mode, interweave, nointerweave, jitterJ, @WARMUP)");
            }
        }
        return new SamplerConfig(name, o =>
        {
            var r = o;
            // Stan's engine unless named otherwise: Stan's adaptation with the diagonal metric; fisher alone is its diagonal form.
            if (!isDefault) r = r with { Adaptation = AdaptationKind.Stan, Metric = MetricKind.Diagonal };
            if (adaptation is { } a) r = r with { Adaptation = a, Metric = a == AdaptationKind.Fisher ? MetricKind.Diagonal : r.Metric };
            if (metric is { } m) r = r with { Metric = m };
            if (integrator is { } i) r = r with { Integrator = i };
            if (walnutsError is { } e) r = r with { Walnuts = r.Walnuts with { MaxEnergyError = e } };
            if (walnutsWarmup) r = r with { Walnuts = r.Walnuts with { DuringWarmup = true } };
            if (drawsOnly) r = r with { Fisher = r.Fisher with { UseGradients = false } };
            if (earlyDraws) r = r with { Fisher = r.Fisher with { EarlyDrawVariance = true } };
            // A named configuration is Stan's engine but for what it names: Stan's warmup length and random start.
            if (!isDefault) r = r with { Warmup = 1000, ModeSearchIterations = 0, Interweave = false };
            if (interweave is { } v) r = r with { Interweave = v };
            if (warmup is { } w) r = r with { Warmup = w };
            if (modeIterations is { } k) r = r with { ModeSearchIterations = k };
            if (jitter is { } j) r = r with { StepSizeJitter = j };
            return r;
        }, init);
    }

    /// <summary>Stan's metric name for the reference lookup: dense_e for a dense metric, else diag_e.</summary>
    public static string StanMetric(SamplerOptions o) => o.Metric == MetricKind.Dense ? "dense_e" : "diag_e";
}
