using Attachments.Application.Attachments.Common;
using Attachments.Application.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.Common.Options;
using Attachments.Domain.Entities;
using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Attachments.Commands.UploadAttachment;

/// <param name="File">The upload, already streamed to a temp file by the caller.</param>
/// <param name="CategoryId">0 or null for none.</param>
/// <param name="Id">When set, replaces that attachment's bytes and keeps its location.</param>
/// <param name="ImagesOnly">Refuse anything but images (the Image Upload API v1).</param>
public sealed record UploadAttachmentCommand(StagedFile File, long? CategoryId = null, long? Id = null, bool ImagesOnly = false)
    : IRequest<AttachmentDto>;

public sealed class UploadAttachmentCommandHandler(
    IApplicationDbContext db,
    IFileStorage storage,
    IStorageJournal journal,
    IImageProcessor images,
    InPlaceImageProcessing inPlace,
    IOptions<UploadOptions> options,
    ICurrentUser currentUser,
    TimeProvider time,
    IUploadMetrics metrics,
    IMapper mapper) : IRequestHandler<UploadAttachmentCommand, AttachmentDto>
{
    public const string UniqueMd5Index = "ux_attachments_file_md5";
    public const string UniqueLocationIndex = "ux_attachments_file_location";

    public async Task<AttachmentDto> Handle(UploadAttachmentCommand request, CancellationToken cancellationToken)
    {
        var categoryId = await ResolveCategoryAsync(request.CategoryId, cancellationToken);
        var type = DetectAllowedType(request.File);
        if (request.ImagesOnly && !type.IsImage)
            throw new UnsupportedMediaTypeException($"Only images can be uploaded here (JPEG, PNG, GIF, WebP, BMP, ICO, TIFF, HEIC, AVIF); this is '{type.Extension}'.");

        var (attachment, outcome) = request.Id is { } id
            ? await ReplaceAsync(id, request.File, type, categoryId, cancellationToken)
            : await FindByMd5Async(request.File.Md5, cancellationToken) is { } existing
                ? await ReuseAsync(existing, request.File, type, categoryId, cancellationToken)
                : await StoreNewAsync(request.File, type, categoryId, cancellationToken);

        metrics.Completed(
            request.ImagesOnly ? ApiDialects.V1 : ApiDialects.Cms, outcome, attachment.IsImage,
            outcome == UploadOutcome.Deduplicated ? 0 : attachment.FileSize);
        return mapper.Map<AttachmentDto>(attachment);
    }

    private async Task<long?> ResolveCategoryAsync(long? categoryId, CancellationToken cancellationToken)
    {
        if (categoryId is null or 0)
            return null;

        if (!await db.AttachmentCategories.AnyAsync(c => c.Id == categoryId, cancellationToken))
            throw new ValidationException($"category_id {categoryId} does not exist; create the category first or send 0.");

        return categoryId;
    }

    private FileType DetectAllowedType(StagedFile file)
    {
        FileType? type;
        using (var content = file.OpenRead())
            type = FileTypeDetector.Detect(content, file.ClientFileName);

        if (type is null)
            throw new UnsupportedMediaTypeException("The file type could not be recognised from its content; it is not on the list of allowed types.");

        if (type.IsImage || options.Value.AllowedFileTypes.Contains(type.Extension, StringComparer.OrdinalIgnoreCase))
            return type;

        throw new UnsupportedMediaTypeException($"Files of type '{type.Extension}' ({type.MimeType}) are not allowed here.");
    }

    private Task<Attachment?> FindByMd5Async(string md5, CancellationToken cancellationToken) =>
        db.Attachments.FirstOrDefaultAsync(a => a.FileMd5 == md5, cancellationToken);

    private async Task<(Attachment, UploadOutcome)> ReuseAsync(
        Attachment existing, StagedFile file, FileType type, long? categoryId, CancellationToken cancellationToken)
    {
        if (existing.IsImage && !existing.IsProcessed)
            return await ProcessInPlaceAsync(existing, file, type, categoryId, cancellationToken);

        if (categoryId is not null && existing.CategoryId != categoryId)
        {
            existing.CategoryId = categoryId;
            existing.UpdatedTime = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        return (existing, UploadOutcome.Deduplicated);
    }

    /// <summary>A scan indexed these bytes as it found them: now they are stored as an upload stores them, where the row points.</summary>
    private async Task<(Attachment, UploadOutcome)> ProcessInPlaceAsync(
        Attachment existing, StagedFile file, FileType type, long? categoryId, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(existing.FileLocation).TrimStart('.').ToLowerInvariant();
        using (var content = await PrepareAsync(file, type, extension, cancellationToken))
        {
            if (await inPlace.ApplyAsync(existing, content, categoryId, cancellationToken))
                return (existing, UploadOutcome.Deduplicated);
        }

        var entry = db.Attachments.Entry(existing);
        await entry.ReloadAsync(cancellationToken);
        if (entry.State == EntityState.Detached || !existing.IsProcessed)
            throw new ServiceUnavailableException($"Attachment {existing.Id} was changed by another request at the same moment; nothing was stored. Try again shortly.");

        return await ReuseAsync(existing, file, type, categoryId, cancellationToken);
    }

    private async Task<(Attachment, UploadOutcome)> StoreNewAsync(
        StagedFile file, FileType type, long? categoryId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        using var content = await PrepareAsync(file, type, OutputExtension(type), cancellationToken);
        var attachment = new Attachment
        {
            FileName = FileNames.ToDisplayName(file.ClientFileName),
            OriginalFileName = FileNames.ToOriginalName(file.ClientFileName),
            FileLocation = AttachmentLocations.For(now, file.Md5, content.Extension),
            FileSize = content.Size,
            FileMd5 = file.Md5,
            MimeType = content.MimeType,
            Width = content.Width,
            Height = content.Height,
            IsImage = type.IsImage,
            CategoryId = categoryId,
            UserId = currentUser.Id,
            CreatedTime = now,
            UpdatedTime = now,
        };

        // The row is inserted first, inside a transaction: a concurrent upload of the same bytes then
        // waits on the unique md5 index instead of racing this one for the file location.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Attachments.Add(attachment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        // The location is made from the md5, so the same bytes on the same day may trip either unique index first.
        catch (DbUpdateException e) when (db.IsUniqueViolation(e, UniqueMd5Index) || db.IsUniqueViolation(e, UniqueLocationIndex))
        {
            await transaction.RollbackAsync(cancellationToken);
            db.Attachments.Entry(attachment).State = EntityState.Detached;
            // Only a transient race can get here (the winner was deleted at once): 503, which a client may retry.
            var winner = await FindByMd5Async(file.Md5, cancellationToken)
                ?? throw new ServiceUnavailableException("The same file was being uploaded by another request at the same moment; nothing was stored. Try again shortly.");
            return await ReuseAsync(winner, file, type, categoryId, cancellationToken);
        }

        using var placed = PlacedFiles.Record(storage, journal, content.FilesFor(attachment));
        placed.PlaceAll();
        await placed.CommitAsync(transaction);
        return (attachment, UploadOutcome.Stored);
    }

    private async Task<(Attachment, UploadOutcome)> ReplaceAsync(
        long id, StagedFile file, FileType type, long? categoryId, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException($"Attachment {id} does not exist.");

        if (attachment.FileMd5 == file.Md5)
            return await ReuseAsync(attachment, file, type, categoryId, cancellationToken);

        if (await IdOfMd5Async(file.Md5, cancellationToken) is { } other)
            throw AlreadyStoredAs(other);

        var extension = Path.GetExtension(attachment.FileLocation).TrimStart('.').ToLowerInvariant();
        EnsureReplaceable(attachment, type, extension);

        using var content = await PrepareAsync(file, type, extension, cancellationToken);
        var oldMd5 = attachment.FileMd5;
        attachment.FileMd5 = file.Md5;
        attachment.FileSize = content.Size;
        attachment.MimeType = content.MimeType;
        attachment.Width = content.Width;
        attachment.Height = content.Height;
        attachment.IsProcessed = true;
        attachment.OriginalFileName = FileNames.ToOriginalName(file.ClientFileName);
        attachment.CategoryId = categoryId ?? attachment.CategoryId;
        attachment.UpdatedTime = time.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        // A lost race is not a verdict on the request: 503 says "try again", and the retry then replaces the winner's
        // bytes as it would have a second later. Every 4xx must be what the same request gets again.
        catch (DbUpdateConcurrencyException e)
        {
            throw new ServiceUnavailableException($"Attachment {id} was being changed by another request at the same time; nothing was stored. Try again shortly.", e);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e, UniqueMd5Index))
        {
            await transaction.RollbackAsync(cancellationToken);
            throw await IdOfMd5Async(file.Md5, cancellationToken) is { } winner
                ? AlreadyStoredAs(winner)
                : new ServiceUnavailableException("These bytes were being stored by another request at the same moment; nothing was stored. Try again shortly.", e);
        }

        using var replaced = ReplacedFiles.Record(
            storage, journal, attachment.Id, attachment.FileLocation, oldMd5, file.Md5, content.FilesFor(attachment));
        replaced.ReplaceAll();
        await replaced.CommitAsync(transaction);
        return (attachment, UploadOutcome.Replaced);
    }

    private Task<long?> IdOfMd5Async(string md5, CancellationToken cancellationToken) =>
        db.Attachments.Where(a => a.FileMd5 == md5).Select(a => (long?)a.Id).FirstOrDefaultAsync(cancellationToken);

    private static ConflictException AlreadyStoredAs(long otherId) =>
        new($"These bytes are already stored as attachment {otherId}; delete one of them or upload different content.");

    private static void EnsureReplaceable(Attachment attachment, FileType type, string extension)
    {
        if (attachment.IsImage != type.IsImage)
        {
            throw new UnsupportedMediaTypeException(attachment.IsImage
                ? $"Attachment {attachment.Id} is an image; replace it with an image."
                : $"Attachment {attachment.Id} is a '{extension}' file; replace it with a '{extension}' file.");
        }

        if (!type.IsImage && type.Extension != extension)
            throw new UnsupportedMediaTypeException($"Attachment {attachment.Id} is a '{extension}' file; replace it with a '{extension}' file, not '{type.Extension}'.");
    }

    private static string OutputExtension(FileType type) =>
        type.IsImage ? WebImageFormats.OutputFor(type.Extension) : type.Extension;

    private async Task<PreparedContent> PrepareAsync(
        StagedFile file, FileType type, string extension, CancellationToken cancellationToken)
    {
        if (!type.IsImage)
            return new PreparedContent(storage, file.TempPath, null, extension, type.MimeType, file.Length, 0, 0, ownsFiles: false);

        var image = await images.ProcessAsync(file.TempPath, type.Extension, extension, cancellationToken);
        return PreparedContent.Of(storage, image, extension);
    }
}
