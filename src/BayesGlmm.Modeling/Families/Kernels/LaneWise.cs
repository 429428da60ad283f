// A kernel's vector form computed lane by lane from its scalar form, for kernels whose special functions
// (lgamma, digamma, erfc) have no vector implementation.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace BayesGlmm.Modeling.Families.Kernels;

/// <summary>Evaluates the scalar form of a kernel on each lane of a vector.</summary>
internal static class LaneWise
{
    [SkipLocalsInit]
    public static Vector<double> LogDensity<TKernel, TParameters>(in TParameters p, Vector<double> eta, Vector<double> y, Vector<double> aux,
        out Vector<double> gradientEta, ref Vector<double> sum0, ref Vector<double> sum1)
        where TKernel : struct, IObservationKernel<TParameters>
        where TParameters : struct
    {
        int width = Vector<double>.Count;
        Span<double> value = stackalloc double[width];
        Span<double> gradient = stackalloc double[width];
        Span<double> s0 = stackalloc double[width];
        Span<double> s1 = stackalloc double[width];
        for (int k = 0; k < width; k++)
        {
            double a = 0, b = 0;
            value[k] = TKernel.LogDensity(in p, eta[k], y[k], aux[k], out gradient[k], ref a, ref b);
            s0[k] = a;
            s1[k] = b;
        }
        sum0 += new Vector<double>(s0);
        sum1 += new Vector<double>(s1);
        gradientEta = new Vector<double>(gradient);
        return new Vector<double>(value);
    }
}
