using System.Buffers;
using System.Security.Cryptography;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Microsoft.Extensions.Logging;

namespace Attachments.Infrastructure.Files;

/// <summary>
/// This instance's staging folder (<c>&lt;root&gt;/.tmp/</c>): uploads are streamed and hashed into it, images are
/// processed in it. Both storage providers stage here; only what a commit will name leaves it.
/// </summary>
public sealed class LocalStaging(string directory)
{
    private const int BufferSize = 81_920;

    private const int StagingChunkSize = 256 * 1024;

    public string Directory { get; } = directory;

    public async Task<StagedFile> StageAsync(
        IFileStorage owner, Stream content, string clientFileName, long maxBytes, CancellationToken cancellationToken)
    {
        var path = NewPath("upload");
        var buffer = ArrayPool<byte>.Shared.Rent(StagingChunkSize);
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long length = 0;
            // Unbuffered and synchronous: each write is one pwrite of a whole chunk into the page cache, where an
            // asynchronous FileStream would hand every write to the thread pool (docs/decisions/023-upload-cpu.md).
            using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                int filled;
                while ((filled = await FillAsync(content, buffer.AsMemory(0, StagingChunkSize), cancellationToken)) > 0)
                {
                    length += filled;
                    if (length > maxBytes)
                        throw new PayloadTooLargeException($"The file is larger than the limit of {maxBytes} bytes.");

                    md5.AppendData(buffer, 0, filled);
                    target.Write(buffer, 0, filled);
                }
            }

            return new StagedFile(owner, path, clientFileName, length, Convert.ToHexStringLower(md5.GetHashAndReset()));
        }
        catch
        {
            Delete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads until <paramref name="chunk"/> is full or the content ends; returns how many bytes it holds.</summary>
    private static async Task<int> FillAsync(Stream content, Memory<byte> chunk, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < chunk.Length && (read = await content.ReadAsync(chunk[filled..], cancellationToken)) > 0)
            filled += read;

        return filled;
    }

    public string NewPath(string extension) => System.IO.Path.Combine(Directory, $"{Guid.NewGuid():N}.{extension}");

    public static Stream Open(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);

    public static void Delete(string path)
    {
        if (File.Exists(path))
            File.Delete(path);
    }

    /// <summary>The path of a staged file recorded by name, refusing a name that would leave the staging folder.</summary>
    public string PathOf(string name) =>
        IsStagedName(name)
            ? System.IO.Path.Combine(Directory, name)
            : throw new ArgumentException($"'{name}' is not the name of a staged file.", nameof(name));

    public static bool IsStagedName(string name) =>
        name.Length > 0 && name == System.IO.Path.GetFileName(name) && name[0] != '.' && !name.Contains('\\');

    /// <summary>Null when a file can be written in the staging folder now; else why not.</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        var probe = System.IO.Path.Combine(Directory, $"health-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "The storage folder is not writable: " + e.Message;
        }
    }

    /// <summary>Deletes staged files and folders last written before <paramref name="cutoff"/> that no pending operation names.</summary>
    public int Sweep(DateTimeOffset cutoff, IReadOnlySet<string> referenced, ILogger logger)
    {
        var staging = new DirectoryInfo(Directory);
        if (!staging.Exists)
            return 0;

        var removed = 0;
        foreach (var entry in staging.EnumerateFileSystemInfos().Where(e => e.LastWriteTimeUtc < cutoff.UtcDateTime && !referenced.Contains(e.Name)))
        {
            try
            {
                if (entry is DirectoryInfo folder)
                    folder.Delete(recursive: true);
                else
                    entry.Delete();

                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not remove the staged {Name}", entry.Name);
            }
        }

        return removed;
    }
}
