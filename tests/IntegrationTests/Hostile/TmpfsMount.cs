using System.Diagnostics;

namespace Attachments.IntegrationTests.Hostile;

/// <summary>A small tmpfs mounted for one test, so that "disk full" is a real ENOSPC from the kernel.</summary>
internal sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Free bytes as the file system reports them.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Mounts a tmpfs of <paramref name="sizeBytes"/>; null, with the reason, where mounting is not possible (not root, no mount).</summary>
    public static TmpfsMount? TryMount(long sizeBytes, out string? whyNot)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "attachments-tmpfs", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var (exitCode, output) = Run("mount", "-t", "tmpfs", "-o", $"size={sizeBytes},mode=0700", "tmpfs", path);
        if (exitCode == 0)
        {
            whyNot = null;
            return new TmpfsMount(path);
        }

        Directory.Delete(path);
        whyNot = $"mounting a tmpfs failed (exit {exitCode}; this needs root or CAP_SYS_ADMIN): {output.Trim()}";
        return null;
    }

    public void Dispose()
    {
        var (exitCode, output) = Run("umount", Path);
        if (exitCode != 0)
        {
            // Something still holds a file open; detach now, the kernel frees it when the last handle closes.
            (exitCode, output) = Run("umount", "-l", Path);
        }

        if (exitCode == 0)
            Directory.Delete(Path);
        else
            TestContext.Out.WriteLine($"Could not unmount {Path}: {output}");
    }

    private static (int ExitCode, string Output) Run(string command, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
