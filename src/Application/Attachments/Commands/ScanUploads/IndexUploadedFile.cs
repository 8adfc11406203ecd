using System.Security.Cryptography;
using Attachments.Application.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Domain.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Attachments.Commands.ScanUploads;

/// <summary>
/// Creates the row for a file found under uploads/, leaving the file exactly as it is; an image is marked as not
/// processed, for <see cref="ProcessIndexedImageCommand"/> or the next upload of its bytes.
/// </summary>
/// <param name="Location">A location laid out as <c>uploads/yyyyMM/dd/&lt;name&gt;.&lt;ext&gt;</c>.</param>
public sealed record IndexUploadedFileCommand(string Location) : ICommand<IndexOutcome>;

public sealed class IndexUploadedFileCommandHandler(
    IApplicationDbContext db,
    IFileStorage storage,
    IImageProcessor images,
    IOptions<UploadOptions> options,
    ILogger<IndexUploadedFileCommandHandler> logger) : IRequestHandler<IndexUploadedFileCommand, IndexOutcome>
{
    private const int BufferSize = 81_920;

    public async Task<IndexOutcome> Handle(IndexUploadedFileCommand request, CancellationToken cancellationToken)
    {
        var location = request.Location;
        var storedName = location[(location.LastIndexOf('/') + 1)..];

        // A unit done again after its instance died finds the row it had made (its md5 would call it a duplicate).
        if (await db.Attachments.AnyAsync(a => a.FileLocation == location, cancellationToken))
            return IndexOutcome.AlreadyIndexed;

        var info = await storage.GetInfoAsync(location, cancellationToken)
            ?? throw new NotFoundException($"Nothing is stored at {location} any more.");
        await using var content = storage.OpenRead(location, info);
        var modified = info.LastModified;

        var type = FileTypeDetector.Detect(content, storedName);
        if (type is null)
            return Skipped(location, "its content matches no allowed type");
        if (Refusal(type, storedName) is { } reason)
            return Skipped(location, reason);

        var (md5, size) = await HashAsync(content, cancellationToken);
        if (await db.Attachments.AnyAsync(a => a.FileMd5 == md5, cancellationToken))
            return Duplicate(location, md5);

        var (width, height) = type.IsImage ? await MeasureAsync(location, type.Extension, cancellationToken) : (0, 0);
        db.Attachments.Add(new Attachment
        {
            FileName = FileNames.ToDisplayName(storedName),
            OriginalFileName = FileNames.ToOriginalName(storedName),
            FileLocation = location,
            FileSize = size,
            FileMd5 = md5,
            MimeType = type.MimeType,
            Width = width,
            Height = height,
            IsImage = type.IsImage,
            IsProcessed = !type.IsImage,
            CreatedTime = modified,
            UpdatedTime = modified,
        });

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e, UniqueKey.AttachmentMd5))
        {
            return Duplicate(location, md5);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e, UniqueKey.AttachmentLocation))
        {
            logger.LogInformation("Scan left {Location} alone: it was indexed by another request meanwhile", location);
            return IndexOutcome.AlreadyIndexed;
        }

        return IndexOutcome.Indexed;
    }

    private async Task<(int Width, int Height)> MeasureAsync(string location, string extension, CancellationToken cancellationToken)
    {
        using var image = await storage.GetLocalCopyAsync(location, cancellationToken);
        return await images.MeasureAsync(image.Path, extension, cancellationToken);
    }

    /// <summary>Why the file may not be indexed, or null when it may.</summary>
    private string? Refusal(FileType type, string storedName)
    {
        // An image keeps its location, and so its format, even when processed: only formats browsers show qualify.
        if (type.IsImage && !WebImageFormats.IsWebFormat(type.Extension))
            return $"a {type.Extension.ToUpperInvariant()} image; only JPEG, PNG, GIF and WebP are indexed as they are (upload it to have it converted)";

        if (!type.IsImage && !options.Value.AllowedFileTypes.Contains(type.Extension, StringComparer.OrdinalIgnoreCase))
            return $"'{type.Extension}' files are not allowed (Upload:AllowedFileTypes)";

        // Files are served with the Content-Type their extension names, so the name must tell the truth.
        var extension = Path.GetExtension(storedName).TrimStart('.');
        if (!extension.Equals(type.Extension, StringComparison.OrdinalIgnoreCase))
            return $"its name ends in .{extension} but its content is {type.Extension}";

        return null;
    }

    private IndexOutcome Skipped(string location, string reason)
    {
        logger.LogInformation("Scan skipped {Location}: {Reason}", location, reason);
        return IndexOutcome.Skipped;
    }

    private IndexOutcome Duplicate(string location, string md5)
    {
        logger.LogInformation("Scan skipped {Location}: the same bytes (md5 {Md5}) are already stored as another attachment", location, md5);
        return IndexOutcome.Duplicate;
    }

    private static async Task<(string Md5, long Size)> HashAsync(Stream content, CancellationToken cancellationToken)
    {
        content.Position = 0;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[BufferSize];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            size += read;
        }

        return (Convert.ToHexStringLower(md5.GetHashAndReset()), size);
    }
}
