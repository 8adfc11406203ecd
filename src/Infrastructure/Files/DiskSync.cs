using System.Runtime.InteropServices;

namespace Attachments.Infrastructure.Files;

/// <summary>
/// fsync for files and for the directories whose entries a rename, delete or mkdir changed: without the latter, a
/// power cut can undo a rename that had already been acknowledged. .NET opens no directory, so this asks libc.
/// </summary>
public sealed partial class DiskSync
{
    private const int ReadOnly = 0;

    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);

    /// <summary>A directory whose entries changed.</summary>
    public void Add(string directory) => _directories.Add(directory);

    /// <summary>Creates <paramref name="filePath"/>'s directory if need be; each directory made changes its parent's entries.</summary>
    public void CreateFor(string filePath)
    {
        var directory = Path.GetDirectoryName(filePath)!;
        Add(directory);
        for (var missing = directory; !Directory.Exists(missing); missing = Path.GetDirectoryName(missing)!)
            Add(Path.GetDirectoryName(missing)!);

        Directory.CreateDirectory(directory);
    }

    /// <summary>Syncs every directory added that still exists, deepest first.</summary>
    public void FlushAll()
    {
        foreach (var directory in _directories.OrderByDescending(d => d.Length))
        {
            if (Directory.Exists(directory))
                Flush(directory);
        }

        _directories.Clear();
    }

    /// <summary>fsync(2) of a file or directory.</summary>
    public static void Flush(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            if (File.Exists(path))
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                file.Flush(flushToDisk: true);
            }

            return;
        }

        var descriptor = Open(path, ReadOnly);
        if (descriptor < 0)
            throw new IOException($"Could not open {path} to sync it: {Marshal.GetLastPInvokeErrorMessage()}");

        try
        {
            if (Fsync(descriptor) != 0)
                throw new IOException($"Could not sync {path} to disk: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
