using System.Buffers;
using System.Security.Cryptography;
using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files;

/// <summary>
/// The storage root on a local (or shared) disk: <c>uploads/</c> and the staging folder <c>.tmp/</c> beside it, on
/// one file system, so that putting staged content in place is an atomic rename.
/// </summary>
public sealed class DiskFileStorage(IOptions<StorageOptions> options) : IFileStorage
{
    private const int BufferSize = 81_920;

    private readonly string _root = options.Value.FullRoot;
    private readonly string _staging = options.Value.StagingDirectory;

    public async Task<StagedFile> StageAsync(
        Stream content, string clientFileName, long maxBytes, CancellationToken cancellationToken)
    {
        var path = NewStagedPath("upload");
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long length = 0;
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                        throw new PayloadTooLargeException($"The file is larger than the limit of {maxBytes} bytes.");

                    md5.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            return new StagedFile(this, path, clientFileName, length, Convert.ToHexStringLower(md5.GetHashAndReset()));
        }
        catch
        {
            DeleteStaged(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public string NewStagedPath(string extension) => Path.Combine(_staging, $"{Guid.NewGuid():N}.{extension}");

    public Stream OpenStaged(string stagedPath) =>
        new FileStream(stagedPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);

    public void DeleteStaged(string stagedPath)
    {
        if (File.Exists(stagedPath))
            File.Delete(stagedPath);
    }

    public bool Exists(string location) => File.Exists(FullPath(location));

    public Stream OpenRead(string location)
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

    public DateTimeOffset LastModified(string location) => new(File.GetLastWriteTimeUtc(FullPath(location)), TimeSpan.Zero);

    public string LocalPath(string location) => FullPath(location);

    public IEnumerable<string> EnumerateLocations()
    {
        var uploads = Path.Combine(_root, AttachmentLocations.Root);
        if (!Directory.Exists(uploads))
            return [];

        // Links are skipped: one pointing outside the root must not be indexed and then served.
        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
        };
        return Directory.EnumerateFiles(uploads, "*", enumeration)
            .Select(path => Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/'));
    }

    /// <summary>Resolves a location under the root, refusing anything that would land outside uploads/.</summary>
    private string FullPath(string location)
    {
        var uploads = Path.Combine(_root, AttachmentLocations.Root) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(_root, location));
        if (!path.StartsWith(uploads, StringComparison.Ordinal))
            throw new ValidationException($"'{location}' is not a location under {AttachmentLocations.Root}/.");

        return path;
    }

    /// <summary>The path of a staged file recorded by name, refusing a name that would leave the staging folder.</summary>
    public string StagedPath(string name) =>
        name.Length > 0 && name == Path.GetFileName(name) && name[0] != '.'
            ? Path.Combine(_staging, name)
            : throw new ArgumentException($"'{name}' is not the name of a staged file.", nameof(name));

    /// <summary>Writes a staged file's bytes through to the disk, so that no power cut loses what a commit refers to.</summary>
    public void Flush(string stagedName) => DiskSync.Flush(StagedPath(stagedName));

    /// <summary>
    /// Carries out one step of a file operation; idempotent, so a step done before a crash is done again harmlessly.
    /// The directories it changed are added to <paramref name="changed"/>, to be synced once for the whole operation.
    /// </summary>
    /// <returns>False when a place step's staged content is gone and nothing is at its target either.</returns>
    public bool Apply(FileStep step, DiskSync changed)
    {
        var target = FullPath(step.Target);
        switch (step.Action)
        {
            case FileStep.PlaceAction:
                var staged = StagedPath(step.Source!);
                if (!File.Exists(staged))
                {
                    // Renamed into place before a crash; only the directory entry may still need syncing.
                    changed.Add(Path.GetDirectoryName(target)!);
                    return File.Exists(target);
                }

                changed.CreateFor(target);
                File.Move(staged, target, overwrite: true);
                return true;

            case FileStep.DeleteAction:
                if (File.Exists(target))
                    File.Delete(target);

                changed.Add(Path.GetDirectoryName(target)!);
                return true;

            case FileStep.MoveAction:
                var source = FullPath(step.Source!);
                if (File.Exists(source))
                {
                    changed.CreateFor(target);
                    File.Move(source, target, overwrite: true);
                    changed.Add(Path.GetDirectoryName(source)!);
                }

                return true;

            default:
                throw new InvalidOperationException($"Unknown file step '{step.Action}'.");
        }
    }
}
