using System.Globalization;

namespace Attachments.IntegrationTests.Hostile;

/// <summary>
/// This process's resident memory from /proc/self/status: native allocations (ImageMagick's pixel cache)
/// included, which the managed heap does not show.
/// </summary>
internal static class ProcessMemory
{
    private const string Status = "/proc/self/status";

    /// <summary>Resets the peak (VmHWM) to the current size; false where the kernel does not allow it.</summary>
    public static bool TryResetPeak()
    {
        try
        {
            // "5" resets the peak resident set size (Linux 4.0 and later).
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set size since the start or the last reset, in bytes; 0 where /proc is missing.</summary>
    public static long PeakResidentBytes => Read("VmHWM:");

    public static long ResidentBytes => Read("VmRSS:");

    public static string Mebibytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    private static long Read(string field)
    {
        if (!File.Exists(Status))
            return 0;

        var line = File.ReadLines(Status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        if (line is null)
            return 0;

        var kilobytes = line[field.Length..].Trim().Split(' ')[0];
        return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }
}
