using System.Runtime.CompilerServices;
using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files;

/// <summary>
/// The storage root on a local (or shared) disk: <c>uploads/</c> and the staging folder <c>.tmp/</c> beside it, on
/// one file system, so that putting staged content in place is an atomic rename.
/// </summary>
public sealed class DiskFileStorage(IOptions<StorageOptions> options, ILogger<DiskFileStorage> logger) : IStoredFiles
{
    private const int BufferSize = 81_920;

    private readonly string _root = options.Value.FullRoot;
    private readonly LocalStaging _staging = new(options.Value.StagingDirectory);

    public Task<StagedFile> StageAsync(Stream content, string clientFileName, long maxBytes, CancellationToken cancellationToken) =>
        _staging.StageAsync(this, content, clientFileName, maxBytes, cancellationToken);

    public string NewStagedPath(string extension) => _staging.NewPath(extension);

    public Stream OpenStaged(string stagedPath) => LocalStaging.Open(stagedPath);

    public void DeleteStaged(string stagedPath) => LocalStaging.Delete(stagedPath);

    public Task<bool> ExistsAsync(string location, CancellationToken cancellationToken) => Task.FromResult(File.Exists(FullPath(location)));

    public Task<StoredFileInfo?> GetInfoAsync(string location, CancellationToken cancellationToken)
    {
        var file = new FileInfo(FullPath(location));
        return Task.FromResult(file.Exists
            ? new StoredFileInfo(file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), $"\"{file.LastWriteTimeUtc.Ticks ^ file.Length:x}\"")
            : null);
    }

    public Stream OpenRead(string location, StoredFileInfo info)
    {
        try
        {
            return new FileStream(FullPath(location), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new NotFoundException($"Nothing is stored at {location}.");
        }
    }

    public Task<LocalCopy> GetLocalCopyAsync(string location, CancellationToken cancellationToken)
    {
        var path = FullPath(location);
        return File.Exists(path)
            ? Task.FromResult(new LocalCopy(path))
            : throw new NotFoundException($"Nothing is stored at {location}.");
    }

    public async IAsyncEnumerable<string> EnumerateLocationsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var uploads = Path.Combine(_root, AttachmentLocations.Root);
        if (!Directory.Exists(uploads))
            yield break;

        // Links are skipped: one pointing outside the root must not be indexed and then served.
        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
        };
        foreach (var path in Directory.EnumerateFiles(uploads, "*", enumeration))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/');
        }

        await Task.CompletedTask;
    }

    public Task InitialiseAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(_root, AttachmentLocations.Root));
        Directory.CreateDirectory(_staging.Directory);
        logger.LogInformation("Storage root is {Root}; uploads are staged in .tmp/", _root);
        return Task.CompletedTask;
    }

    public Task<string?> ProblemAsync(CancellationToken cancellationToken) => _staging.ProblemAsync(cancellationToken);

    public Task PersistStagedAsync(IReadOnlyCollection<string> stagedNames, CancellationToken cancellationToken)
    {
        foreach (var name in stagedNames)
            DiskSync.Flush(_staging.PathOf(name));

        // The commit names the staged files: their directory entries must be on disk too.
        if (stagedNames.Count != 0)
            DiskSync.Flush(_staging.Directory);

        return Task.CompletedTask;
    }

    public Task DiscardStagedAsync(IReadOnlyCollection<string> stagedNames, CancellationToken cancellationToken)
    {
        foreach (var name in stagedNames)
            LocalStaging.Delete(_staging.PathOf(name));

        return Task.CompletedTask;
    }

    public IFileStepRun BeginSteps() => new DiskSteps(this);

    public Task<int> SweepStagedAsync(DateTimeOffset cutoff, IReadOnlySet<string> referenced, CancellationToken cancellationToken) =>
        Task.FromResult(_staging.Sweep(cutoff, referenced, logger));

    /// <summary>Resolves a location under the root, refusing anything that is not a valid location.</summary>
    private string FullPath(string location) => Path.Combine(_root, StoredLocation.Checked(location));

    /// <summary>Renames; the directories whose entries changed are synced once, for the whole batch.</summary>
    private sealed class DiskSteps(DiskFileStorage storage) : IFileStepRun
    {
        private readonly DiskSync _changed = new();

        public Task<bool> ApplyAsync(FileStep step, CancellationToken cancellationToken) => Task.FromResult(Apply(step));

        public Task CompleteAsync(CancellationToken cancellationToken)
        {
            _changed.FlushAll();
            return Task.CompletedTask;
        }

        private bool Apply(FileStep step)
        {
            var target = storage.FullPath(step.Target);
            switch (step.Action)
            {
                case FileStep.PlaceAction:
                    var staged = storage._staging.PathOf(step.Source!);
                    if (!File.Exists(staged))
                    {
                        // Renamed into place before a crash; only the directory entry may still need syncing.
                        _changed.Add(Path.GetDirectoryName(target)!);
                        return File.Exists(target);
                    }

                    _changed.CreateFor(target);
                    File.Move(staged, target, overwrite: true);
                    return true;

                case FileStep.DeleteAction:
                    if (File.Exists(target))
                        File.Delete(target);

                    _changed.Add(Path.GetDirectoryName(target)!);
                    return true;

                case FileStep.MoveAction:
                    var source = storage.FullPath(step.Source!);
                    if (File.Exists(source))
                    {
                        _changed.CreateFor(target);
                        File.Move(source, target, overwrite: true);
                        _changed.Add(Path.GetDirectoryName(source)!);
                    }

                    return true;

                default:
                    throw new InvalidOperationException($"Unknown file step '{step.Action}'.");
            }
        }
    }
}
