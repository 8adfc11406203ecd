using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Users.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Users.Commands.DeleteUser;

/// <summary>Deletes a user; their attachments stay, with no uploader (the foreign key sets it to NULL).</summary>
public sealed record DeleteUserCommand(long Id) : ICommand<Unit>;

public sealed class DeleteUserCommandHandler(IApplicationDbContext db) : IRequestHandler<DeleteUserCommand, Unit>
{
    public async Task<Unit> Handle(DeleteUserCommand request, CancellationToken cancellationToken)
    {
        // The holders stay locked until the command's transaction ends (TransactionBehaviour).
        await LastUserManagerRule.LockHoldersAsync(db, cancellationToken);

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException($"User {request.Id} does not exist.");

        await LastUserManagerRule.EnsureAnotherHolderAsync(
            db,
            user,
            $"User '{user.UserName}' is the last user with the permission users.manage and cannot be deleted; " +
            "give users.manage to another user first, or nobody could manage users any more.",
            cancellationToken);

        db.Users.Remove(user);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
