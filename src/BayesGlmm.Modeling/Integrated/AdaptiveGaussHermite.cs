// The likelihood of one grouping factor of scalar normal effects integrated out by adaptive Gauss–Hermite quadrature (Laplace at one node), with its exact gradient.
using BayesGlmm.Numerics.Quadrature;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Integrated;

/// <summary>
/// For clusters i (the levels of one grouping factor) with one scalar effect u_i ~ N(0, s²) entering as η_n + z_n u_i
/// (z_n = 1 for a random intercept), the marginal log likelihood Σ_i log ∫ exp g_i(u) du with
/// <code>g_i(u) = Σ_{n ∈ i} ℓ_n(η_n + z_n u) − u²/(2s²) − log s − ½ log 2π,</code>
/// approximated by adaptive Gauss–Hermite quadrature (Liu &amp; Pierce 1994, Biometrika 81:624–629; Pinheiro &amp; Bates
/// 1995, JCGS 4:12–35, §2.3): per cluster Newton's method finds the mode û_i and the curvature σ̂_i = (−g_i''(û_i))^(−1/2),
/// and with the K-point rule (z_k, p_k) for the standard normal
/// <code>log L_i = log σ̂_i + ½ log 2π + log Σ_k p_k exp(z_k²/2 + g_i(û_i + σ̂_i z_k)).</code>
/// K = 1 is the Laplace approximation log L_i = g_i(û_i) + log σ̂_i + ½ log 2π.
/// </summary>
/// <remarks>
/// <para>
/// The gradient is that of the approximation itself, so that a sampler sees one consistent function: the nodes move
/// with every parameter ψ (each η_n, log s and each family parameter) through the mode and the curvature. From
/// g'(û) = 0, dû/dψ = −∂_ψ g'(û)/g''(û); d log σ̂/dψ = −½ [∂_ψ g''(û) + g'''(û) dû/dψ]/g''(û); and with the nodes'
/// normalised weights π_k and u_k = û + σ̂ z_k,
/// <code>d log L_i/dψ = Σ_k π_k ∂_ψ g(u_k) + S₁ dû/dψ + (1 + S₂) d log σ̂/dψ,   S₁ = Σ_k π_k g'(u_k),  S₂ = Σ_k π_k g'(u_k) σ̂ z_k.</code>
/// This needs ℓ_n to third order in η (<see cref="ObservationDerivatives"/>).
/// </para>
/// <para>
/// The mode search starts from the cluster's previous mode and runs Newton steps, damped by halving until g does not
/// decrease, to a Newton decrement below 1e-12; a cluster whose curvature at the mode is not negative makes the value
/// −∞ (a rejected proposal). One instance is for one thread at a time; nothing allocates per evaluation.
/// </para>
/// </remarks>
public sealed class AdaptiveGaussHermite
{
    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;
    private const int MaximumIterations = 200;

    private readonly ObservationDerivatives _family;
    private readonly int[] _start;      // cluster i's observations are _members[_start[i] .. _start[i + 1])
    private readonly int[] _members;
    private readonly double[]? _z;
    private readonly double[] _nodes;
    private readonly double[] _logWeights;   // log p_k + z_k²/2
    private readonly double[] _mode;
    private readonly double[] _scale;
    private readonly double[] _clusterLogLikelihood;
    private readonly double[] _nodeFirst;    // ℓ'_n at every node, [k · maxCluster + position]
    private readonly double[] _second;       // ℓ''_n(û), per position
    private readonly double[] _third;        // ℓ'''_n(û), per position
    private readonly double[] _terms;
    private readonly double[] _parameterValue;
    private readonly double[] _parameterFirst;
    private readonly double[] _parameterSecond;
    private readonly double[] _nodeParameter;  // Σ_n ∂ℓ_n/∂θ_j at node k, [k · F + j]
    private readonly int _maxCluster;
    private double[]? _drawEta;
    private AdaptiveRejectionSampler? _sampler;

    /// <summary>
    /// Quadrature with <paramref name="nodes"/> points per cluster for the clusters given by <paramref name="levelOfObservation"/>
    /// (0 .. <paramref name="levelCount"/> − 1) and the effect's covariate <paramref name="z"/> (null: an intercept).
    /// </summary>
    public AdaptiveGaussHermite(ObservationDerivatives family, ReadOnlySpan<int> levelOfObservation, int levelCount, double[]? z, int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        if (levelOfObservation.Length != family.ObservationCount)
            throw new ArgumentException($"{levelOfObservation.Length} levels for {family.ObservationCount} observations.", nameof(levelOfObservation));
        _family = family;
        _z = z;
        LevelCount = levelCount;
        _start = new int[levelCount + 1];
        foreach (int level in levelOfObservation) _start[level + 1]++;
        for (int i = 0; i < levelCount; i++) _start[i + 1] += _start[i];
        _members = new int[levelOfObservation.Length];
        var next = (int[])_start.Clone();
        for (int n = 0; n < levelOfObservation.Length; n++) _members[next[levelOfObservation[n]]++] = n;
        _maxCluster = 0;
        for (int i = 0; i < levelCount; i++) _maxCluster = Math.Max(_maxCluster, _start[i + 1] - _start[i]);

        var rule = GaussHermite.Create(nodes);
        NodeCount = nodes;
        _nodes = new double[nodes];
        _logWeights = new double[nodes];
        for (int k = 0; k < nodes; k++)
        {
            _nodes[k] = rule.Nodes[k];
            _logWeights[k] = Math.Log(rule.Weights[k]) + 0.5 * rule.Nodes[k] * rule.Nodes[k];
        }
        _mode = new double[levelCount];
        _scale = new double[levelCount];
        _clusterLogLikelihood = new double[levelCount];
        _nodeFirst = new double[nodes * Math.Max(1, _maxCluster)];
        _second = new double[Math.Max(1, _maxCluster)];
        _third = new double[Math.Max(1, _maxCluster)];
        _terms = new double[nodes];
        int f = family.Parameters.Count;
        _parameterValue = new double[Math.Max(1, f)];
        _parameterFirst = new double[Math.Max(1, f)];
        _parameterSecond = new double[Math.Max(1, f)];
        _nodeParameter = new double[nodes * Math.Max(1, f)];
    }

    /// <summary>K.</summary>
    public int NodeCount { get; }

    /// <summary>The number of clusters.</summary>
    public int LevelCount { get; }

    /// <summary>The family derivatives in use (holding the parameters of the last evaluation).</summary>
    public ObservationDerivatives Family => _family;

    /// <summary>After <see cref="Evaluate"/>: each cluster's mode û_i.</summary>
    public ReadOnlySpan<double> Mode => _mode;

    /// <summary>After <see cref="Evaluate"/>: each cluster's σ̂_i = (−g_i''(û_i))^(−1/2).</summary>
    public ReadOnlySpan<double> Scale => _scale;

    /// <summary>After <see cref="Evaluate"/>: each cluster's log L_i (the leave-one-cluster-out likelihood).</summary>
    public ReadOnlySpan<double> ClusterLogLikelihood => _clusterLogLikelihood;

    /// <summary>The observations of cluster i.</summary>
    public ReadOnlySpan<int> Members(int cluster) => _members.AsSpan(_start[cluster], _start[cluster + 1] - _start[cluster]);

    /// <summary>
    /// Returns Σ_i log L_i at the population-level predictor <paramref name="eta"/> (X β + offset per observation), the effects'
    /// log sd and the family parameters θ (constrained scale); −∞ when a cluster has no proper mode. When
    /// <paramref name="gradientEta"/> is not empty, fills ∂/∂η_n, ∂/∂log s and ∂/∂θ_j.
    /// </summary>
    public double Evaluate(ReadOnlySpan<double> eta, double logSd, ReadOnlySpan<double> theta,
        Span<double> gradientEta, out double gradientLogSd, Span<double> gradientTheta)
    {
        _family.SetParameters(theta);
        double precision = Math.Exp(-2 * logSd);
        bool gradient = !gradientEta.IsEmpty;
        int f = _family.Parameters.Count;
        gradientLogSd = 0;
        if (gradient) gradientTheta[..f].Clear();
        double total = 0;
        for (int i = 0; i < LevelCount; i++)
        {
            if (!FindMode(i, eta, precision, logSd))
            {
                gradientEta.Clear();
                gradientTheta[..f].Clear();
                return double.NegativeInfinity;
            }
            double value = gradient
                ? ClusterWithGradient(i, eta, logSd, precision, gradientEta, ref gradientLogSd, gradientTheta)
                : ClusterValue(i, eta, logSd, precision, _nodes, _logWeights);
            _clusterLogLikelihood[i] = value;
            total += value;
        }
        return double.IsNaN(total) ? double.NegativeInfinity : total;
    }

    /// <summary>
    /// After <see cref="Evaluate"/> at the same arguments, Σ_i log L_i recomputed with another rule of
    /// <paramref name="nodes"/> points at the same modes and curvatures: K against 2K is the quadrature's error check.
    /// </summary>
    public double Recompute(ReadOnlySpan<double> eta, double logSd, ReadOnlySpan<double> theta, int nodes)
    {
        _family.SetParameters(theta);
        var rule = GaussHermite.Create(nodes);
        var z = rule.Nodes.ToArray();
        var logWeights = rule.Nodes.Select((x, k) => Math.Log(rule.Weights[k]) + 0.5 * x * x).ToArray();
        double precision = Math.Exp(-2 * logSd), total = 0;
        for (int i = 0; i < LevelCount; i++) total += ClusterValue(i, eta, logSd, precision, z, logWeights);
        return total;
    }

    /// <summary>
    /// Writes one draw of every cluster's effect from its exact conditional, p(u_i | y, η, s, θ) ∝ exp g_i(u), into
    /// <paramref name="effects"/> (length <see cref="LevelCount"/>), by adaptive rejection sampling from the mode's
    /// neighbourhood (<see cref="AdaptiveRejectionSampler"/>) with <paramref name="rng"/>. Needs a log-concave family
    /// (<see cref="ObservationDerivatives.IsLogConcave"/>; g_i is then strictly concave); throws otherwise.
    /// </summary>
    public void DrawEffects(ReadOnlySpan<double> eta, double logSd, ReadOnlySpan<double> theta, RandomStream rng, Span<double> effects)
    {
        if (!_family.IsLogConcave)
            throw new InvalidOperationException("Exact draws of the effects need a family whose log likelihood is concave in η.");
        _family.SetParameters(theta);
        _drawEta ??= new double[eta.Length];
        eta.CopyTo(_drawEta);
        _sampler ??= new AdaptiveRejectionSampler();
        double precision = Math.Exp(-2 * logSd);
        Span<double> start = stackalloc double[2];
        for (int i = 0; i < LevelCount; i++)
        {
            if (!FindMode(i, eta, precision, logSd)) throw new InvalidOperationException($"Cluster {i} has no proper mode at this draw.");
            start[0] = _mode[i] - _scale[i];
            start[1] = _mode[i] + _scale[i];
            var density = new ClusterDensity(this, i, precision, logSd);
            effects[i] = _sampler.Sample(ref density, start, rng);
        }
    }

    /// <summary>g_i as the sampler sees it.</summary>
    private readonly struct ClusterDensity(AdaptiveGaussHermite owner, int cluster, double precision, double logSd) : ILogConcaveDensity
    {
        public double LogDensity(double x, out double derivative) =>
            owner.ClusterFunction(cluster, owner._drawEta, x, precision, logSd, out derivative, out _, out _);
    }

    /// <summary>g_i(u) and g_i'(u), g_i''(u) (and g_i'''(u) into <paramref name="g3"/>).</summary>
    private double ClusterFunction(int i, ReadOnlySpan<double> eta, double u, double precision, double logSd,
        out double g1, out double g2, out double g3)
    {
        double g = -0.5 * u * u * precision - logSd - HalfLogTwoPi;
        g1 = -u * precision;
        g2 = -precision;
        g3 = 0;
        var z = _z;
        for (int m = _start[i]; m < _start[i + 1]; m++)
        {
            int n = _members[m];
            double zn = z?[n] ?? 1.0;
            g += _family.Value(n, eta[n] + zn * u, out double d1, out double d2, out double d3);
            g1 += zn * d1;
            g2 += zn * zn * d2;
            g3 += zn * zn * zn * d3;
        }
        return g;
    }

    /// <summary>Damped Newton for the mode; sets <see cref="Mode"/>[i] and <see cref="Scale"/>[i]. False when there is no proper mode.</summary>
    private bool FindMode(int i, ReadOnlySpan<double> eta, double precision, double logSd)
    {
        double u = double.IsFinite(_mode[i]) ? _mode[i] : 0.0;
        double g = ClusterFunction(i, eta, u, precision, logSd, out double g1, out double g2, out _);
        if (!double.IsFinite(g) && u != 0)
        {
            u = 0;
            g = ClusterFunction(i, eta, u, precision, logSd, out g1, out g2, out _);
        }
        if (!double.IsFinite(g)) return false;
        for (int iteration = 0; iteration < MaximumIterations; iteration++)
        {
            // Newton where concave; elsewhere a gradient step on the prior's scale.
            double step = g2 < 0 ? -g1 / g2 : g1 / precision;
            double decrement = g2 < 0 ? g1 * g1 / -g2 : double.PositiveInfinity;
            if (decrement < 1e-24) break;  // Newton decrement: |g'|σ̂ below 1e-12
            double trial = u + step;
            double gt = ClusterFunction(i, eta, trial, precision, logSd, out double t1, out double t2, out _);
            // Close to the mode the gain of a Newton step is below rounding: take it whole (it converges quadratically there).
            bool close = decrement < 1e-8 && double.IsFinite(gt);
            int halvings = 0;
            while (!close && !(gt >= g) && halvings < 60)
            {
                step *= 0.5;
                trial = u + step;
                gt = ClusterFunction(i, eta, trial, precision, logSd, out t1, out t2, out _);
                halvings++;
            }
            if (!close && !(gt >= g)) break; // no ascent left at working precision
            bool tiny = Math.Abs(step) <= 1e-15 * (1 + Math.Abs(u));
            u = trial;
            g = gt;
            g1 = t1;
            g2 = t2;
            if (tiny) break;
        }
        ClusterFunction(i, eta, u, precision, logSd, out _, out g2, out _);
        if (!(g2 < 0)) return false;
        _mode[i] = u;
        _scale[i] = 1 / Math.Sqrt(-g2);
        return true;
    }

    private double ClusterValue(int i, ReadOnlySpan<double> eta, double logSd, double precision, ReadOnlySpan<double> nodes, ReadOnlySpan<double> logWeights)
    {
        double mode = _mode[i], scale = _scale[i], max = double.NegativeInfinity;
        Span<double> terms = nodes.Length <= _terms.Length ? _terms.AsSpan(0, nodes.Length) : new double[nodes.Length];
        for (int k = 0; k < nodes.Length; k++)
        {
            terms[k] = logWeights[k] + ClusterFunction(i, eta, mode + scale * nodes[k], precision, logSd, out _, out _, out _);
            if (terms[k] > max) max = terms[k];
        }
        double sum = 0;
        for (int k = 0; k < nodes.Length; k++) sum += Math.Exp(terms[k] - max);
        return Math.Log(scale) + HalfLogTwoPi + max + Math.Log(sum);
    }

    private double ClusterWithGradient(int i, ReadOnlySpan<double> eta, double logSd, double precision,
        Span<double> gradientEta, ref double gradientLogSd, Span<double> gradientTheta)
    {
        int K = NodeCount, f = _family.Parameters.Count, start = _start[i], size = _start[i + 1] - start;
        double mode = _mode[i], scale = _scale[i];
        var z = _z;
        var members = _members;

        // At the mode: g'', g''' and each observation's ℓ'', ℓ''' (and the parameters' ∂g', ∂g'').
        ClusterFunction(i, eta, mode, precision, logSd, out _, out double g2, out double g3);
        Span<double> dFirst = stackalloc double[f];
        Span<double> dSecond = stackalloc double[f];
        dFirst.Clear();
        dSecond.Clear();
        for (int m = 0; m < size; m++)
        {
            int n = members[start + m];
            double zn = z?[n] ?? 1.0;
            _family.Value(n, eta[n] + zn * mode, out _, out _second[m], out _third[m]);
            if (f > 0)
            {
                _family.ParameterDerivatives(n, eta[n] + zn * mode, _parameterValue, _parameterFirst, _parameterSecond);
                for (int j = 0; j < f; j++)
                {
                    dFirst[j] += zn * _parameterFirst[j];
                    dSecond[j] += zn * zn * _parameterSecond[j];
                }
            }
        }

        // At the nodes: g, g', each ℓ'_n, and the parameters' ∂g.
        double max = double.NegativeInfinity;
        Span<double> nodeFirst = stackalloc double[K];
        for (int k = 0; k < K; k++)
        {
            double u = mode + scale * _nodes[k];
            double g = -0.5 * u * u * precision - logSd - HalfLogTwoPi, g1 = -u * precision;
            for (int j = 0; j < f; j++) _nodeParameter[k * f + j] = 0;
            for (int m = 0; m < size; m++)
            {
                int n = members[start + m];
                double zn = z?[n] ?? 1.0;
                double e = eta[n] + zn * u;
                g += _family.Value(n, e, out double d1, out _, out _);
                g1 += zn * d1;
                _nodeFirst[k * _maxCluster + m] = d1;
                if (f > 0 && double.IsFinite(g))
                {
                    _family.ParameterDerivatives(n, e, _parameterValue, _parameterFirst, _parameterSecond);
                    for (int j = 0; j < f; j++) _nodeParameter[k * f + j] += _parameterValue[j];
                }
            }
            _terms[k] = _logWeights[k] + g;
            nodeFirst[k] = g1;
            if (!double.IsFinite(g))
            {
                // A node outside the support (η ≤ 0 under an inverse link) has weight 0 and contributes nothing to the gradient.
                nodeFirst[k] = 0;
                for (int m = 0; m < size; m++) _nodeFirst[k * _maxCluster + m] = 0;
                for (int j = 0; j < f; j++) _nodeParameter[k * f + j] = 0;
            }
            if (_terms[k] > max) max = _terms[k];
        }
        double sum = 0;
        for (int k = 0; k < K; k++) sum += Math.Exp(_terms[k] - max);
        double value = Math.Log(scale) + HalfLogTwoPi + max + Math.Log(sum);
        double s1 = 0, s2 = 0;
        for (int k = 0; k < K; k++)
        {
            double pi = Math.Exp(_terms[k] - max) / sum;
            _terms[k] = pi;
            s1 += pi * nodeFirst[k];
            s2 += pi * nodeFirst[k] * scale * _nodes[k];
        }

        // Each observation's η.
        for (int m = 0; m < size; m++)
        {
            int n = members[start + m];
            double zn = z?[n] ?? 1.0;
            double dMode = -zn * _second[m] / g2;
            double dLogScale = -0.5 * (zn * zn * _third[m] + g3 * dMode) / g2;
            double atNodes = 0;
            for (int k = 0; k < K; k++) atNodes += _terms[k] * _nodeFirst[k * _maxCluster + m];
            gradientEta[n] = atNodes + s1 * dMode + (1 + s2) * dLogScale;
        }

        // log s: ∂g/∂log s = u²/s² − 1, ∂g'/∂log s = 2u/s², ∂g''/∂log s = 2/s².
        {
            double dMode = -(2 * mode * precision) / g2;
            double dLogScale = -0.5 * (2 * precision + g3 * dMode) / g2;
            double atNodes = 0;
            for (int k = 0; k < K; k++)
            {
                double u = mode + scale * _nodes[k];
                if (_terms[k] > 0) atNodes += _terms[k] * (u * u * precision - 1);
            }
            gradientLogSd += atNodes + s1 * dMode + (1 + s2) * dLogScale;
        }

        for (int j = 0; j < f; j++)
        {
            double dMode = -dFirst[j] / g2;
            double dLogScale = -0.5 * (dSecond[j] + g3 * dMode) / g2;
            double atNodes = 0;
            for (int k = 0; k < K; k++) atNodes += _terms[k] * _nodeParameter[k * f + j];
            gradientTheta[j] += atNodes + s1 * dMode + (1 + s2) * dLogScale;
        }
        return value;
    }
}
