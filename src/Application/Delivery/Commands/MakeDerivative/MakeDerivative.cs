using Attachments.Application.Common.Models;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Domain.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Delivery.Commands.MakeDerivative;

/// <summary>
/// Renders a derivative of attachment <paramref name="AttachmentId"/>'s content <paramref name="FileMd5"/> and stores it
/// with its row; the file is placed once that commits, like any file (docs/decisions/016-roll-forward-file-operations.md).
/// </summary>
/// <param name="Transform">With its format chosen (never <c>auto</c>).</param>
public sealed record MakeDerivativeCommand(long AttachmentId, string FileMd5, string Key, string Extension, ImageTransform Transform)
    : ICommand<AttachmentDerivative>;

public sealed class MakeDerivativeCommandHandler(
    IApplicationDbContext db, IFileStorage storage, IImageProcessor images, IOptions<ImageOptions> options, TimeProvider time)
    : IRequestHandler<MakeDerivativeCommand, AttachmentDerivative>
{
    public async Task<AttachmentDerivative> Handle(MakeDerivativeCommand request, CancellationToken cancellationToken)
    {
        var source = await db.Attachments.AsNoTracking()
            .Where(a => a.Id == request.AttachmentId && a.FileMd5 == request.FileMd5)
            .Select(a => new { a.FileLocation, a.Visibility, a.Width, a.Height, a.FocusX, a.FocusY })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw Gone();

        var plan = request.Transform.PlanFor(source.Width, source.Height, source.FocusX, source.FocusY);
        using var output = new StagedContent(storage, storage.NewStagedPath(request.Extension));
        using (var image = await storage.GetLocalCopyAsync(Attachment.StoredLocationFor(source.FileLocation, source.Visibility), cancellationToken))
        {
            await images.RenderAsync(
                image.Path, Path.GetExtension(source.FileLocation).TrimStart('.').ToLowerInvariant(), plan, request.Extension,
                request.Transform.Quality ?? options.Value.Quality, output.Path, cancellationToken);
        }

        // Locks the row: a delete, replace or new focal point that committed meanwhile leaves nothing to add this to
        // (it removed the derivatives of what was rendered here), and one that comes later finds this derivative and
        // removes its file with the rest.
        var locked = await db.Attachments
            .Where(a => a.Id == request.AttachmentId && a.FileMd5 == request.FileMd5 && a.FocusX == source.FocusX && a.FocusY == source.FocusY)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedTime, a => a.UpdatedTime), cancellationToken);
        if (locked == 0)
            throw Gone();

        var derivative = new AttachmentDerivative
        {
            AttachmentId = request.AttachmentId,
            FileMd5 = request.FileMd5,
            Key = request.Key,
            Location = AttachmentDerivative.LocationFor(request.FileMd5, request.Key, request.Extension),
            MimeType = DerivativeFormats.MimeTypeOf(request.Extension),
            FileSize = StagedLength(output.Path),
            Width = plan.CanvasWidth,
            Height = plan.CanvasHeight,
            CreatedTime = time.GetUtcNow(),
        };
        db.AttachmentDerivatives.Add(derivative);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e, UniqueKey.DerivativeKey))
        {
            // Another instance made the same one meanwhile: this copy is a duplicate, not a different picture.
            db.AttachmentDerivatives.Entry(derivative).State = EntityState.Detached;
            return await db.AttachmentDerivatives.AsNoTracking()
                .FirstAsync(d => d.AttachmentId == request.AttachmentId && d.FileMd5 == request.FileMd5 && d.Key == request.Key, cancellationToken);
        }

        db.PendingFileOperations.Add(PendingFileOperation.Place(FileOperationKind.Place, request.AttachmentId, [(output.HandOver(), derivative.Location)]));
        await db.SaveChangesAsync(cancellationToken);
        return derivative;
    }

    private long StagedLength(string path)
    {
        using var staged = storage.OpenStaged(path);
        return staged.Length;
    }

    private static NotFoundException Gone() => new("The image was deleted or replaced while this request waited; ask for its URL again.");
}
