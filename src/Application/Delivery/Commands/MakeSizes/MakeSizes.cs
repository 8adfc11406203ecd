using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Application.Delivery.Commands.MakeDerivative;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Attachments.Application.Delivery.Commands.MakeSizes;

/// <summary>
/// Makes every named size of an image that its <c>sizes</c> lists, in each format <c>fmt=auto</c> may choose, that is
/// not made yet. Each derivative commits on its own: a long run never holds the attachment's row.
/// </summary>
/// <returns>How many were made; 0 when the attachment is gone or is not an image.</returns>
public sealed record MakeSizesCommand(long AttachmentId) : IRequest<int>;

public sealed class MakeSizesCommandHandler(IApplicationDbContext db, IMediator mediator, IImageProcessor images, IOptions<ImageOptions> options)
    : IRequestHandler<MakeSizesCommand, int>
{
    public async Task<int> Handle(MakeSizesCommand request, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.AttachmentId, cancellationToken);
        if (attachment is not { IsImage: true, Width: > 0 } || attachment.FileLocation.EndsWith(".gif", StringComparison.OrdinalIgnoreCase))
            return 0;

        var stored = Path.GetExtension(attachment.FileLocation).TrimStart('.').ToLowerInvariant();
        var formats = new[] { stored, "webp", "avif" }.Distinct().Where(f => f == stored || images.CanWrite(f)).ToList();
        var made = 0;
        foreach (var size in options.Value.Sizes.Values.Where(s => s.IsEnabled))
        {
            var transform = ImageTransform.ForSize(size);
            var plan = transform.PlanFor(attachment.Width, attachment.Height, attachment.FocusX, attachment.FocusY);
            if (plan.CanvasWidth >= attachment.Width && plan.CanvasHeight >= attachment.Height)
                continue;

            foreach (var format in formats)
            {
                var key = transform.KeyFor(format);
                if (await db.AttachmentDerivatives.AnyAsync(d => d.AttachmentId == attachment.Id && d.FileMd5 == attachment.FileMd5 && d.Key == key, cancellationToken))
                    continue;

                try
                {
                    await mediator.Send(new MakeDerivativeCommand(attachment.Id, attachment.FileMd5, key, format, transform with { Format = format }), cancellationToken);
                    made++;
                }
                catch (NotFoundException)
                {
                    // Deleted or replaced meanwhile: the replace asks for its own sizes.
                    return made;
                }
            }
        }

        return made;
    }
}
