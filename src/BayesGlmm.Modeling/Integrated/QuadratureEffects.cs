// One grouping factor of scalar normal effects integrated out by adaptive Gauss–Hermite quadrature, any one-predictor family; effects drawn per draw from their conditional.
using System.Collections.Concurrent;
using BayesGlmm.Modeling.Families;
using BayesGlmm.Modeling.Frames;
using BayesGlmm.Modeling.RandomEffects;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Integrated;

/// <summary>
/// The quadrature route of a model with one group-level term of one coefficient (a random intercept, or one slope
/// without an intercept): per cluster the effect is integrated out by K-node adaptive Gauss–Hermite quadrature
/// (<see cref="AdaptiveGaussHermite"/>; Liu &amp; Pierce 1994, Pinheiro &amp; Bates 1995; K = 1 is the Laplace
/// approximation), so NUTS samples b, the sd and the family parameters, and <see cref="WriteOutputs"/> draws each cluster's
/// effect from its exact conditional p(r_j | y, b, sd, θ) by adaptive rejection sampling. The family's log likelihood must be
/// concave in η (binomial, Poisson, gaussian with the identity link, ...) for those draws. <see cref="QuadratureError"/>
/// compares K nodes with 2K at one draw.
/// </summary>
public sealed class QuadratureEffects : IntegratedEffectBlock
{
    private readonly ObservationDerivatives _family;
    private readonly int[]? _order;
    private readonly double[]? _z;
    private readonly ConcurrentBag<AdaptiveGaussHermite> _writers = [];

    /// <summary>
    /// The quadrature route of the joint block <paramref name="term"/> with <paramref name="nodes"/> nodes for
    /// <paramref name="family"/> bound to the response of <paramref name="frame"/>, evaluated in <paramref name="order"/>.
    /// Throws <see cref="InputException"/> when the family has no log-concave likelihood table.
    /// </summary>
    public QuadratureEffects(NormalEffects term, IFamily family, ModelFrame frame, int[] order, int nodes)
        : base([term])
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        if (term.CoefficientCount != 1)
            throw new InputException($"Adaptive quadrature integrates one effect per level; '{TermText(term.Term)}' has {term.CoefficientCount}. Use the joint route.");
        _family = ObservationDerivatives.For(family, frame.Response, frame.SourceRows);
        if (!_family.IsLogConcave)
            throw new InputException(
                $"The quadrature route draws each level's effect exactly, which needs a log likelihood concave in the linear predictor; {family.Name}({family.LinkName}) has none. Use the joint route.");
        NodeCount = nodes;
        _order = Permutation(order);
        var z = term.Term.Z;
        bool ones = true;
        for (int i = 0; i < z.Rows && ones; i++) ones = z[i, 0] == 1.0;
        if (!ones)
        {
            _z = new double[z.Rows];
            for (int i = 0; i < z.Rows; i++) _z[i] = z[i, 0];
        }
    }

    /// <summary>K, the nodes per cluster.</summary>
    public int NodeCount { get; }

    /// <inheritdoc />
    public override RandomEffectKernel CreateKernel() => new Kernel(this);

    /// <inheritdoc />
    public override void WriteOutputs(ReadOnlySpan<double> position, Span<double> outputs, OutputContext context, RandomStream rng)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rng);
        Span<double> factor = stackalloc double[1];
        WriteHyperOutputs(position, outputs, factor, [0]);
        var block = TermBlocks[0];
        var quadrature = Take();
        try
        {
            quadrature.DrawEffects(context.FixedPredictor, Math.Log(factor[0]), context.FamilyValues, rng, outputs.Slice(block.ROutput, block.LevelCount));
        }
        finally { _writers.Add(quadrature); }
    }

    /// <summary>log L_j per level, the likelihood with the level's effect integrated out by the K-node rule, at one draw of the outputs.</summary>
    public void ClusterLogLikelihood(ReadOnlySpan<double> outputs, OutputContext context, Span<double> logLikelihood)
    {
        ArgumentNullException.ThrowIfNull(context);
        var quadrature = Take();
        try
        {
            Evaluate(quadrature, outputs, context);
            quadrature.ClusterLogLikelihood.CopyTo(logLikelihood);
        }
        finally { _writers.Add(quadrature); }
    }

    /// <summary>
    /// The quadrature's error check at one draw of the outputs: Σ_j log L_j with K nodes minus the same with 2K nodes at the same
    /// modes and curvatures (0 up to rounding where K nodes are exact).
    /// </summary>
    public double QuadratureError(ReadOnlySpan<double> outputs, OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var quadrature = Take();
        try
        {
            double value = Evaluate(quadrature, outputs, context);
            return value - quadrature.Recompute(context.FixedPredictor, Math.Log(outputs[TermBlocks[0].SdOutput]), context.FamilyValues, 2 * NodeCount);
        }
        finally { _writers.Add(quadrature); }
    }

    private double Evaluate(AdaptiveGaussHermite quadrature, ReadOnlySpan<double> outputs, OutputContext context)
    {
        double logSd = Math.Log(outputs[TermBlocks[0].SdOutput]);
        var theta = new double[Math.Max(1, _family.Parameters.Count)];
        return quadrature.Evaluate(context.FixedPredictor, logSd, context.FamilyValues, [], out _, theta);
    }

    private AdaptiveGaussHermite Take() => _writers.TryTake(out var q) ? q : Create();

    private AdaptiveGaussHermite Create()
    {
        var term = TermBlocks[0].Term;
        return new AdaptiveGaussHermite(_family.Copy(), term.LevelOfObservation, term.LevelCount, _z, NodeCount);
    }

    private static string TermText(GroupTerm term) => term.Text.Length > 0 ? term.Text : term.Group;

    /// <summary>The quadrature's Σ_j log L_j at η, ∂/∂η, ∂/∂θ and ∂/∂log sd.</summary>
    private sealed class Kernel : IntegratedKernel
    {
        private readonly QuadratureEffects _block;
        private readonly AdaptiveGaussHermite _quadrature;
        private readonly NormalEffects _term;
        private readonly double[] _eta, _gradientEta;
        private double _logSd, _gradientLogSd;

        public Kernel(QuadratureEffects block)
        {
            _block = block;
            _quadrature = block.Create();
            _term = block.TermBlocks[0];
            int n = block._family.ObservationCount;
            _eta = block._order is null ? [] : new double[n];
            _gradientEta = block._order is null ? [] : new double[n];
        }

        public override void Forward(ReadOnlySpan<double> position, ref double logPrior, ref double extra)
        {
            _logSd = position[_term.LogSdOffset];
            extra += _logSd;
        }

        public override double Likelihood(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> gradientEta, Span<double> gradientTheta)
        {
            var order = _block._order;
            double value;
            if (order is null) value = _quadrature.Evaluate(eta, _logSd, theta, gradientEta, out _gradientLogSd, gradientTheta);
            else
            {
                ToFrameOrder(order, eta, _eta);
                value = _quadrature.Evaluate(_eta, _logSd, theta, _gradientEta, out _gradientLogSd, gradientTheta);
                ToEvaluationOrder(order, _gradientEta, gradientEta);
            }
            return value;
        }

        public override void Backward(ReadOnlySpan<double> position, Span<double> gradient, ref double logPrior)
        {
            double sd = Math.Exp(_logSd);
            logPrior += _term.SdPriors[0].LogDensity(sd, out double d);
            gradient[_term.LogSdOffset] += _gradientLogSd + d * sd + 1.0;
        }
    }
}
