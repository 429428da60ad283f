// Power-scaling prior and likelihood sensitivity of every variable (Kallioinen, Paananen, Bürkner & Vehtari 2023).
using BayesGlmm.Diagnostics;

namespace BayesGlmm.Analysis.Sensitivity;

/// <summary>
/// Power-scaling sensitivity as priorsense's <c>powerscale_sensitivity</c> computes it (Kallioinen et al.
/// 2023, §§2–3): each draw gets the log importance ratio (α − 1)·ℓ_c(θ_s) for the prior or likelihood
/// component c and α ∈ {α₋, α₊}; the ratios are Pareto-smoothed (<see cref="ParetoSmoothedWeights"/>); the
/// cumulative Jensen–Shannon distance between the draws with and without the weights, divided by
/// |log2 α| and averaged over the two α, is the variable's sensitivity to c; and the two sensitivities
/// give the diagnosis. Works on the existing draws: no refit.
/// </summary>
public static class PowerScaling
{
    /// <summary>
    /// True for a variable assessed by default: everything except log-density variables (names containing
    /// <c>lprior</c>, <c>log_lik</c> or <c>lp__</c>, as priorsense) and sampler quantities (ending in <c>__</c>).
    /// </summary>
    public static bool IsAssessed(string variable) =>
        !variable.Contains("lprior", StringComparison.Ordinal)
        && !variable.Contains("log_lik", StringComparison.Ordinal)
        && !variable.Contains("lp__", StringComparison.Ordinal)
        && !variable.EndsWith("__", StringComparison.Ordinal);

    /// <summary>
    /// Whether a reported quantity is a group-level effect: a GLMM's <c>r_g[level,coefficient]</c> or an HGLM's
    /// <c>u_g[level]</c>. There is one per level, so they are left out of a sensitivity table unless asked for.
    /// </summary>
    public static bool IsGroupLevelEffect(string variable) =>
        variable.StartsWith("r_", StringComparison.Ordinal) || variable.StartsWith("u_", StringComparison.Ordinal);

    /// <summary>The variables a sensitivity table lists by default: every reported quantity but the group-level effects (all with <paramref name="all"/>).</summary>
    public static IReadOnlyList<string> DefaultVariables(IEnumerable<string> outputNames, bool all = false) =>
        outputNames.Where(n => all || !IsGroupLevelEffect(n)).ToArray();

    /// <summary>
    /// Reads the log prior (the selected <c>lprior</c> classes of <see cref="PowerScalingOptions.PriorSelection"/>)
    /// and the log likelihood (<c>log_lik</c>) from the draws, then analyses as
    /// <see cref="Analyze(Draws, ReadOnlySpan{double}, ReadOnlySpan{double}, PowerScalingOptions?)"/>.
    /// </summary>
    public static PowerScalingResult Analyze(Draws draws, PowerScalingOptions? options = null)
    {
        options ??= new PowerScalingOptions();
        double[] logPrior = LogDensityComponents.LogPrior(draws, options.PriorSelection?.ToArray());
        double[] logLikelihood = LogDensityComponents.LogLikelihood(draws);
        return Analyze(draws, logPrior, logLikelihood, options);
    }

    /// <summary>
    /// Sensitivity of every assessed variable of <paramref name="draws"/> to the prior and the likelihood.
    /// <paramref name="logPrior"/> and <paramref name="logLikelihood"/> hold one value per draw in
    /// <see cref="Draws.AllChains"/> order (chain 1 first); normalising constants do not matter. A component
    /// that is constant over the draws cannot be scaled: its sensitivities are NaN and the diagnosis is
    /// <see cref="SensitivityDiagnosis.Undetermined"/> (priorsense stops with an error instead).
    /// Throws <see cref="ArgumentException"/> for mismatched lengths, non-finite values or unknown variables.
    /// </summary>
    public static PowerScalingResult Analyze(Draws draws, ReadOnlySpan<double> logPrior, ReadOnlySpan<double> logLikelihood, PowerScalingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(draws);
        options ??= new PowerScalingOptions();
        if (!(options.LowerAlpha > 0 && options.LowerAlpha < 1 && options.UpperAlpha > 1))
            throw new ArgumentException("Power-scaling needs 0 < lower alpha < 1 < upper alpha.", nameof(options));
        Check(logPrior, draws.DrawCount, "log prior");
        Check(logLikelihood, draws.DrawCount, "log likelihood");

        var variables = (options.Variables ?? draws.Variables.Where(IsAssessed).ToList()).ToArray();
        int[] indices = variables.Select(v => draws.IndexOf(v) is int i and >= 0
            ? i : throw new ArgumentException($"No variable named '{v}' in the draws.", nameof(options))).ToArray();

        var smoothing = new List<PowerScalingSmoothing>();
        double[]?[] weights = new double[4][]; // prior lower, prior upper, likelihood lower, likelihood upper
        Scale(PowerScalingComponent.Prior, logPrior, options, smoothing, weights, 0);
        Scale(PowerScalingComponent.Likelihood, logLikelihood, options, smoothing, weights, 2);

        double lowerScale = -Math.Log2(options.LowerAlpha), upperScale = Math.Log2(options.UpperAlpha);
        var rows = new PowerScalingRow[variables.Length];
        Parallel.For(0, variables.Length, r =>
        {
            ReadOnlySpan<double> x = draws.AllChains(indices[r]);
            int[] order = CumulativeJensenShannon.SortedOrder(x);
            var d = new double[4];
            for (int w = 0; w < 4; w++)
                d[w] = weights[w] is { } wt ? CumulativeJensenShannon.Distance(x, wt, order) : double.NaN;
            // Kallioinen et al. (2023, §3.2): the mean of the one-sided difference quotients in log2 α.
            double prior = (d[0] / lowerScale + d[1] / upperScale) / 2;
            double likelihood = (d[2] / lowerScale + d[3] / upperScale) / 2;
            rows[r] = new PowerScalingRow(variables[r], prior, likelihood,
                SensitivityDiagnoses.Diagnose(prior, likelihood, options.Threshold), d[0], d[1], d[2], d[3]);
        });

        string selection = options.PriorSelection is { Count: > 0 } s ? string.Join(", ", s) : "all priors";
        return new PowerScalingResult(rows, smoothing, options, selection);
    }

    private static void Scale(PowerScalingComponent component, ReadOnlySpan<double> logDensity, PowerScalingOptions options,
        List<PowerScalingSmoothing> smoothing, double[]?[] weights, int slot)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in logDensity)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (!(max - min >= DrawChecksEpsilon)) return;

        double[] alphas = [options.LowerAlpha, options.UpperAlpha];
        var logRatios = new double[logDensity.Length];
        for (int a = 0; a < 2; a++)
        {
            // log r_s = (α − 1)·ℓ_c(θ_s): the ratio of p_α to the posterior (Kallioinen et al. 2023, eq. 3).
            for (int i = 0; i < logRatios.Length; i++) logRatios[i] = (alphas[a] - 1) * logDensity[i];
            ParetoSmoothingResult result = ParetoSmoothedWeights.SmoothLogWeights(logRatios);
            smoothing.Add(PowerScalingSmoothing.From(component, alphas[a], result));
            var w = new double[logRatios.Length];
            for (int i = 0; i < w.Length; i++) w[i] = Math.Exp(result.NormalizedLogWeights[i]);
            weights[slot + a] = w;
        }
    }

    private const double DrawChecksEpsilon = 2.220446049250313e-16;

    private static void Check(ReadOnlySpan<double> values, int drawCount, string what)
    {
        if (values.Length != drawCount)
            throw new ArgumentException($"The {what} has {values.Length} values for {drawCount} draws.");
        foreach (double v in values)
            if (!double.IsFinite(v)) throw new ArgumentException($"The {what} has a non-finite value.");
    }
}
