using Attachments.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Users.Queries.GetUserPermissions;

/// <summary>The user's permissions as they are now; null when the user no longer exists.</summary>
public sealed record GetUserPermissionsQuery(long UserId) : IRequest<IReadOnlyList<string>?>;

public sealed class GetUserPermissionsQueryHandler(IApplicationDbContext db)
    : IRequestHandler<GetUserPermissionsQuery, IReadOnlyList<string>?>
{
    public async Task<IReadOnlyList<string>?> Handle(GetUserPermissionsQuery request, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == request.UserId, cancellationToken);
        return user?.Permissions;
    }
}
