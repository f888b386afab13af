using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ApiKeyAdmin.Benchmarks
{
    /// <summary>
    /// The calling thread's CPU time in nanoseconds (Linux: CLOCK_THREAD_CPUTIME_ID), else wall time. On a loaded machine
    /// a thread waits for a core much of the time; its CPU time still says how much work an operation took.
    /// </summary>
    internal static class ThreadCpu
    {
        private const int ClockThreadCpuTime = 3;

        internal static bool IsThreadTime { get; } = OperatingSystem.IsLinux();

        internal static long NowNs()
        {
            if (IsThreadTime && clock_gettime(ClockThreadCpuTime, out TimeSpec t) == 0)
            {
                return t.Seconds * 1_000_000_000L + t.Nanoseconds;
            }

            return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int clock_gettime(int clock, out TimeSpec time);

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }
}
