// The matrix side of one group-level term in the evaluator's observation order: levels, Z columns, runs of equal levels.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BayesGlmm.Modeling.Frames;

namespace BayesGlmm.Modeling.RandomEffects;

/// <summary>
/// One group-level term laid out for the log density (MixedModels.jl's ReMat): the level of every
/// observation and the K columns of Z, in the evaluator's (possibly sorted) observation order. Columns
/// of ones (intercepts) are not stored. Where consecutive observations share a level — always for the term
/// the observations are sorted by, often for a term nested in it — they form a run, and gather and scatter
/// become one broadcast add and one sum per run instead of one indexed access per observation (DESIGN.md §4).
/// Effects r are stored coefficient-major: r[k · J + j] is coefficient k of level j.
/// </summary>
/// <remarks>
/// Every method works on a range of consecutive observations (start, start + span length), so that an
/// evaluator can run the linear predictor, the likelihood and the scatter over one cache-sized chunk at a
/// time; <c>run</c> is a cursor into the runs that the caller keeps from one chunk to the next (0 before the
/// first chunk). The result does not depend on how the observations are chunked except for the order of
/// floating-point additions in the scatter.
/// </remarks>
public sealed class TermMatrix
{
    /// <summary>The mean run length from which runs are used instead of per-observation indexing.</summary>
    public const double MinimumMeanRunLength = 4.0;

    private readonly int[] _level;
    private readonly double[]?[] _z;
    private readonly int[]? _runStart;
    private readonly int[]? _runLevel;
    private readonly int _runWindow;

    /// <summary>Lays out <paramref name="term"/> for the observation order <paramref name="order"/> (order[n] = frame row of observation n).</summary>
    public TermMatrix(GroupTerm term, ReadOnlySpan<int> order)
    {
        Term = term;
        int n = order.Length;
        LevelCount = term.LevelCount;
        CoefficientCount = term.CoefficientCount;
        _level = new int[n];
        for (int i = 0; i < n; i++)
        {
            int level = term.LevelOfObservation[order[i]];
            // Checked once here, so that the gathers and scatters index the effects without a bounds check per observation.
            if ((uint)level >= (uint)LevelCount) throw new ArgumentException($"Observation {order[i]} has level {level}, outside 0..{LevelCount - 1}.", nameof(term));
            _level[i] = level;
        }
        _z = new double[]?[CoefficientCount];
        for (int k = 0; k < CoefficientCount; k++)
        {
            var source = term.Z.Column(k);
            var column = new double[n];
            bool ones = true;
            for (int i = 0; i < n; i++)
            {
                column[i] = source[order[i]];
                ones &= column[i] == 1.0;
            }
            _z[k] = ones ? null : column;
        }

        int runs = n == 0 ? 0 : 1;
        bool sorted = true;
        for (int i = 1; i < n; i++)
        {
            if (_level[i] != _level[i - 1]) runs++;
            sorted &= _level[i] >= _level[i - 1];
        }
        IsSegmented = sorted;
        if (n > 0 && n >= MinimumMeanRunLength * runs)
        {
            _runStart = new int[runs + 1];
            _runLevel = new int[runs];
            int r = 0;
            for (int i = 0; i < n; i++)
            {
                if (i > 0 && _level[i] == _level[i - 1]) continue;
                _runStart[r] = i;
                _runLevel[r] = _level[i];
                r++;
            }
            _runStart[runs] = n;
            _runWindow = RunWindowOf(_runStart);
        }
        RunCount = runs;
    }

    /// <summary>The longest window of the fixed-width run sweeps (<see cref="RunWindowOf"/>).</summary>
    public const int MaxRunWindow = 64;

    /// <summary>
    /// The width of the fixed-width run sweeps: the 95th percentile of the run lengths rounded up to a multiple of 8,
    /// between 8 and <see cref="MaxRunWindow"/>. A run no longer than this is stored or summed as one window of this many
    /// observations (the stores past the run overwritten by the runs after it, the loads past it masked off), so that the
    /// loops over a run have the same trip count every time and the branch predictor does not pay for the run lengths.
    /// </summary>
    private static int RunWindowOf(int[] runStart)
    {
        int runs = runStart.Length - 1;
        var lengths = new int[runs];
        for (int r = 0; r < runs; r++) lengths[r] = runStart[r + 1] - runStart[r];
        Array.Sort(lengths);
        int p95 = lengths[Math.Min(runs - 1, (int)(0.95 * runs))];
        return Math.Clamp((p95 + 7) & ~7, 8, MaxRunWindow);
    }

    /// <summary>
    /// Whether <see cref="SetTo"/> can start η from this term: one coefficient, a column of ones, runs (a single random
    /// intercept over observations grouped into runs, such as the term the observations are sorted by).
    /// </summary>
    public bool CanSet => _runStart is not null && CoefficientCount == 1 && _z[0] is null && Vector256.IsHardwareAccelerated;

    /// <summary>The smallest and one past the largest level among observations start .. end − 1 (0, 0 for none).</summary>
    public (int Low, int High) LevelRange(int start, int end)
    {
        if ((uint)start > (uint)_level.Length || (uint)end > (uint)_level.Length) throw new ArgumentOutOfRangeException(nameof(end));
        if (end <= start) return (0, 0);
        int low = int.MaxValue, high = int.MinValue;
        for (int i = start; i < end; i++)
        {
            low = Math.Min(low, _level[i]);
            high = Math.Max(high, _level[i]);
        }
        return (low, high + 1);
    }

    /// <summary>
    /// eta[i] = constant + r[level(start + i)] for i in [0, eta.Length) (only when <see cref="CanSet"/>): η started from the
    /// term instead of filled and then added to. The run cursor is kept as in <see cref="AddTo(Span{double}, ReadOnlySpan{double}, int, ref int)"/>.
    /// </summary>
    public void SetTo(Span<double> eta, ReadOnlySpan<double> r, double constant, int start, ref int run)
    {
        int length = eta.Length;
        if (!CanSet) throw new InvalidOperationException("Only a single intercept over runs starts the linear predictor.");
        if ((uint)start > (uint)_level.Length || length > _level.Length - start) throw new ArgumentOutOfRangeException(nameof(start));
        if (r.Length < LevelCount) throw new ArgumentException("Too few effects.", nameof(r));
        if (length == 0) return;
        run = SetRuns(eta, r, constant, start, run, _runStart!, _runLevel!, _runWindow);
    }

    /// <summary>The term as the frame describes it (frame order).</summary>
    public GroupTerm Term { get; }

    /// <summary>The number of observations N.</summary>
    public int ObservationCount => _level.Length;

    /// <summary>The number of levels J.</summary>
    public int LevelCount { get; }

    /// <summary>The number of coefficients K.</summary>
    public int CoefficientCount { get; }

    /// <summary>Whether the levels are non-decreasing in the evaluator's order (each level one contiguous segment).</summary>
    public bool IsSegmented { get; }

    /// <summary>Whether gather and scatter go run by run (mean run length at least <see cref="MinimumMeanRunLength"/>).</summary>
    public bool UsesRuns => _runStart is not null;

    /// <summary>The number of maximal runs of consecutive observations with the same level.</summary>
    public int RunCount { get; }

    /// <summary>The run cursor for a range that begins at <paramref name="observation"/>: the run that contains it (0 without runs).</summary>
    public int RunAt(int observation)
    {
        if ((uint)observation > (uint)_level.Length) throw new ArgumentOutOfRangeException(nameof(observation));
        if (_runStart is not { } runStart || RunCount == 0) return 0;
        int i = Array.BinarySearch(runStart, 0, RunCount, observation);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>eta_n += Σ_k Z_nk r[k, level(n)] for every observation.</summary>
    public void AddTo(Span<double> eta, ReadOnlySpan<double> r)
    {
        int run = 0;
        AddTo(eta, r, 0, ref run);
    }

    /// <summary>Sets gr[k, j] = Σ_{n in level j} Z_nk gEta_n (the transpose of <see cref="AddTo(Span{double}, ReadOnlySpan{double})"/>).</summary>
    public void Gradient(ReadOnlySpan<double> gradientEta, Span<double> gradientR)
    {
        gradientR[..(LevelCount * CoefficientCount)].Clear();
        int run = 0;
        AccumulateGradient(gradientEta, gradientR, 0, ref run);
    }

    /// <summary>
    /// eta[i] += Σ_k Z_{start+i, k} r[k, level(start + i)] for i in [0, eta.Length). <paramref name="run"/> is the run
    /// that contains observation <paramref name="start"/> on entry and the one that contains start + eta.Length on return.
    /// </summary>
    public void AddTo(Span<double> eta, ReadOnlySpan<double> r, int start, ref int run)
    {
        int levels = LevelCount, length = eta.Length;
        if ((uint)start > (uint)_level.Length || length > _level.Length - start) throw new ArgumentOutOfRangeException(nameof(start));
        if (r.Length < levels * CoefficientCount) throw new ArgumentException("Too few effects.", nameof(r));
        if (length == 0) return;
        int next = run;
        for (int k = 0; k < CoefficientCount; k++)
        {
            var rk = r.Slice(k * levels, levels);
            double[]? z = _z[k];
            if (_runStart is { } runStart)
            {
                next = AddRuns(eta, rk, z, start, run, runStart, _runLevel!);
            }
            else if (z is null)
            {
                ref double e = ref MemoryMarshal.GetReference(eta);
                ref int lv = ref _level[start];
                ref double r0 = ref MemoryMarshal.GetReference(rk);
                for (int i = 0; i < length; i++)
                    Unsafe.Add(ref e, i) += Unsafe.Add(ref r0, Unsafe.Add(ref lv, i));
            }
            else
            {
                ref double e = ref MemoryMarshal.GetReference(eta);
                ref int lv = ref _level[start];
                ref double zs = ref z[start];
                ref double r0 = ref MemoryMarshal.GetReference(rk);
                for (int i = 0; i < length; i++)
                    Unsafe.Add(ref e, i) += Unsafe.Add(ref zs, i) * Unsafe.Add(ref r0, Unsafe.Add(ref lv, i));
            }
        }
        run = next;
    }

    /// <summary>
    /// gr[k, j] += Σ_{i: level(start+i) = j} Z_{start+i, k} gEta[i] for i in [0, gEta.Length) (the transpose of
    /// <see cref="AddTo(Span{double}, ReadOnlySpan{double}, int, ref int)"/>), with the same run cursor.
    /// </summary>
    public void AccumulateGradient(ReadOnlySpan<double> gradientEta, Span<double> gradientR, int start, ref int run)
    {
        int levels = LevelCount, length = gradientEta.Length;
        if ((uint)start > (uint)_level.Length || length > _level.Length - start) throw new ArgumentOutOfRangeException(nameof(start));
        if (gradientR.Length < levels * CoefficientCount) throw new ArgumentException("Too few effects.", nameof(gradientR));
        if (length == 0) return;
        int next = run;
        for (int k = 0; k < CoefficientCount; k++)
        {
            var gk = gradientR.Slice(k * levels, levels);
            double[]? z = _z[k];
            if (_runStart is { } runStart)
            {
                next = z is null && Vector256.IsHardwareAccelerated
                    ? SumRunsWindowed(gradientEta, gk, start, run, runStart, _runLevel!, _runWindow)
                    : SumRuns(gradientEta, gk, z, start, run, runStart, _runLevel!);
            }
            else if (z is null)
            {
                ref double g = ref MemoryMarshal.GetReference(gradientEta);
                ref int lv = ref _level[start];
                ref double g0 = ref MemoryMarshal.GetReference(gk);
                for (int i = 0; i < length; i++)
                    Unsafe.Add(ref g0, Unsafe.Add(ref lv, i)) += Unsafe.Add(ref g, i);
            }
            else
            {
                ref double g = ref MemoryMarshal.GetReference(gradientEta);
                ref int lv = ref _level[start];
                ref double zs = ref z[start];
                ref double g0 = ref MemoryMarshal.GetReference(gk);
                for (int i = 0; i < length; i++)
                    Unsafe.Add(ref g0, Unsafe.Add(ref lv, i)) += Unsafe.Add(ref zs, i) * Unsafe.Add(ref g, i);
            }
        }
        run = next;
    }

    /// <summary>eta_n += Σ_k Z_nk r[k, level(n)] in the frame's own order (for outputs, not the hot path).</summary>
    public static void AddInFrameOrder(GroupTerm term, Span<double> eta, ReadOnlySpan<double> r)
    {
        int levels = term.LevelCount;
        for (int k = 0; k < term.CoefficientCount; k++)
        {
            var z = term.Z.Column(k);
            var rk = r.Slice(k * levels, levels);
            for (int i = 0; i < eta.Length; i++) eta[i] += z[i] * rk[term.LevelOfObservation[i]];
        }
    }

    /// <summary>
    /// Adds each run's effect to its stretch of eta; returns the run that holds the first observation past the range.
    /// The runs are walked through references (no slices, no bounds checks per run): with runs of a few tens of
    /// observations the per-run bookkeeping, not the adds, was the cost.
    /// </summary>
    private static int AddRuns(Span<double> eta, ReadOnlySpan<double> rk, double[]? z, int start, int run, int[] runStart, int[] runLevel)
    {
        int end = start + eta.Length, i = start;
        ref double e = ref MemoryMarshal.GetReference(eta);
        ref int rs = ref MemoryMarshal.GetArrayDataReference(runStart);
        ref int rl = ref MemoryMarshal.GetArrayDataReference(runLevel);
        if ((uint)run >= (uint)runLevel.Length && i < end) throw new ArgumentOutOfRangeException(nameof(run));
        while (i < end)
        {
            int next = Unsafe.Add(ref rs, run + 1), stop = Math.Min(next, end);
            double value = rk[Unsafe.Add(ref rl, run)];
            ref double part = ref Unsafe.Add(ref e, i - start);
            if (z is null) AddScalar(ref part, stop - i, value);
            else MultiplyAddScalar(ref part, ref z[i], stop - i, value);
            i = stop;
            if (stop == next) run++;
        }
        return run;
    }

    /// <summary>Adds each run's sum of (Z ⊙) gEta to its level; returns the run cursor for the next range (references as in <see cref="AddRuns"/>).</summary>
    private static int SumRuns(ReadOnlySpan<double> gradientEta, Span<double> gk, double[]? z, int start, int run, int[] runStart, int[] runLevel)
    {
        int end = start + gradientEta.Length, i = start;
        ref double g = ref MemoryMarshal.GetReference(gradientEta);
        ref int rs = ref MemoryMarshal.GetArrayDataReference(runStart);
        ref int rl = ref MemoryMarshal.GetArrayDataReference(runLevel);
        if ((uint)run >= (uint)runLevel.Length && i < end) throw new ArgumentOutOfRangeException(nameof(run));
        while (i < end)
        {
            int next = Unsafe.Add(ref rs, run + 1), stop = Math.Min(next, end);
            ref double part = ref Unsafe.Add(ref g, i - start);
            gk[Unsafe.Add(ref rl, run)] += z is null ? Sum(ref part, stop - i) : Dot(ref part, ref z[i], stop - i);
            i = stop;
            if (stop == next) run++;
        }
        return run;
    }

    /// <summary>
    /// <see cref="SetTo"/>'s walk: each run's value stored over a window of <paramref name="window"/> observations from its
    /// start (the stores past its end are overwritten by the runs after it), runs longer than the window or whose window
    /// would pass the end of the range stored exactly. Returns the run cursor for the next range.
    /// </summary>
    private static int SetRuns(Span<double> eta, ReadOnlySpan<double> rk, double constant, int start, int run, int[] runStart, int[] runLevel, int window)
    {
        int end = start + eta.Length, i = start, length = eta.Length;
        ref double e = ref MemoryMarshal.GetReference(eta);
        ref double r0 = ref MemoryMarshal.GetReference(rk);
        ref int rs = ref MemoryMarshal.GetArrayDataReference(runStart);
        ref int rl = ref MemoryMarshal.GetArrayDataReference(runLevel);
        if ((uint)run >= (uint)runLevel.Length && i < end) throw new ArgumentOutOfRangeException(nameof(run));
        while (i < end)
        {
            int next = Unsafe.Add(ref rs, run + 1), stop = Math.Min(next, end);
            double value = constant + Unsafe.Add(ref r0, Unsafe.Add(ref rl, run));
            int offset = i - start, count = stop - i;
            ref double part = ref Unsafe.Add(ref e, offset);
            var v = Vector256.Create(value);
            if (count <= window && offset + window <= length)
            {
                for (int j = 0; j < window; j += 8)
                {
                    v.StoreUnsafe(ref part, (nuint)j);
                    v.StoreUnsafe(ref part, (nuint)(j + 4));
                }
            }
            else
            {
                int j = 0;
                for (; j <= count - 4; j += 4) v.StoreUnsafe(ref part, (nuint)j);
                for (; j < count; j++) Unsafe.Add(ref part, j) = value;
            }
            i = stop;
            if (stop == next) run++;
        }
        return run;
    }

    /// <summary>
    /// <see cref="SumRuns"/> for a column of ones with windows as in <see cref="SetRuns"/>: a run no longer than the window
    /// is summed over a window of <paramref name="window"/> observations from its start with the lanes past its end masked
    /// off (two accumulators), so every such run costs the same fixed loop; longer runs and runs whose window would pass
    /// the end of the range are summed exactly.
    /// </summary>
    private static int SumRunsWindowed(ReadOnlySpan<double> gradientEta, Span<double> gk, int start, int run, int[] runStart, int[] runLevel, int window)
    {
        int end = start + gradientEta.Length, i = start, length = gradientEta.Length;
        ref double g = ref MemoryMarshal.GetReference(gradientEta);
        ref double gr = ref MemoryMarshal.GetReference(gk);
        ref int rs = ref MemoryMarshal.GetArrayDataReference(runStart);
        ref int rl = ref MemoryMarshal.GetArrayDataReference(runLevel);
        if ((uint)run >= (uint)runLevel.Length && i < end) throw new ArgumentOutOfRangeException(nameof(run));
        var lanes = Vector256.Create(0.0, 1.0, 2.0, 3.0);
        var four = Vector256.Create(4.0);
        while (i < end)
        {
            int next = Unsafe.Add(ref rs, run + 1), stop = Math.Min(next, end);
            int offset = i - start, count = stop - i;
            ref double part = ref Unsafe.Add(ref g, offset);
            double sum;
            if (count <= window && offset + window <= length)
            {
                var limit = Vector256.Create((double)count);
                var index = lanes;
                Vector256<double> a0 = Vector256<double>.Zero, a1 = Vector256<double>.Zero;
                for (int j = 0; j < window; j += 8)
                {
                    a0 += Vector256.LoadUnsafe(ref part, (nuint)j) & Vector256.LessThan(index, limit);
                    index += four;
                    a1 += Vector256.LoadUnsafe(ref part, (nuint)(j + 4)) & Vector256.LessThan(index, limit);
                    index += four;
                }
                sum = Vector256.Sum(a0 + a1);
            }
            else sum = Sum(ref part, count);
            Unsafe.Add(ref gr, Unsafe.Add(ref rl, run)) += sum;
            i = stop;
            if (stop == next) run++;
        }
        return run;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScalar(ref double x0, int n, double value)
    {
        int w = Vector<double>.Count, i = 0;
        var v = new Vector<double>(value);
        for (; i <= n - w; i += w)
            (Vector.LoadUnsafe(ref x0, (nuint)i) + v).StoreUnsafe(ref x0, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref x0, i) += value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAddScalar(ref double x0, ref double z0, int n, double value)
    {
        int w = Vector<double>.Count, i = 0;
        var v = new Vector<double>(value);
        for (; i <= n - w; i += w)
            (Vector.LoadUnsafe(ref x0, (nuint)i) + Vector.LoadUnsafe(ref z0, (nuint)i) * v).StoreUnsafe(ref x0, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref x0, i) += Unsafe.Add(ref z0, i) * value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Sum(ref double x0, int n)
    {
        int w = Vector<double>.Count, i = 0;
        var acc = Vector<double>.Zero;
        for (; i <= n - w; i += w) acc += Vector.LoadUnsafe(ref x0, (nuint)i);
        double s = Vector.Sum(acc);
        for (; i < n; i++) s += Unsafe.Add(ref x0, i);
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Dot(ref double x0, ref double y0, int n)
    {
        int w = Vector<double>.Count, i = 0;
        var acc = Vector<double>.Zero;
        for (; i <= n - w; i += w) acc += Vector.LoadUnsafe(ref x0, (nuint)i) * Vector.LoadUnsafe(ref y0, (nuint)i);
        double s = Vector.Sum(acc);
        for (; i < n; i++) s += Unsafe.Add(ref x0, i) * Unsafe.Add(ref y0, i);
        return s;
    }
}
