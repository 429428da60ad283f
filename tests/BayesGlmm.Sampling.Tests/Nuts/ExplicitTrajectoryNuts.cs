// A deliberately naive NUTS over an explicitly stored trajectory, as an independent check of the tree bookkeeping.
using BayesGlmm.Numerics.Random;
using BayesGlmm.Sampling.Hamiltonians;
using BayesGlmm.Sampling.Nuts;

namespace BayesGlmm.Sampling.Tests.Nuts;

/// <summary>
/// Stan's multinomial NUTS written from its definition on an explicit array of states indexed by their
/// position along the trajectory (0 = the initial state): every U-turn check sums the momenta of its span
/// directly, with no running sums or edge bookkeeping. It draws random numbers in the same order as
/// <see cref="NutsTransition"/>, so the two must agree draw for draw.
/// </summary>
internal sealed class ExplicitTrajectoryNuts(Hamiltonian hamiltonian, RandomStream rng, int maxDepth)
{
    private readonly Dictionary<int, PhasePoint> _states = [];
    private double _h0, _epsilon, _sumMetropolis;
    private int _steps;
    private bool _divergent;

    public (double[] Position, double LogDensity, TransitionResult Result) Transition(double[] q, double[] gradient, double logDensity, double epsilon)
    {
        int d = q.Length;
        _states.Clear();
        var z0 = new PhasePoint(d);
        q.CopyTo(z0.Position, 0);
        gradient.CopyTo(z0.Gradient, 0);
        z0.LogDensity = logDensity;
        hamiltonian.SampleMomentum(z0, rng);
        _states[0] = z0;
        _h0 = z0.Energy;
        _epsilon = epsilon;
        _sumMetropolis = 0;
        _steps = 0;
        _divergent = false;

        int left = 0, right = 0, sample = 0, depth = 0;
        double logSumWeight = 0;
        while (depth < maxDepth)
        {
            int direction = rng.NextDouble() > 0.5 ? 1 : -1;
            int begin = direction > 0 ? right + 1 : left - 1;
            (bool valid, int propose, double logWeight) = Build(begin, depth, direction);
            int size = 1 << depth;
            if (direction > 0) right += size; else left -= size;
            if (!valid) break;
            depth++;
            if (logWeight > logSumWeight) sample = propose;
            else if (rng.NextDouble() < Math.Exp(logWeight - logSumWeight)) sample = propose;
            logSumWeight = LogSum.Exp(logSumWeight, logWeight);

            // Old trajectory and new subtree, in spatial order.
            int mid = direction > 0 ? right - size : left + size - 1;
            if (!MergePersists(left, mid, right)) break;
        }

        PhasePoint chosen = _states[sample];
        return ((double[])chosen.Position.Clone(), chosen.LogDensity,
            new TransitionResult(_sumMetropolis / _steps, epsilon, depth, _steps, _divergent, chosen.Energy));
    }

    private (bool Valid, int Propose, double LogWeight) Build(int begin, int depth, int direction)
    {
        if (depth == 0)
        {
            var z = new PhasePoint(_states[begin - direction].Position.Length);
            z.CopyFrom(_states[begin - direction]);
            hamiltonian.Leapfrog(z, direction * _epsilon);
            _states[begin] = z;
            _steps++;
            double h = z.Energy;
            if (h - _h0 > 1000) _divergent = true;
            _sumMetropolis += Math.Min(1, Math.Exp(_h0 - h));
            return (!_divergent, begin, _h0 - h);
        }
        int half = 1 << (depth - 1);
        var first = Build(begin, depth - 1, direction);
        if (!first.Valid) return (false, 0, 0);
        var second = Build(begin + direction * half, depth - 1, direction);
        if (!second.Valid) return (false, 0, 0);
        double logWeight = LogSum.Exp(first.LogWeight, second.LogWeight);
        int propose = first.Propose;
        if (second.LogWeight > logWeight) propose = second.Propose;
        else if (rng.NextDouble() < Math.Exp(second.LogWeight - logWeight)) propose = second.Propose;

        int end = begin + direction * (2 * half - 1);
        int lo = Math.Min(begin, end), hi = Math.Max(begin, end);
        return (MergePersists(lo, lo + half - 1, hi), propose, logWeight);
    }

    /// <summary>Spans A = [lo, mid] and B = [mid + 1, hi]: the whole span, A plus B's first state, A's last state plus B.</summary>
    private bool MergePersists(int lo, int mid, int hi) =>
        SpanPersists(lo, hi) && SpanPersists(lo, mid + 1) && SpanPersists(mid, hi);

    private bool SpanPersists(int lo, int hi)
    {
        int d = _states[lo].Momentum.Length;
        double[] rho = new double[d];
        for (int k = lo; k <= hi; k++)
            for (int i = 0; i < d; i++) rho[i] += _states[k].Momentum[i];
        double a = 0, b = 0;
        for (int i = 0; i < d; i++)
        {
            a += _states[lo].Velocity[i] * rho[i];
            b += _states[hi].Velocity[i] * rho[i];
        }
        return a > 0 && b > 0;
    }
}
