using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Constants;
using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Users.Common;

/// <summary>
/// Someone must always be able to manage users. Two requests each removing a different one of the
/// last two holders would both see the other one remaining, so the check is made under row locks
/// on every holder (docs/decisions/006-last-user-manager.md).
/// </summary>
internal static class LastUserManagerRule
{
    /// <summary>
    /// Locks every current holder of users.manage until the transaction ends: a concurrent request
    /// that could remove one waits here, then sees this one's result.
    /// </summary>
    public static Task LockHoldersAsync(IApplicationDbContext db, CancellationToken cancellationToken) =>
        // A no-op UPDATE takes the same row locks as SELECT … FOR UPDATE, which EF Core cannot express
        // without the relational package this layer does not reference.
        db.Users
            .Where(u => u.Permissions.Contains(Permissions.UsersManage))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.UpdatedTime, u => u.UpdatedTime), cancellationToken);

    /// <summary>Call after <see cref="LockHoldersAsync"/>, in the same transaction.</summary>
    /// <exception cref="ConflictException"><paramref name="user"/> is the last holder.</exception>
    public static async Task EnsureAnotherHolderAsync(
        IApplicationDbContext db, User user, string refusal, CancellationToken cancellationToken)
    {
        if (!user.Has(Permissions.UsersManage))
            return;

        var another = await db.Users.AnyAsync(
            u => u.Id != user.Id && u.Permissions.Contains(Permissions.UsersManage), cancellationToken);
        if (!another)
            throw new ConflictException(refusal);
    }
}
