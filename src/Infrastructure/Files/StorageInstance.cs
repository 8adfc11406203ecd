using Attachments.Infrastructure.Recovery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files;

/// <summary>
/// This process's own temp folder, <c>&lt;root&gt;/.tmp/&lt;instance id&gt;/</c>, which holds every temp file
/// and journal record it writes, and an <c>instance.lock</c> opened without sharing for as long as the
/// process lives. On Linux .NET takes an advisory flock for that, and the kernel drops it when the process
/// ends, however it ends (SIGKILL included): a folder whose lock another process can take belongs to a
/// dead process (docs/decisions/011-crash-recovery.md).
/// </summary>
public sealed class StorageInstance(IOptions<StorageOptions> options, ILogger<StorageInstance> logger) : IDisposable
{
    public const string LockFileName = "instance.lock";

    private readonly Lock _gate = new();
    private FileStream? _lock;
    private bool _disposed;

    /// <summary>32 hex digits, new at every start.</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The temp root, <c>&lt;root&gt;/.tmp</c>, which holds every instance's folder.</summary>
    public string TempRoot { get; } = options.Value.TempDirectory;

    private string FolderPath => Path.Combine(TempRoot, Id);

    private string LockPath => Path.Combine(FolderPath, LockFileName);

    /// <summary>The folder, locked; made again (with its lock) if something removed it.</summary>
    public string Folder
    {
        get
        {
            if (_lock is null || !File.Exists(LockPath))
                Acquire();

            return FolderPath;
        }
    }

    /// <summary>Creates and locks the folder, and warns if locks turn out not to be in force here.</summary>
    public void Acquire()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_lock is not null && File.Exists(LockPath))
                return;

            Directory.CreateDirectory(FolderPath);
            _lock?.Dispose();
            _lock = new FileStream(LockPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
            WarnUnlessLocksWork();
        }
    }

    /// <summary>
    /// Locks <paramref name="folder"/>'s <c>instance.lock</c> if no living process holds it; null when one
    /// does, or when the folder has no lock file.
    /// </summary>
    public static FileStream? TryLockFolder(string folder)
    {
        try
        {
            return new FileStream(Path.Combine(folder, LockFileName), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (IOException)
        {
            // EWOULDBLOCK on Linux, a sharing violation on Windows: its process is alive.
            return null;
        }
    }

    /// <summary>Releases the lock; the folder goes too unless it holds journal records still to be settled.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;

            _disposed = true;
            if (_lock is null)
                return;

            _lock.Dispose();
            try
            {
                if (Directory.Exists(FolderPath) && !Directory.EnumerateFiles(FolderPath, "*" + JournalRecords.Suffix).Any())
                    Directory.Delete(FolderPath, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not remove the temp folder {Folder}; the next start removes it", FolderPath);
            }
        }
    }

    private void WarnUnlessLocksWork()
    {
        // A second open of the same file must be refused while the first holds it; if it is not (locking
        // switched off with DOTNET_SYSTEM_IO_DISABLEFILELOCKING, or a file system without flock), other
        // instances starting on this folder would take this one for dead and remove its temp files.
        using var second = TryLockFolder(FolderPath);
        if (second is not null)
        {
            logger.LogWarning(
                "File locks are not in force in {TempRoot}: an instance starting on the same storage folder cannot tell this one is alive and may remove its temp files",
                TempRoot);
        }
    }
}
