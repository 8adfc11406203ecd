using System.Globalization;
using System.Runtime.InteropServices;

namespace Attachments.Bench.Http;

/// <summary>What Linux says about a process: CPU seconds, resident memory, bytes written.</summary>
public static partial class ProcessStats
{
    private static readonly double TicksPerSecond = 100; // sysconf(_SC_CLK_TCK) on Linux/x86-64

    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of the whole line (utime, stime) are 11 and 12 after "pid (comm) ".
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    public static long RssBytes(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    public static long PeakRssBytes(int pid) => StatusKilobytes(pid, "VmHWM:") * 1024;

    /// <summary>Starts a new VmHWM window (writing 5 to clear_refs resets the peak to the current RSS).</summary>
    public static void ResetPeakRss(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    /// <summary>Bytes the process passed to write(2) and friends, sockets included.</summary>
    public static long WrittenBytes(int pid) => IoField(pid, "wchar:");

    private static long StatusKilobytes(int pid, string key)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
        return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static long IoField(int pid, string key)
    {
        var line = File.ReadLines($"/proc/{pid}/io").First(l => l.StartsWith(key, StringComparison.Ordinal));
        return long.Parse(line[key.Length..].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>CPU seconds of every child this process has waited for (getrusage RUSAGE_CHILDREN).</summary>
    public static double ChildrenCpuSeconds() => Usage(-1);

    /// <summary>CPU seconds of this process so far, all threads (getrusage RUSAGE_SELF, microseconds).</summary>
    public static double OwnCpuSeconds() => Usage(0);

    private static double Usage(int who)
    {
        // struct rusage on x86-64: two timevals (seconds, microseconds), then fourteen longs.
        var usage = new long[18];
        if (getrusage(who, usage) != 0)
            throw new InvalidOperationException("getrusage failed");
        return usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrusage(int who, [Out] long[] usage);
}
