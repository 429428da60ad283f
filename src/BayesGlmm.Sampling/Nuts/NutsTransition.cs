// One NUTS transition as Stan's base_nuts makes it: multinomial trajectory sampling with the generalised U-turn criterion.
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Hamiltonians;

namespace BayesGlmm.Sampling.Nuts;

/// <summary>
/// The No-U-Turn transition of Stan's <c>base_nuts</c> (Hoffman &amp; Gelman 2014, Algorithm 3, with
/// multinomial sampling and the generalised criterion of Betancourt 2017, Appendix A):
/// <list type="bullet">
/// <item>the trajectory doubles in a random direction until it turns, diverges or reaches the maximum depth;</item>
/// <item>states carry weights exp(H0 − H); inside a subtree the proposal is chosen uniformly by weight
/// (progressive uniform sampling), at the top level the new subtree's proposal replaces the sample with
/// probability min(1, w_new/w_old) (biased progressive sampling, Betancourt 2017, §A.3.2);</item>
/// <item>every merge runs the U-turn criterion on the merged span plus Stan 2.21's two checks across the
/// seam (<see cref="UTurnCriterion.PersistsAcrossMerge"/>);</item>
/// <item>a state with H − H0 &gt; 1000 (or non-finite H) is divergent and invalidates its subtree (one-sided);</item>
/// <item><c>accept_stat__</c> is Σ min(1, exp(H0 − H)) over every leapfrog state, rejected subtrees included,
/// divided by the number of leapfrog steps.</item>
/// </list>
/// With <see cref="IntegratorKind.Walnuts"/> each trajectory state is reached by a <see cref="WalnutsMacroStep"/>
/// instead of one leapfrog step; an irreversible macro step invalidates its subtree like an internal U-turn.
/// All buffers are allocated once per chain; a transition allocates nothing.
/// </summary>
internal sealed class NutsTransition
{
    /// <summary>Stan's <c>max_deltaH_</c>: the energy error beyond which a state is divergent.</summary>
    public const double MaxEnergyError = 1000.0;

    private readonly Hamiltonian _hamiltonian;
    private readonly RandomStream _rng;
    private readonly int _maxDepth;
    private readonly WalnutsMacroStep? _walnuts;

    private readonly PhasePoint _z;
    private readonly PhasePoint _zForward;
    private readonly PhasePoint _zBackward;
    private readonly Proposal _sample;
    private readonly Proposal _propose;

    // Momenta and velocities at the four ends of the backward and forward subtrees (Stan's p_fwd_fwd, ...).
    private readonly double[] _pFwdFwd, _vFwdFwd, _pFwdBck, _vFwdBck, _pBckFwd, _vBckFwd, _pBckBck, _vBckBck;
    private readonly double[] _rho, _rhoForward, _rhoBackward, _scratch;
    private readonly TreeLevel[] _levels;

    private double _epsilon;
    private double _h0;
    private int _states;
    private double _sumMetropolis;
    private double _sumAdapt;
    private double _sumSymmetric;
    private bool _divergent;

    /// <summary>A transition with leapfrog steps, or with WALNUTS macro steps when <paramref name="walnuts"/> is given.</summary>
    public NutsTransition(Hamiltonian hamiltonian, RandomStream rng, int maxDepth, WalnutsOptions? walnuts = null)
    {
        _hamiltonian = hamiltonian;
        _rng = rng;
        _maxDepth = maxDepth;
        _walnuts = walnuts is null ? null : new WalnutsMacroStep(hamiltonian, walnuts);
        int d = hamiltonian.Dimension;
        _z = new PhasePoint(d);
        _zForward = new PhasePoint(d);
        _zBackward = new PhasePoint(d);
        _sample = new Proposal(d);
        _propose = new Proposal(d);
        _pFwdFwd = new double[d]; _vFwdFwd = new double[d];
        _pFwdBck = new double[d]; _vFwdBck = new double[d];
        _pBckFwd = new double[d]; _vBckFwd = new double[d];
        _pBckBck = new double[d]; _vBckBck = new double[d];
        _rho = new double[d]; _rhoForward = new double[d]; _rhoBackward = new double[d]; _scratch = new double[d];
        _levels = new TreeLevel[maxDepth + 1];
        for (int i = 0; i < _levels.Length; i++) _levels[i] = new TreeLevel(d);
    }

    /// <summary>
    /// Makes one transition from <paramref name="state"/> with step size <paramref name="epsilon"/>
    /// and replaces <paramref name="state"/> with the selected draw.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public TransitionResult Transition(Proposal state, double epsilon)
    {
        _epsilon = epsilon;
        PhasePoint z = _z;
        state.Position.CopyTo(z.Position, 0);
        state.Gradient.CopyTo(z.Gradient, 0);
        z.LogDensity = state.LogDensity;
        z.Index = 0;
        _hamiltonian.SampleMomentum(z, _rng);

        _zForward.CopyFrom(z);
        _zBackward.CopyFrom(z);
        _sample.CopyFrom(z);

        z.Momentum.CopyTo(_pFwdFwd, 0); z.Velocity.CopyTo(_vFwdFwd, 0);
        z.Momentum.CopyTo(_pFwdBck, 0); z.Velocity.CopyTo(_vFwdBck, 0);
        z.Momentum.CopyTo(_pBckFwd, 0); z.Velocity.CopyTo(_vBckFwd, 0);
        z.Momentum.CopyTo(_pBckBck, 0); z.Velocity.CopyTo(_vBckBck, 0);
        z.Momentum.CopyTo(_rho, 0);

        double logSumWeight = 0.0; // log exp(H0 − H0)
        _h0 = z.Energy;
        long gradientsBefore = _hamiltonian.GradientEvaluations;
        _states = 0;
        _sumMetropolis = 0.0;
        _sumAdapt = 0.0;
        _sumSymmetric = 0.0;
        _divergent = false;
        int depth = 0;

        while (depth < _maxDepth)
        {
            Array.Clear(_rhoForward);
            Array.Clear(_rhoBackward);
            double logSumWeightSubtree = double.NegativeInfinity;
            bool valid;

            if (_rng.NextDouble() > 0.5)
            {
                // Extend forwards: the old trajectory becomes the backward subtree, its forward end the old forward end.
                z.CopyFrom(_zForward);
                _rho.CopyTo(_rhoBackward, 0);
                _pFwdFwd.CopyTo(_pBckFwd, 0);
                _vFwdFwd.CopyTo(_vBckFwd, 0);
                valid = BuildTree(depth, _propose, _vFwdBck, _vFwdFwd, _rhoForward, _pFwdBck, _pFwdFwd, 1.0, ref logSumWeightSubtree);
                _zForward.CopyFrom(z);
            }
            else
            {
                // Extend backwards: the old trajectory becomes the forward subtree, its backward end the old backward end.
                z.CopyFrom(_zBackward);
                _rho.CopyTo(_rhoForward, 0);
                _pBckBck.CopyTo(_pFwdBck, 0);
                _vBckBck.CopyTo(_vFwdBck, 0);
                valid = BuildTree(depth, _propose, _vBckFwd, _vBckBck, _rhoBackward, _pBckFwd, _pBckBck, -1.0, ref logSumWeightSubtree);
                _zBackward.CopyFrom(z);
            }

            if (!valid) break;
            depth++;

            // Biased progressive sampling at the top level (Betancourt 2017, §A.3.2).
            if (logSumWeightSubtree > logSumWeight)
            {
                _sample.CopyFrom(_propose);
            }
            else
            {
                double acceptProbability = Math.Exp(logSumWeightSubtree - logSumWeight);
                if (_rng.NextDouble() < acceptProbability) _sample.CopyFrom(_propose);
            }
            logSumWeight = LogSum.Exp(logSumWeight, logSumWeightSubtree);

            TensorPrimitives.Add(_rhoBackward, _rhoForward, _rho);
            // Backward subtree A = [bck end, its fwd end], forward subtree B = [its bck end, fwd end].
            bool persist = UTurnCriterion.PersistsAcrossMerge(
                _rho, _rhoBackward, _rhoForward,
                _vBckBck, _vBckFwd, _pBckFwd,
                _vFwdBck, _vFwdFwd, _pFwdBck,
                _scratch);
            if (!persist) break;
        }

        state.CopyFrom(_sample);
        return new TransitionResult(
            AcceptStat: _sumMetropolis / _states,
            StepSize: epsilon,
            TreeDepth: depth,
            LeapfrogSteps: (int)(_hamiltonian.GradientEvaluations - gradientsBefore),
            Divergent: _divergent,
            Energy: _sample.Energy)
        {
            AdaptStat = _sumAdapt / _states,
            SymmetricAdaptStat = _sumSymmetric / _states,
            SelectedIndex = _sample.Index,
        };
    }

    /// <summary>
    /// Builds a subtree of 2^depth leapfrog steps from the current end <c>_z</c> in direction
    /// <paramref name="sign"/> (Stan's <c>build_tree</c>). Fills the subtree's proposal, the velocities and
    /// momenta at its beginning and end (in the direction of growth), adds its summed momentum into
    /// <paramref name="rho"/> and its log weight into <paramref name="logSumWeight"/>. False if the subtree
    /// diverged or turned; its states can then not be selected.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool BuildTree(
        int depth, Proposal propose,
        double[] velocityBegin, double[] velocityEnd, double[] rho,
        double[] momentumBegin, double[] momentumEnd,
        double sign, ref double logSumWeight)
    {
        PhasePoint z = _z;
        if (depth == 0)
        {
            bool reversible = true;
            double hBase;
            if (_walnuts is null)
            {
                _hamiltonian.Leapfrog(z, sign * _epsilon);
                z.Index += sign > 0 ? 1 : -1;
                hBase = z.Energy;
            }
            else
            {
                reversible = _walnuts.Step(z, sign * _epsilon, _h0, MaxEnergyError);
                hBase = _walnuts.BaseEnergy;
            }
            _states++;
            double h = z.Energy;
            if (h - _h0 > MaxEnergyError) _divergent = true;
            double logWeight = _h0 - h;
            logSumWeight = LogSum.Exp(logSumWeight, logWeight);
            _sumMetropolis += logWeight > 0 ? 1.0 : Math.Exp(logWeight);
            // nutpie's statistics for step-size adaptation (nuts-rs AcceptanceRateCollector), from the unrefined step.
            double a = _h0 - hBase;
            if (!double.IsNaN(a))
            {
                _sumAdapt += a > 0 ? 1.0 : Math.Exp(a);
                _sumSymmetric += 2.0 * Math.Exp(Math.Min(a, 0.0)) / (1.0 + Math.Exp(a));
            }
            propose.CopyFrom(z);
            z.Velocity.CopyTo(velocityBegin, 0);
            z.Velocity.CopyTo(velocityEnd, 0);
            TensorPrimitives.Add(rho, z.Momentum, rho);
            z.Momentum.CopyTo(momentumBegin, 0);
            z.Momentum.CopyTo(momentumEnd, 0);
            return !_divergent && reversible;
        }

        TreeLevel level = _levels[depth];

        // The initial half.
        double logSumWeightInit = double.NegativeInfinity;
        Array.Clear(level.RhoInit);
        if (!BuildTree(depth - 1, propose, velocityBegin, level.VelocityInitEnd, level.RhoInit, momentumBegin, level.MomentumInitEnd, sign, ref logSumWeightInit))
            return false;

        // The final half.
        double logSumWeightFinal = double.NegativeInfinity;
        Array.Clear(level.RhoFinal);
        if (!BuildTree(depth - 1, level.ProposeFinal, level.VelocityFinalBegin, velocityEnd, level.RhoFinal, level.MomentumFinalBegin, momentumEnd, sign, ref logSumWeightFinal))
            return false;

        // Progressive uniform sampling between the halves.
        double logSumWeightSubtree = LogSum.Exp(logSumWeightInit, logSumWeightFinal);
        logSumWeight = LogSum.Exp(logSumWeight, logSumWeightSubtree);
        if (logSumWeightFinal > logSumWeightSubtree)
        {
            propose.CopyFrom(level.ProposeFinal);
        }
        else
        {
            double acceptProbability = Math.Exp(logSumWeightFinal - logSumWeightSubtree);
            if (_rng.NextDouble() < acceptProbability) propose.CopyFrom(level.ProposeFinal);
        }

        TensorPrimitives.Add(level.RhoInit, level.RhoFinal, level.RhoSubtree);
        TensorPrimitives.Add(rho, level.RhoSubtree, rho);

        return UTurnCriterion.PersistsAcrossMerge(
            level.RhoSubtree, level.RhoInit, level.RhoFinal,
            velocityBegin, level.VelocityInitEnd, level.MomentumInitEnd,
            level.VelocityFinalBegin, velocityEnd, level.MomentumFinalBegin,
            level.Scratch);
    }

    /// <summary>The scratch vectors of one recursion depth of <see cref="BuildTree"/>.</summary>
    private sealed class TreeLevel
    {
        public TreeLevel(int d)
        {
            MomentumInitEnd = new double[d];
            VelocityInitEnd = new double[d];
            RhoInit = new double[d];
            MomentumFinalBegin = new double[d];
            VelocityFinalBegin = new double[d];
            RhoFinal = new double[d];
            RhoSubtree = new double[d];
            Scratch = new double[d];
            ProposeFinal = new Proposal(d);
        }

        public double[] MomentumInitEnd { get; }
        public double[] VelocityInitEnd { get; }
        public double[] RhoInit { get; }
        public double[] MomentumFinalBegin { get; }
        public double[] VelocityFinalBegin { get; }
        public double[] RhoFinal { get; }
        public double[] RhoSubtree { get; }
        public double[] Scratch { get; }
        public Proposal ProposeFinal { get; }
    }
}
