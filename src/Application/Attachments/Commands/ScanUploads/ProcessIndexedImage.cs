using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.FileTypes;
using Attachments.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Commands.ScanUploads;

/// <summary>
/// Stores an image a scan indexed as it found it the way an upload would have, in place (Jobs:ScanProcessesImages);
/// false when there was nothing to do, the row having been processed, replaced or deleted by a request meanwhile.
/// </summary>
public sealed record ProcessIndexedImageCommand(long Id) : ICommand<bool>;

public sealed class ProcessIndexedImageCommandHandler(
    IApplicationDbContext db, IFileStorage storage, UploadContent content, UploadStore store)
    : IRequestHandler<ProcessIndexedImageCommand, bool>
{
    public async Task<bool> Handle(ProcessIndexedImageCommand request, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.FirstOrDefaultAsync(a => a.Id == request.Id, cancellationToken);
        if (attachment is not { IsImage: true, IsProcessed: false })
            return false;

        var extension = UploadStore.ExtensionOf(attachment);
        if (!WebImageFormats.IsWebFormat(extension))
            throw new UnsupportedMediaTypeException($"'{extension}' is not a format images are stored in; the image is left as it is.");

        if (!await storage.ExistsAsync(attachment.FileLocation, cancellationToken))
            throw new NotFoundException("The stored image is missing from the storage folder.");

        using var prepared = await content.PrepareStoredAsync(attachment.FileLocation, extension, cancellationToken);
        return await store.ProcessInPlaceAsync(attachment, prepared, categoryId: null, cancellationToken);
    }
}
