// Point estimates of a mixed model as lme4 gives them: REML or ML for linear models (lmer), Laplace or adaptive quadrature for generalized ones (glmer).
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.Integrated;
using BayesGlmm.Numerics.Optimization;
using MathNet.Numerics.LinearAlgebra;

namespace BayesGlmm.Modeling.Estimation;

/// <summary>
/// Estimates a mixed model by the methods of lme4 (Bates, Mächler, Bolker &amp; Walker 2015, JSS 67(1)) and reports the
/// estimates under brms's names. REML and ML minimise the profiled criterion over θ (<see cref="ProfiledGaussianDeviance"/>);
/// Laplace and AGQ minimise −2 log L over (θ, β, log φ) together, as glmer's second stage does
/// (<see cref="GeneralizedDeviance"/>), from a GLM fit of β. The optimiser is projected BFGS with θ's diagonal bounded at 0,
/// so a variance can end exactly at 0, the singular fit lme4 reports. Standard errors of β: σ̂²(R_XᵀR_X)⁻¹ for REML and ML;
/// for Laplace and AGQ the β block of 2H⁻¹, H the Hessian of −2 log L over all parameters by central second differences
/// with step 1e-4, as glmer's default vcov (use.hessian; lme4's deriv12).
/// </summary>
/// <remarks>
/// Where lme4 differs or is silent: the optimiser is gradient based (lme4: BOBYQA or Nelder–Mead), which finds the same
/// optimum to the tolerance compared; families with parameters (negbinomial shape, gamma shape, beta phi, sigma and nu)
/// are estimated by maximising the same approximation over log φ jointly (glmmTMB's approach; glmer has no such
/// parameters, glmer.nb alternates); for links other than the canonical ones the curvature is the observed information
/// (the Laplace approximation proper) where glmer uses the expected information.
/// </remarks>
public static class MixedModelEstimator
{
    /// <summary>
    /// Estimates the model of <paramref name="frame"/> with <paramref name="family"/>. Throws <see cref="InputException"/>
    /// for a model the method does not cover (no group-level term, effects that are not normal, REML or ML for a family other
    /// than gaussian(identity), quadrature with several points and more than one scalar term).
    /// </summary>
    public static EstimateResult Estimate(ModelFrame frame, IFamily family, EstimateOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(options);
        if (frame.Groups.Count == 0)
            throw new InputException("Estimation needs at least one group-level term, e.g. (1 | g); a model without one is a GLM.");
        foreach (var term in frame.Groups)
            if (term.Distribution != RandomEffectDistribution.Normal)
                throw new InputException($"The group-level term '{(term.Text.Length > 0 ? term.Text : term.Group)}' has {term.Distribution.ToString().ToLowerInvariant()} effects; point estimates are for normal effects only.");
        if (options.Nodes < 1) throw new InputException($"--nagq must be at least 1 (got {options.Nodes}).");
        return options.Method switch
        {
            EstimationMethod.Reml or EstimationMethod.Ml => Linear(frame, family, options, cancellation),
            _ => Generalized(frame, family, options, cancellation),
        };
    }

    private static EstimateResult Linear(ModelFrame frame, IFamily family, EstimateOptions options, CancellationToken cancellation)
    {
        if (family.Name != "gaussian" || family.LinkName != "identity")
            throw new InputException($"REML and ML estimate linear mixed models (the gaussian family with the identity link); for {family.Name}({family.LinkName}) use --method laplace or agq.");
        family.Bind(frame.Response, frame.SourceRows); // validates the response
        var design = GaussianMarginalDesign.FromFrame(frame);
        var deviance = new ProfiledGaussianDeviance(design, options.Method == EstimationMethod.Reml);
        var theta0 = deviance.Parameters.Start();
        var fit = BoundedQuasiNewton.Minimize((x, g) => { cancellation.ThrowIfCancellationRequested(); return deviance.Evaluate(x, g); },
            theta0, deviance.Parameters.LowerBounds, new QuasiNewtonOptions(GradientTolerance: 1e-10));
        var theta = fit.Minimum;
        double objective = deviance.Evaluate(theta, new double[theta.Length]);
        int p = design.FixedCount;
        var covariance = new double[p * p];
        deviance.FixedEffectCovariance(covariance);
        var beta = deviance.FixedEstimate.ToArray();
        var se = Enumerable.Range(0, p).Select(a => Math.Sqrt(covariance[a * p + a])).ToArray();
        double scale = design.HasSigma ? deviance.Sigma : 1.0;
        var extra = design.HasSigma ? new[] { new EstimateRow("sigma", deviance.Sigma, double.NaN) } : [];
        return new EstimateResult
        {
            Method = options.Method,
            Nodes = 1,
            Rows = Rows(frame, design.Layout, deviance.Parameters, theta, scale, beta, se, extra),
            LogLikelihood = -0.5 * objective,
            Lme4LogLikelihood = -0.5 * objective,
            Singular = deviance.Parameters.IsSingular(theta),
            Converged = fit.Converged,
            Iterations = fit.Iterations,
            Evaluations = fit.Evaluations + 1,
        };
    }

    private static EstimateResult Generalized(ModelFrame frame, IFamily family, EstimateOptions options, CancellationToken cancellation)
    {
        int nodes = options.Method == EstimationMethod.Laplace ? 1 : options.Nodes;
        var table = ObservationDerivatives.For(family, frame.Response, frame.SourceRows);
        var deviance = new GeneralizedDeviance(frame, table, nodes);
        int nt = deviance.Factor.Count, p = deviance.FixedCount, f = deviance.FamilyCount;
        var start = new double[deviance.Count];
        deviance.Factor.Start().CopyTo(start, 0);
        var phi0 = FamilyStart(table, frame.Response, family.Name == "lognormal");
        for (int j = 0; j < f; j++) start[nt + p + j] = Math.Log(phi0[j] - table.Parameters[j].LowerBound);
        GlmStart(frame, table, phi0).CopyTo(start, nt);
        var fit = BoundedQuasiNewton.Minimize((x, g) => { cancellation.ThrowIfCancellationRequested(); return deviance.Evaluate(x, g); },
            start, deviance.LowerBounds, new QuasiNewtonOptions(GradientTolerance: deviance.UsesQuadrature ? 1e-10 : 1e-8));
        var x = fit.Minimum;
        double objective = deviance.Value(x);
        var warnings = new List<string>();

        // Standard errors: β block of 2 H⁻¹, H the Hessian of −2 log L by central second differences (step 1e-4).
        int d = deviance.Count;
        var hessian = Matrix<double>.Build.Dense(d, d);
        var work = (double[])x.Clone();
        double At(int i, double di, int j, double dj)
        {
            x.CopyTo(work, 0);
            work[i] += di;
            work[j] += dj;
            return deviance.Value(work);
        }
        const double h = 1e-4;
        for (int i = 0; i < d; i++)
        {
            hessian[i, i] = (At(i, h, i, 0) - 2 * objective + At(i, -h, i, 0)) / (h * h);
            for (int j = 0; j < i; j++)
                hessian[i, j] = hessian[j, i] = (At(i, h, j, h) - At(i, h, j, -h) - At(i, -h, j, h) + At(i, -h, j, -h)) / (4 * h * h);
        }
        var se = Enumerable.Repeat(double.NaN, p).ToArray();
        var evd = hessian.Evd(Symmetricity.Symmetric);
        if (evd.EigenValues.All(e => e.Real > 0))
        {
            var cov = 2 * hessian.Inverse();
            for (int a = 0; a < p; a++) se[a] = Math.Sqrt(cov[nt + a, nt + a]);
        }
        else warnings.Add("The Hessian of the deviance is not positive definite at the estimate; standard errors are not reported.");

        var phi = new double[f];
        deviance.FamilyFromUnconstrained(x.AsSpan(nt + p, f), phi);
        var extra = table.Parameters.Select((q, j) => new EstimateRow(q.Name, phi[j], double.NaN)).ToArray();
        double check = deviance.QuadratureCheck(x);
        double saturated = 0;
        if (nodes > 1)
            for (int n = 0; n < frame.ObservationCount; n++) saturated += table.SaturatedLogLikelihood(n);
        return new EstimateResult
        {
            Method = options.Method,
            Nodes = nodes,
            Rows = Rows(frame, deviance.Blocks.Layout, deviance.Factor, x[..nt], 1.0, x[nt..(nt + p)], se, extra),
            LogLikelihood = -0.5 * objective,
            Lme4LogLikelihood = -0.5 * objective - (double.IsNaN(saturated) ? 0 : saturated),
            Singular = deviance.Factor.IsSingular(x[..nt]),
            Converged = fit.Converged,
            Iterations = fit.Iterations,
            Evaluations = deviance.Evaluations,
            QuadratureCheck = -0.5 * check,
            Warnings = warnings,
        };
    }

    /// <summary>b_ rows (frame order), sd_ and cor_ rows (groups in brms's order), then <paramref name="extra"/>.</summary>
    private static List<EstimateRow> Rows(ModelFrame frame, EffectLayout layout, RelativeFactor factor, ReadOnlySpan<double> theta, double scale,
        ReadOnlySpan<double> beta, ReadOnlySpan<double> se, IEnumerable<EstimateRow> extra)
    {
        var rows = new List<EstimateRow>();
        for (int a = 0; a < beta.Length; a++) rows.Add(new EstimateRow("b_" + frame.Fixed.CoefficientNames[a], beta[a], se[a]));
        var order = Enumerable.Range(0, layout.Terms.Count)
            .OrderBy(t => layout.Terms[t].Group, StringComparer.OrdinalIgnoreCase).ThenBy(t => layout.Terms[t].Group, StringComparer.Ordinal).ToArray();
        var thetaCopy = theta.ToArray();
        var moments = order.Select(t => factor.Moments(t, thetaCopy, scale)).ToArray();
        for (int i = 0; i < order.Length; i++)
        {
            var term = layout.Terms[order[i]];
            for (int c = 0; c < term.CoefficientCount; c++) rows.Add(new EstimateRow($"sd_{term.Group}__{term.CoefficientNames[c]}", moments[i].Sd[c], double.NaN));
        }
        for (int i = 0; i < order.Length; i++)
        {
            var term = layout.Terms[order[i]];
            if (!term.Correlated) continue;
            int index = 0;
            for (int c2 = 1; c2 < term.CoefficientCount; c2++)
                for (int c1 = 0; c1 < c2; c1++)
                    rows.Add(new EstimateRow($"cor_{term.Group}__{term.CoefficientNames[c1]}__{term.CoefficientNames[c2]}", moments[i].Correlations[index++], double.NaN));
        }
        rows.AddRange(extra);
        return rows;
    }

    /// <summary>Starting family parameters: the response's sd for sigma (of log y for lognormal), 1 for shapes, 10 for beta's phi, 10 for nu.</summary>
    private static double[] FamilyStart(ObservationDerivatives table, ResponseData response, bool logResponse)
    {
        var y = response.Values;
        return table.Parameters.Select(q => q.Name switch
        {
            "sigma" => Math.Max(1e-3, StandardDeviation(logResponse ? y.Select(v => Math.Log(v)).ToArray() : y)),
            "phi" or "nu" => 10.0,
            _ => 1.0,
        }).ToArray();
    }

    private static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Length - 1));
    }

    /// <summary>β of the GLM without group-level effects, by damped Newton steps (0 where they fail), as glmer starts from glm.</summary>
    private static double[] GlmStart(ModelFrame frame, ObservationDerivatives table, double[] phi)
    {
        int n = frame.ObservationCount, p = frame.Fixed.X.Columns;
        var x = frame.Fixed.X;
        var beta = new double[p];
        table.SetParameters(phi);
        double Objective(double[] b, Vector<double>? gradient, Matrix<double>? information)
        {
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                double eta = frame.Offset?[i] ?? 0;
                for (int a = 0; a < p; a++) eta += x[i, a] * b[a];
                total += table.Value(i, eta, out double d1, out double d2, out _);
                if (gradient is null) continue;
                for (int a = 0; a < p; a++)
                {
                    gradient![a] += x[i, a] * d1;
                    for (int c = 0; c < p; c++) information![a, c] -= x[i, a] * x[i, c] * Math.Min(d2, -1e-10);
                }
            }
            return total;
        }
        var zero = (double[])beta.Clone();
        if (!double.IsFinite(Objective(beta, null, null)))
        {
            // An inverse link needs η > 0: start the intercept at the link of the mean response.
            int intercept = frame.Fixed.InterceptColumn;
            if (intercept >= 0) beta[intercept] = 1 / frame.Response.Values.Average();
        }
        double value = Objective(beta, null, null);
        if (!double.IsFinite(value)) return zero;
        for (int iteration = 0; iteration < 50; iteration++)
        {
            var g = Vector<double>.Build.Dense(p);
            var info = Matrix<double>.Build.Dense(p, p);
            Objective(beta, g, info);
            Vector<double> step;
            try { step = info.Solve(g); }
            catch (Exception) { break; }
            if (step.Any(v => !double.IsFinite(v))) break;
            double alpha = 1;
            double[] trial = new double[p];
            double trialValue = double.NegativeInfinity;
            for (int halving = 0; halving < 40; halving++, alpha *= 0.5)
            {
                for (int a = 0; a < p; a++) trial[a] = beta[a] + alpha * step[a];
                trialValue = Objective(trial, null, null);
                if (trialValue >= value) break;
            }
            if (!(trialValue >= value)) break;
            bool small = trialValue - value < 1e-10 * Math.Max(1, Math.Abs(value));
            beta = trial;
            value = trialValue;
            if (small) break;
        }
        return beta;
    }
}
