// A lane-wise function with a vector form and its scalar twin (TensorPrimitives' operator pattern).
using System.Numerics;

namespace BayesGlmm.Numerics.Kernels;

/// <summary>
/// A function applied element by element, as a struct with <c>static abstract</c> members so that the JIT
/// builds one specialised loop per operator. The vector and scalar forms compute the same formula.
/// </summary>
public interface IUnaryKernel
{
    /// <summary>The function on every lane.</summary>
    static abstract Vector<double> Invoke(Vector<double> x);

    /// <summary>The function on one value.</summary>
    static abstract double Invoke(double x);
}
