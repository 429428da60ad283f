// The bound likelihood of one family × link: one fused vector pass over eta per evaluation.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BayesGlmm.Numerics.Random;

namespace BayesGlmm.Modeling.Families.Kernels;

/// <summary>
/// <see cref="IFamilyLikelihood"/> over a struct kernel. <see cref="Evaluate"/> makes a single pass over
/// eta with <see cref="Vector{T}"/> and a scalar tail, writing ∂/∂eta and accumulating the sums that
/// ∂/∂theta needs; nothing allocates and nothing mutable is shared, so one instance serves every chain.
/// </summary>
internal sealed class KernelLikelihood<TKernel, TParameters> : IFamilyLikelihood, IScalarTwin, IPiecewiseLikelihood
    where TKernel : struct, IObservationKernel<TParameters>
    where TParameters : struct
{
    private readonly ObservationData _data;
    private readonly Func<double[], IFamilyLikelihood> _rebind;

    public KernelLikelihood(ObservationData data, IReadOnlyList<FamilyParameter> parameters, Func<double[], IFamilyLikelihood> rebind)
    {
        _data = data;
        Parameters = parameters;
        _rebind = rebind;
    }

    public int ObservationCount => _data.Count;

    public int LinearPredictorCount => 1;

    public IReadOnlyList<FamilyParameter> Parameters { get; }

    public double Evaluate(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> gradientEta, Span<double> gradientTheta)
    {
        if (!TKernel.IsVectorised) return EvaluateScalar(eta, theta, gradientEta, gradientTheta);
        CheckLengths(eta, theta, gradientEta, gradientTheta);
        var p = TKernel.Prepare(theta);
        double sum0 = 0, sum1 = 0;
        double sum = Accumulate(in p, _data, 0, eta, gradientEta, ref sum0, ref sum1);
        return sum + _data.ConstantSum + TKernel.ThetaTerms(in p, _data, sum0, sum1, gradientTheta);
    }

    /// <inheritdoc />
    public LikelihoodPass CreatePass() => new Pass(this);

    /// <summary>
    /// Σ of the eta-dependent log density over observations start .. start + eta.Length (eta and gradientEta hold
    /// just those), writing ∂/∂eta and adding to the running sums: a vector body, a horizontal sum, a scalar tail.
    /// </summary>
    private static double Accumulate(in TParameters p, ObservationData data, int start, ReadOnlySpan<double> eta, Span<double> gradientEta,
        ref double sum0, ref double sum1)
    {
        int n = eta.Length, width = Vector<double>.Count, i = 0;
        if (n == 0) return 0.0;
        ref double e0 = ref MemoryMarshal.GetReference(eta);
        ref double g0 = ref MemoryMarshal.GetReference(gradientEta);
        ref double y0 = ref data.Y[start];
        ref double a0 = ref data.Aux[start];
        if (!TKernel.IsVectorised)
        {
            double scalar = 0;
            for (; i < n; i++)
                scalar += TKernel.LogDensity(in p, Unsafe.Add(ref e0, i), Unsafe.Add(ref y0, i), Unsafe.Add(ref a0, i),
                    out Unsafe.Add(ref g0, i), ref sum0, ref sum1);
            return scalar;
        }
        if (TKernel.HasWideForm && Vector512.IsHardwareAccelerated && Vector<double>.Count < Vector512<double>.Count)
            return AccumulateWide(in p, ref e0, ref g0, ref y0, ref a0, data.AuxIsOnes, n, ref sum0, ref sum1);
        var total = Vector<double>.Zero;
        var s0 = Vector<double>.Zero;
        var s1 = Vector<double>.Zero;
        bool ones = data.AuxIsOnes;
        for (; i <= n - width; i += width)
        {
            nuint k = (nuint)i;
            total += TKernel.LogDensity(in p, Vector.LoadUnsafe(ref e0, k), Vector.LoadUnsafe(ref y0, k), ones ? Vector<double>.One : Vector.LoadUnsafe(ref a0, k),
                out var g, ref s0, ref s1);
            g.StoreUnsafe(ref g0, k);
        }
        double sum = Vector.Sum(total);
        sum0 += Vector.Sum(s0);
        sum1 += Vector.Sum(s1);
        for (; i < n; i++)
        {
            sum += TKernel.LogDensity(in p, Unsafe.Add(ref e0, i), Unsafe.Add(ref y0, i), Unsafe.Add(ref a0, i),
                out Unsafe.Add(ref g0, i), ref sum0, ref sum1);
        }
        return sum;
    }

    /// <summary><see cref="Accumulate"/>'s loop over <see cref="Vector512{T}"/> (eight lanes), with the same scalar tail.</summary>
    private static double AccumulateWide(in TParameters p, ref double e0, ref double g0, ref double y0, ref double a0, bool ones, int n,
        ref double sum0, ref double sum1)
    {
        int width = Vector512<double>.Count, i = 0;
        var total = Vector512<double>.Zero;
        var s0 = Vector512<double>.Zero;
        var s1 = Vector512<double>.Zero;
        for (; i <= n - width; i += width)
        {
            nuint k = (nuint)i;
            total += TKernel.LogDensity(in p, Vector512.LoadUnsafe(ref e0, k), Vector512.LoadUnsafe(ref y0, k), ones ? Vector512<double>.One : Vector512.LoadUnsafe(ref a0, k),
                out var g, ref s0, ref s1);
            g.StoreUnsafe(ref g0, k);
        }
        double sum = Vector512.Sum(total);
        sum0 += Vector512.Sum(s0);
        sum1 += Vector512.Sum(s1);
        for (; i < n; i++)
        {
            sum += TKernel.LogDensity(in p, Unsafe.Add(ref e0, i), Unsafe.Add(ref y0, i), Unsafe.Add(ref a0, i),
                out Unsafe.Add(ref g0, i), ref sum0, ref sum1);
        }
        return sum;
    }

    /// <summary>One evaluator's piecewise evaluation: the prepared constants and the running sums between ranges.</summary>
    private sealed class Pass(KernelLikelihood<TKernel, TParameters> owner) : LikelihoodPass
    {
        private TParameters _p;
        private double _sum0, _sum1;

        public override void Begin(ReadOnlySpan<double> theta)
        {
            owner.CheckTheta(theta);
            _p = TKernel.Prepare(theta);
            _sum0 = 0;
            _sum1 = 0;
        }

        public override double Add(int start, ReadOnlySpan<double> eta, Span<double> gradientEta)
        {
            if ((uint)start > (uint)owner._data.Count || eta.Length > owner._data.Count - start || gradientEta.Length < eta.Length)
                throw new ArgumentOutOfRangeException(nameof(start));
            return Accumulate(in _p, owner._data, start, eta, gradientEta, ref _sum0, ref _sum1);
        }

        public override void Merge(LikelihoodPass other)
        {
            var pass = (Pass)other;
            _sum0 += pass._sum0;
            _sum1 += pass._sum1;
        }

        public override double Finish(Span<double> gradientTheta)
        {
            if (gradientTheta.Length < owner.Parameters.Count) throw new ArgumentException($"The theta gradient needs {owner.Parameters.Count} elements.", nameof(gradientTheta));
            return owner._data.ConstantSum + TKernel.ThetaTerms(in _p, owner._data, _sum0, _sum1, gradientTheta);
        }
    }

    /// <summary>The same result as <see cref="Evaluate"/> from the scalar kernel only (the reference twin; benchmarks).</summary>
    public double EvaluateScalar(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> gradientEta, Span<double> gradientTheta)
    {
        CheckLengths(eta, theta, gradientEta, gradientTheta);
        var p = TKernel.Prepare(theta);
        double sum = 0, sum0 = 0, sum1 = 0;
        var y = _data.Y;
        var aux = _data.Aux;
        for (int i = 0; i < y.Length; i++)
        {
            sum += TKernel.LogDensity(in p, eta[i], y[i], aux[i], out gradientEta[i], ref sum0, ref sum1);
        }
        return sum + _data.ConstantSum + TKernel.ThetaTerms(in p, _data, sum0, sum1, gradientTheta);
    }

    public void Pointwise(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> logLikelihood)
    {
        int n = _data.Count;
        if (eta.Length != n || logLikelihood.Length < n) throw new ArgumentException($"Expected {n} linear predictors and as many outputs.");
        CheckTheta(theta);
        var p = TKernel.Prepare(theta);
        var y = _data.Y;
        var aux = _data.Aux;
        var c = _data.Constant;
        for (int i = 0; i < n; i++)
        {
            double s0 = 0, s1 = 0;
            logLikelihood[i] = c[i] + TKernel.ObservationThetaTerm(in p, y[i], aux[i])
                + TKernel.LogDensity(in p, eta[i], y[i], aux[i], out _, ref s0, ref s1);
        }
    }

    public void Replicate(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, RandomStream rng, Span<double> replicate)
    {
        int n = _data.Count;
        if (eta.Length != n || replicate.Length < n) throw new ArgumentException($"Expected {n} linear predictors and as many outputs.");
        CheckTheta(theta);
        var p = TKernel.Prepare(theta);
        var aux = _data.Aux;
        for (int i = 0; i < n; i++) replicate[i] = TKernel.Draw(in p, eta[i], aux[i], rng);
    }

    public double Mean(double eta, ReadOnlySpan<double> theta, int observation)
    {
        CheckTheta(theta);
        var p = TKernel.Prepare(theta);
        return TKernel.Mean(in p, eta, _data.Aux[observation]);
    }

    public IFamilyLikelihood WithResponse(double[] values) => _rebind(values);

    private void CheckTheta(ReadOnlySpan<double> theta)
    {
        if (theta.Length != Parameters.Count)
            throw new ArgumentException($"Expected {Parameters.Count} family parameters, got {theta.Length}.", nameof(theta));
    }

    private void CheckLengths(ReadOnlySpan<double> eta, ReadOnlySpan<double> theta, Span<double> gradientEta, Span<double> gradientTheta)
    {
        int n = _data.Count;
        if (eta.Length != n) throw new ArgumentException($"Expected {n} linear predictors, got {eta.Length}.", nameof(eta));
        if (gradientEta.Length < n) throw new ArgumentException($"The eta gradient needs {n} elements.", nameof(gradientEta));
        CheckTheta(theta);
        if (gradientTheta.Length < theta.Length) throw new ArgumentException($"The theta gradient needs {theta.Length} elements.", nameof(gradientTheta));
    }
}
