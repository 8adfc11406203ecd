using Attachments.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Queries.GetDownloadName;

/// <summary>
/// The name a served file downloads under: the attachment's display name with the stored file's extension
/// (an edited name keeps the type the bytes have); null when no row describes the location.
/// </summary>
public sealed record GetDownloadNameQuery(string FileLocation) : IRequest<string?>;

public sealed class GetDownloadNameQueryHandler(IApplicationDbContext db) : IRequestHandler<GetDownloadNameQuery, string?>
{
    public async Task<string?> Handle(GetDownloadNameQuery request, CancellationToken cancellationToken)
    {
        var displayName = await db.Attachments.AsNoTracking()
            .Where(a => a.FileLocation == request.FileLocation)
            .Select(a => a.FileName)
            .FirstOrDefaultAsync(cancellationToken);

        return string.IsNullOrWhiteSpace(displayName) ? null : displayName + Path.GetExtension(request.FileLocation);
    }
}
