// The calling thread's CPU time, from the operating system's per-thread clock.
using System.Runtime.InteropServices;

namespace BayesGlmm.Fitting;

/// <summary>
/// The CPU time (user + system) the calling thread has used: <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c> on Linux,
/// macOS and FreeBSD, <c>GetThreadTimes</c> on Windows. It charges stages that run at the same time with the CPU time of
/// their own work, where the process's CPU time would count each one's in the others'.
/// </summary>
internal static partial class ThreadCpuTime
{
    /// <summary>The calling thread's CPU seconds so far (0 where the platform has no per-thread clock).</summary>
    public static double Now()
    {
        try
        {
            if (OperatingSystem.IsWindows())
                return GetThreadTimes(GetCurrentThread(), out _, out _, out long kernel, out long user) ? (kernel + user) * 1e-7 : 0.0;
            // CLOCK_THREAD_CPUTIME_ID: 3 on Linux, 16 on macOS, 14 on FreeBSD.
            int clock = OperatingSystem.IsMacOS() ? 16 : OperatingSystem.IsFreeBSD() ? 14 : 3;
            return ClockGetTime(clock, out var time) == 0 ? time.Seconds + time.Nanoseconds * 1e-9 : 0.0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0.0;
        }
    }

    /// <summary>POSIX <c>struct timespec</c> on 64-bit platforms.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [LibraryImport("kernel32.dll")]
    private static partial nint GetCurrentThread();

    [LibraryImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetThreadTimes(nint thread, out long creation, out long exit, out long kernel, out long user);
}
