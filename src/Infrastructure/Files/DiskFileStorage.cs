using System.Buffers;
using System.Security.Cryptography;
using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files;

public sealed class DiskFileStorage(IOptions<StorageOptions> options, StorageInstance instance) : IFileStorage
{
    private const int BufferSize = 81_920;

    private readonly string _root = options.Value.FullRoot;

    public async Task<StagedFile> StageAsync(
        Stream content, string clientFileName, long maxBytes, CancellationToken cancellationToken)
    {
        var tempPath = NewTempPath("upload");
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long length = 0;
            await using (var target = CreateTempFile(tempPath))
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

            return new StagedFile(tempPath, clientFileName, length, Convert.ToHexStringLower(md5.GetHashAndReset()));
        }
        catch
        {
            DeleteTemp(tempPath);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public string NewTempPath(string extension) => Path.Combine(instance.Folder, $"{Guid.NewGuid():N}.{extension}");

    public void Place(string tempPath, string location)
    {
        var target = FullPath(location);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(tempPath, target, overwrite: true);
    }

    public IFileReplacement Replace(string tempPath, string location, string? backupPath)
    {
        var target = FullPath(location);
        var kept = backupPath is not null && KeepCopy(target, backupPath);
        try
        {
            Place(tempPath, location);
        }
        catch
        {
            if (kept)
                File.Delete(backupPath!);
            throw;
        }

        return new FileReplacement(target, backupPath, kept);
    }

    public bool TryMove(string fromLocation, string toLocation)
    {
        var target = FullPath(toLocation);
        if (File.Exists(target))
            return false;

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(FullPath(fromLocation), target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
    }

    public bool Trash(string location, string trashPath)
    {
        var path = FullPath(location);
        if (!File.Exists(path))
            return false;

        File.Move(path, trashPath);
        return true;
    }

    public void Delete(string location)
    {
        var path = FullPath(location);
        if (File.Exists(path))
            File.Delete(path);
    }

    public void DeleteTemp(string tempPath)
    {
        if (File.Exists(tempPath))
            File.Delete(tempPath);
    }

    public IEnumerable<string> EnumerateLocations()
    {
        var uploads = Path.Combine(_root, AttachmentLocations.Root);
        if (!Directory.Exists(uploads))
            return [];

        // Links are skipped: one pointing outside the root must not be indexed and then served.
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
        };
        return Directory.EnumerateFiles(uploads, "*", options)
            .Select(path => Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/'));
    }

    /// <summary>Resolves a location under the root, refusing anything that would land outside uploads/.</summary>
    public string FullPath(string location)
    {
        var uploads = Path.Combine(_root, AttachmentLocations.Root) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(_root, location));
        if (!path.StartsWith(uploads, StringComparison.Ordinal))
            throw new ValidationException($"'{location}' is not a location under {AttachmentLocations.Root}/.");

        return path;
    }

    /// <summary>
    /// Copies <paramref name="target"/> to <paramref name="backupPath"/>, under another name first so that a
    /// backup recovery finds is always whole. A copy, not a move: the old content stays visible until the
    /// new one is renamed over it.
    /// </summary>
    private static bool KeepCopy(string target, string backupPath)
    {
        if (!File.Exists(target))
            return false;

        var partial = backupPath + ".partial";
        File.Copy(target, partial, overwrite: true);
        File.Move(partial, backupPath, overwrite: true);
        return true;
    }

    private static FileStream CreateTempFile(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
}
