// Stan's warmup: dual averaging of the step size with windowed metric adaptation and a step-size search after each window.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Hamiltonians;
using BayesGlmm.Sampling.Nuts;

namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// Stan's <c>adapt_diag_e_nuts</c>/<c>adapt_dense_e_nuts</c> warmup: the step-size heuristic with μ = log(10·ε₀) at
/// the start; after each warmup transition (1) dual averaging of the step size, (2) the metric window; after a metric
/// update the heuristic is re-run from the current draw at the current ε, μ = log(10·ε) and dual averaging restarts.
/// At the end ε = e^x̄.
/// </summary>
internal sealed class StanWarmup : IWarmup
{
    private readonly Hamiltonian _hamiltonian;
    private readonly RandomStream _rng;
    private readonly SamplerOptions _options;
    private readonly PhasePoint _scratch;
    private readonly DualAveraging _stepSize;
    private readonly WindowedMetricAdaptation _metric;

    public StanWarmup(Hamiltonian hamiltonian, RandomStream rng, SamplerOptions options)
    {
        _hamiltonian = hamiltonian;
        _rng = rng;
        _options = options;
        _scratch = new PhasePoint(hamiltonian.Dimension);
        _stepSize = DualAveraging.From(options);
        var schedule = WarmupSchedule.Build(options.Warmup, options.InitBuffer, options.TermBuffer, options.BaseWindow);
        _metric = new WindowedMetricAdaptation(schedule, options.Metric, hamiltonian.Dimension);
    }

    public double Begin(Proposal state) =>
        StepSizeInitializer.Find(_hamiltonian, _rng, state, _scratch, _options.InitialStepSize);

    public double Learn(int iteration, in TransitionResult transition, Proposal state)
    {
        double epsilon = _stepSize.Learn(transition.AdaptStat);
        if (_metric.Observe(iteration, state.Position, _hamiltonian.Metric))
        {
            epsilon = StepSizeInitializer.Find(_hamiltonian, _rng, state, _scratch, epsilon);
            _stepSize.Mu = Math.Log(10 * epsilon);
            _stepSize.Restart();
        }
        return epsilon;
    }

    public double Complete() => _stepSize.Complete();
}
