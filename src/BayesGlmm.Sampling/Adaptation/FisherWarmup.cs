// nutpie's warmup: the metric from draws and gradients, updated every draw on overlapping windows, with dual averaging.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Hamiltonians;
using BayesGlmm.Sampling.Nuts;

namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// The warmup of nuts-rs 0.18 (<c>GlobalStrategy</c>, <c>src/adapt_strategy.rs</c>) with a Fisher-divergence metric
/// estimator (<see cref="FisherDiagonalEstimator"/> or <see cref="FisherLowRankEstimator"/>) on the windows of
/// <see cref="FisherSchedule"/>:
/// <list type="bullet">
/// <item>at the initial point the inverse metric is diag(1/|∇log π|) and the point enters both estimates; then the
/// step-size heuristic runs (Stan's, <see cref="StepSizeInitializer"/>);</item>
/// <item>each warmup draw that moved enters both estimates (after a divergence only a draw more than four states
/// from the trajectory's start; nuts-rs <c>DrawGradCollector</c>); the metric is recomputed from the foreground at
/// every switch and every <see cref="IFisherMetricEstimator.UpdateInterval"/> draws;</item>
/// <item>after the first metric update the step-size heuristic runs again from the current draw and dual averaging
/// restarts with μ = log(10·ε); later updates keep the dual averaging running (nuts-rs);</item>
/// <item>dual averaging targets the mean acceptance statistic, and once no further window fits nutpie's symmetric
/// statistic; its iterates are capped at <see cref="FisherAdaptationOptions.MaxStepSize"/>; in the final phase the
/// metric is frozen and at the end ε = e^x̄.</item>
/// </list>
/// Where nuts-rs starts its step-size search from 0.1 with one fixed momentum, this uses Stan's heuristic from the
/// current step size, as <see cref="StanWarmup"/> does.
/// </summary>
internal sealed class FisherWarmup : IWarmup
{
    private readonly Hamiltonian _hamiltonian;
    private readonly RandomStream _rng;
    private readonly SamplerOptions _options;
    private readonly PhasePoint _scratch;
    private readonly DualAveraging _stepSize;
    private readonly FisherSchedule _schedule;
    private readonly IFisherMetricEstimator _estimator;
    private readonly bool _useGradients;
    private bool _metricUpdated;
    private int _lastUpdate;

    public FisherWarmup(Hamiltonian hamiltonian, RandomStream rng, SamplerOptions options)
    {
        _hamiltonian = hamiltonian;
        _rng = rng;
        _options = options;
        _scratch = new PhasePoint(hamiltonian.Dimension);
        _stepSize = DualAveraging.From(options, options.Fisher.MaxStepSize);
        _schedule = new FisherSchedule(options.Warmup, options.Fisher);
        int d = hamiltonian.Dimension;
        _estimator = options.Metric == MetricKind.LowRank
            ? new FisherLowRankEstimator(d, options.Fisher.LowRankUpdateInterval, options.Fisher.LowRankGamma, options.Fisher.EigenvalueCutoff, options.Fisher.DiagonalUpdateInterval)
            : new FisherDiagonalEstimator(d, options.Fisher.DiagonalUpdateInterval, options.Fisher.UseGradients);
        _useGradients = _estimator.UseGradients;
    }

    /// <summary>Below this many warmup iterations the metric starts at the identity (Stan's threshold for metric adaptation).</summary>
    private const int ShortWarmup = 20;

    public double Begin(Proposal state)
    {
        // nuts-rs's first metric, diag(1/|g|), is meaningless at a start moved to the mode (g ≈ 0 gives 10²⁰); a warmup too
        // short for a window to end (Stan's 20) would keep it, so there the estimate starts from the identity, as Stan's.
        if (_options.Warmup > 0) _estimator.Begin(state.Position, state.Gradient, _hamiltonian.Metric, scaleByGradient: _options.Warmup >= ShortWarmup);
        return StepSizeInitializer.Find(_hamiltonian, _rng, state, _scratch, _options.InitialStepSize);
    }

    public double Learn(int iteration, in TransitionResult transition, Proposal state)
    {
        FisherStep step;
        if (iteration < _schedule.FinalPhaseStart)
        {
            int before = _estimator.BackgroundCount;
            bool good = transition.Divergent ? Math.Abs(transition.SelectedIndex) > 4 : transition.SelectedIndex != 0;
            if (good) _estimator.Add(state.Position, state.Gradient);
            step = _schedule.Next(iteration, before, _estimator.BackgroundCount);
        }
        else
        {
            step = _schedule.Next(iteration, 0, 0);
        }

        double epsilon = _stepSize.Learn(step.Late ? transition.SymmetricAdaptStat : transition.AdaptStat);
        if (!step.AdaptsMetric) return epsilon;

        if (step.Switch) _estimator.Switch();
        bool due = step.Switch || iteration - _lastUpdate >= _estimator.UpdateInterval;
        if (_options.Fisher.EarlyDrawVariance)
        {
            // The draw variance in the early phase, then the Fisher estimate at once (not an update interval later).
            bool useGradients = _useGradients && iteration >= _schedule.EarlyEnd;
            due |= useGradients != _estimator.UseGradients;
            _estimator.UseGradients = useGradients;
            due |= iteration - _lastUpdate >= _estimator.UpdateInterval;
        }
        bool changed = due && _estimator.Update(_hamiltonian.Metric);
        if (!changed) return epsilon;
        _lastUpdate = iteration;
        if (_metricUpdated) return epsilon;

        _metricUpdated = true;
        epsilon = StepSizeInitializer.Find(_hamiltonian, _rng, state, _scratch, epsilon);
        _stepSize.Mu = Math.Log(10 * epsilon);
        _stepSize.Restart();
        return epsilon;
    }

    public double Complete() => _stepSize.Complete();
}
