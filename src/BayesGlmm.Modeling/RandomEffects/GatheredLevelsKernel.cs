// A kernel whose effects reach η as one value per level of one term, the gathered ∂ℓ/∂η per level summed over partitions.
using System.Numerics.Tensors;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// The η side of a kernel that hands η one value per level of a single random intercept (the totals of a centred or
/// partially centred block): η gains <see cref="Values"/> run by run through the term's <see cref="TermMatrix"/>, and
/// ∂ℓ/∂η is gathered per level into <see cref="Gathered"/>, each partition into its own copy, summed in partition order
/// by <see cref="GatherPartitions"/>. The subclass fills <see cref="Values"/> in Forward and reads <see cref="Gathered"/>
/// in Backward.
/// </summary>
internal abstract class GatheredLevelsKernel : RandomEffectKernel
{
    private readonly TermMatrix _matrix;
    private readonly int _start, _startRun;
    private int _forwardRun, _backwardRun;

    /// <summary>A whole-data kernel over <paramref name="matrix"/>, η taking <paramref name="values"/>.</summary>
    protected GatheredLevelsKernel(TermMatrix matrix, double[] values)
    {
        _matrix = matrix;
        Values = values;
        Gathered = new double[values.Length];
    }

    /// <summary>A partition's kernel: the values of <paramref name="owner"/>, its own gathered gradient, passes beginning at <paramref name="start"/>.</summary>
    protected GatheredLevelsKernel(GatheredLevelsKernel owner, int start)
    {
        _matrix = owner._matrix;
        Values = owner.Values;
        Gathered = new double[owner.Gathered.Length];
        _start = start;
        _startRun = _matrix.RunAt(start);
    }

    /// <summary>What η takes per level.</summary>
    protected double[] Values { get; }

    /// <summary>Σ ∂ℓ/∂η over each level's observations.</summary>
    protected double[] Gathered { get; }

    public sealed override void AddTo(Span<double> eta, int start)
    {
        if (start == _start) _forwardRun = _startRun;
        _matrix.AddTo(eta, Values, start, ref _forwardRun);
    }

    public sealed override bool CanSetEta => _matrix.CanSet;

    public sealed override void SetEta(Span<double> eta, double constant, int start)
    {
        if (start == _start) _forwardRun = _startRun;
        _matrix.SetTo(eta, Values, constant, start, ref _forwardRun);
    }

    public sealed override void AccumulateGradient(ReadOnlySpan<double> gradientEta, int start)
    {
        if (start == _start)
        {
            Array.Clear(Gathered);
            _backwardRun = _startRun;
        }
        _matrix.AccumulateGradient(gradientEta, Gathered, start, ref _backwardRun);
    }

    public sealed override void GatherPartitions(ReadOnlySpan<RandomEffectKernel> partitions)
    {
        var sum = Gathered.AsSpan();
        sum.Clear();
        foreach (var partition in partitions) TensorPrimitives.Add(sum, ((GatheredLevelsKernel)partition).Gathered, sum);
    }
}
