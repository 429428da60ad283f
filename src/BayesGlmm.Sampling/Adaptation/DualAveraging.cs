// Nesterov dual averaging of log step size towards a target acceptance statistic.
namespace BayesGlmm.Sampling.Adaptation;

/// <summary>
/// Dual averaging of log ε (Nesterov 2009; Hoffman &amp; Gelman 2014, §3.2, eq. 6; Stan's
/// <c>stepsize_adaptation</c>). With t counted from 1 after each restart and a = min(1, accept_stat):
/// η = 1/(t + t0); s̄ ← (1 − η)s̄ + η(δ − a); x = μ − s̄√t/γ; x̄ ← (1 − t^−κ)x̄ + t^−κ x; ε = eˣ.
/// At the end of warmup ε = e^x̄.
/// </summary>
internal sealed class DualAveraging
{
    private readonly double _delta;
    private readonly double _gamma;
    private readonly double _kappa;
    private readonly double _t0;
    private double _counter;
    private double _sBar;
    private double _xBar;

    public DualAveraging(double delta, double gamma, double kappa, double t0)
    {
        _delta = delta;
        _gamma = gamma;
        _kappa = kappa;
        _t0 = t0;
    }

    /// <summary>Dual averaging with the options' δ, γ, κ and t0, and μ = log(10·ε₀) from their initial step size.</summary>
    public static DualAveraging From(SamplerOptions options, double maxStepSize = double.PositiveInfinity) =>
        new(options.AdaptDelta, options.Gamma, options.Kappa, options.T0)
        {
            Mu = Math.Log(10 * options.InitialStepSize),
            MaxStepSize = maxStepSize,
        };

    /// <summary>The shrinkage target μ of log ε.</summary>
    public double Mu { get; set; }

    /// <summary>The largest step size an iterate may take (nuts-rs clamps log ε at log π); +∞ for Stan.</summary>
    public double MaxStepSize { get; init; } = double.PositiveInfinity;

    /// <summary>Zeroes t, s̄ and x̄.</summary>
    public void Restart()
    {
        _counter = 0;
        _sBar = 0;
        _xBar = 0;
    }

    /// <summary>Updates the averages with one acceptance statistic and returns the next step size eˣ.</summary>
    public double Learn(double acceptStat)
    {
        _counter++;
        double a = acceptStat > 1 ? 1 : acceptStat;
        double eta = 1.0 / (_counter + _t0);
        _sBar = (1.0 - eta) * _sBar + eta * (_delta - a);
        double x = Math.Min(Mu - _sBar * Math.Sqrt(_counter) / _gamma, Math.Log(MaxStepSize));
        double xEta = Math.Pow(_counter, -_kappa);
        _xBar = (1.0 - xEta) * _xBar + xEta * x;
        return Math.Exp(x);
    }

    /// <summary>The final step size e^x̄.</summary>
    public double Complete() => Math.Exp(_xBar);
}
