using System.Buffers;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.Common.Options;
using Attachments.Infrastructure.Files;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.DirectUploads;

/// <summary>
/// Direct uploads on disk: the URL is the service's own <c>PUT /api/attachment/upload/direct/{upload_id}</c>, signed
/// (<see cref="DirectUploadSignatures"/>), and the bytes are kept at <c>&lt;storage root&gt;/.direct/&lt;upload_id&gt;</c>,
/// on the storage every instance shares.
/// </summary>
public sealed class DiskDirectUploadTarget(
    IFileStorage storage,
    IPublicUrls urls,
    DirectUploadSignatures signatures,
    IOptions<StorageOptions> storageOptions,
    IOptions<DirectUploadOptions> options,
    ILogger<DiskDirectUploadTarget> logger) : IDirectUploadTarget, IDirectUploadReceiver
{
    public const string DirectoryName = ".direct";

    private const int BufferSize = 81_920;
    private const string PartExtension = ".part";

    private static readonly IReadOnlyDictionary<string, string> Headers =
        new Dictionary<string, string> { ["content-type"] = "application/octet-stream" };

    private readonly string _directory = Path.Combine(storageOptions.Value.FullRoot, DirectoryName);

    public DirectUploadUrl CreateUrl(Guid uploadId, long fileSize, DateTimeOffset expiresAt)
    {
        var path = $"{IDirectUploadReceiver.EndpointPath}/{uploadId:D}";
        var url = options.Value.BaseUrl is { Length: > 0 } baseUrl ? $"{baseUrl.TrimEnd('/')}/{path}" : urls.For(path);
        var expires = expiresAt.ToUnixTimeSeconds();
        return new DirectUploadUrl($"{url}?expires={expires}&s={signatures.Sign(uploadId, expires)}", "PUT", Headers);
    }

    public void Authorise(Guid uploadId, long? expires, string? signature) => signatures.Check(uploadId, expires, signature);

    public async Task ReceiveAsync(Guid uploadId, Stream content, long fileSize, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        // Each try streams to its own file, renamed over the upload's whole: a reader never sees half a file.
        var part = Path.Combine(_directory, $"{uploadId:D}.{Guid.NewGuid():N}{PartExtension}");
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long length = 0;
            await using (var target = new FileStream(part, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                {
                    length += read;
                    if (length > fileSize)
                        throw new PayloadTooLargeException($"The body is larger than the {fileSize} bytes presigned.");

                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                // Acknowledged bytes survive a power cut, as a bucket's would.
                target.Flush(flushToDisk: true);
            }

            if (length < fileSize)
                throw new ValidationException($"The body ended after {length} of the {fileSize} bytes presigned, so nothing was kept; send the whole file.");

            File.Move(part, PathOf(uploadId), overwrite: true);
            DiskSync.Flush(_directory);
        }
        catch
        {
            File.Delete(part);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<StagedFile?> FetchAsync(Guid uploadId, string clientFileName, long maxBytes, CancellationToken cancellationToken)
    {
        FileStream content;
        try
        {
            content = new FileStream(PathOf(uploadId), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        await using (content)
            return await storage.StageAsync(content, clientFileName, maxBytes, cancellationToken);
    }

    public Task DeleteAsync(Guid uploadId, CancellationToken cancellationToken)
    {
        var path = PathOf(uploadId);
        if (File.Exists(path))
            File.Delete(path);

        return Task.CompletedTask;
    }

    public Task SweepAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken)
    {
        var directory = new DirectoryInfo(_directory);
        if (!directory.Exists)
            return Task.CompletedTask;

        var removed = 0;
        foreach (var file in directory.EnumerateFiles().Where(f => f.LastWriteTimeUtc < writtenBefore.UtcDateTime))
        {
            try
            {
                file.Delete();
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not remove the direct upload file {Name}", file.Name);
            }
        }

        if (removed > 0)
            logger.LogInformation("Removed {Count} direct upload files written before {Cutoff:O}, whose uploads have all expired", removed, writtenBefore);

        return Task.CompletedTask;
    }

    private string PathOf(Guid uploadId) => Path.Combine(_directory, uploadId.ToString("D"));
}
