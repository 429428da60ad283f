// Tests of the stage recorder: concurrent stages are recorded once, in the order joined, with their own CPU time.
using BayesGlmm.Fitting;

namespace BayesGlmm.Tests.Fitting;

public sealed class FitStagesTests
{
    /// <summary>CPU-bound work on every worker of a parallel loop (no timing is asserted, only that it is charged).</summary>
    private static double Busy()
    {
        var sums = new double[8];
        Parallel.For(0, sums.Length, i =>
        {
            double s = 0;
            for (int k = 1; k < 2_000_000; k++) s += Math.Sqrt(k + i);
            sums[i] = s;
        });
        return sums.Sum();
    }

    [Fact]
    public void ConcurrentStagesAreRecordedOnceInTheOrderJoinedWithTheirResults()
    {
        var stages = new FitStages();
        var first = stages.Start("first", Busy);
        var second = stages.Start("second", () => 42);
        Assert.Equal(42, second.Join());
        Assert.True(first.Join() > 0);
        second.Join();
        var records = stages.Records;
        Assert.Equal(["second", "first"], records.Select(r => r.Stage));
        Assert.All(records, r => Assert.True(r.Seconds >= 0 && r.CpuSeconds >= 0));
    }

    [Fact]
    public void AConcurrentStageIsChargedWithTheCpuTimeOfItsParallelWorkers()
    {
        var stages = new FitStages();
        stages.Start("busy", Busy).Join();
        var busy = Assert.Single(stages.Records);
        // The work is 16 million square roots: whatever the machine, its threads used some CPU time.
        Assert.True(busy.CpuSeconds > 0, $"cpu_seconds {busy.CpuSeconds}");
    }

    [Fact]
    public void AStageWhoseWorkRunsOnOneThreadIsChargedEvenWhenJoinedTheMomentItEnds()
    {
        // The thread that ran the work adds its CPU time after the task counts as complete; Join waits for that.
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var stages = new FitStages();
            stages.Start("single", () =>
            {
                double s = 0;
                for (int k = 1; k < 3_000_000; k++) s += Math.Sqrt(k);
                return s;
            }).Join();
            Assert.True(Assert.Single(stages.Records).CpuSeconds > 0, $"attempt {attempt}");
        }
    }

    [Fact]
    public void AFailedConcurrentStageRethrowsItsExceptionAndIsStillRecorded()
    {
        var stages = new FitStages();
        var failing = stages.Start<int>("failing", () => throw new InvalidOperationException("broken"));
        var e = Assert.Throws<InvalidOperationException>(() => failing.Join());
        Assert.Equal("broken", e.Message);
        Assert.Equal("failing", Assert.Single(stages.Records).Stage);
    }
}
