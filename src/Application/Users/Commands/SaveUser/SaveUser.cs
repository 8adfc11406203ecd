using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Users.Common;
using Attachments.Domain.Constants;
using Attachments.Domain.Entities;
using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Users.Commands.SaveUser;

/// <param name="Id">Null or 0 creates a user; otherwise updates that user.</param>
/// <param name="UserName">Trimmed before it is checked and stored.</param>
/// <param name="Password">Required to create; when updating, null or empty keeps the current one.</param>
/// <param name="Permissions">The complete set the user will hold.</param>
public sealed record SaveUserCommand(long? Id, string UserName, string? Password, IReadOnlyList<string?>? Permissions)
    : ICommand<UserDto>;

public sealed class SaveUserCommandHandler(
    IApplicationDbContext db,
    IPasswordHasher hasher,
    ICurrentUser currentUser,
    TimeProvider time,
    IMapper mapper) : IRequestHandler<SaveUserCommand, UserDto>
{

    public async Task<UserDto> Handle(SaveUserCommand request, CancellationToken cancellationToken)
    {
        var userName = request.UserName.Trim();
        var permissions = Permissions.All.Where(p => request.Permissions!.Contains(p)).ToList();

        var user = request.Id is > 0
            ? await UpdateAsync(request.Id.Value, userName, request.Password, permissions, cancellationToken)
            : await CreateAsync(userName, request.Password!, permissions, cancellationToken);

        return mapper.Map<UserDto>(user);
    }

    private async Task<User> CreateAsync(
        string userName, string password, List<string> permissions, CancellationToken cancellationToken)
    {
        var caller = await LoadCallerAsync(cancellationToken);
        EnsureMayGrant(caller, permissions, alreadyHeld: []);
        await EnsureNameIsFreeAsync(userName, null, cancellationToken);

        var now = time.GetUtcNow();
        var user = new User
        {
            UserName = userName,
            Permissions = permissions,
            CreatedTime = now,
            UpdatedTime = now,
        };
        user.PasswordHash = hasher.Hash(user, password);
        db.Users.Add(user);
        await SaveAsync(userName, cancellationToken);
        return user;
    }

    private async Task<User> UpdateAsync(
        long id, string userName, string? password, List<string> permissions, CancellationToken cancellationToken)
    {
        // The holders stay locked until the command's transaction ends (TransactionBehaviour).
        await LastUserManagerRule.LockHoldersAsync(db, cancellationToken);

        // Read after the lock, so a caller who is concurrently losing users.manage is seen as such.
        var caller = await LoadCallerAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken)
            ?? throw new NotFoundException($"User {id} does not exist.");

        EnsureMayGrant(caller, permissions, alreadyHeld: user.Permissions);
        if (!string.IsNullOrEmpty(password))
            EnsureMaySetPassword(caller, user);

        await EnsureNameIsFreeAsync(userName, id, cancellationToken);
        if (!permissions.Contains(Permissions.UsersManage))
        {
            await LastUserManagerRule.EnsureAnotherHolderAsync(
                db,
                user,
                $"User '{user.UserName}' is the last user with the permission users.manage and must keep it; " +
                "give users.manage to another user first, or nobody could manage users any more.",
                cancellationToken);
        }

        user.UserName = userName;
        user.Permissions = permissions;
        if (!string.IsNullOrEmpty(password))
            user.PasswordHash = hasher.Hash(user, password);
        user.UpdatedTime = time.GetUtcNow();

        await SaveAsync(userName, cancellationToken);
        return user;
    }

    private async Task<User> LoadCallerAsync(CancellationToken cancellationToken) =>
        (currentUser.Id is { } callerId
            ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == callerId, cancellationToken)
            : null)
        ?? throw new UnauthenticatedException("The user of this token no longer exists; log in again.");

    /// <summary>Nobody can hand out a permission they do not hold themselves.</summary>
    private static void EnsureMayGrant(User caller, List<string> permissions, IReadOnlyCollection<string> alreadyHeld)
    {
        var lacking = permissions.Where(p => !alreadyHeld.Contains(p) && !caller.Has(p)).ToList();
        if (lacking.Count != 0)
        {
            throw new ForbiddenAccessException(
                $"You cannot grant {string.Join(", ", lacking)}: you do not hold {(lacking.Count == 1 ? "it" : "them")} yourself.");
        }
    }

    /// <summary>Whoever sets a password can log in with it, and so would hold every permission of that user.</summary>
    private static void EnsureMaySetPassword(User caller, User user)
    {
        var lacking = user.Permissions.Where(p => !caller.Has(p)).ToList();
        if (lacking.Count != 0)
        {
            throw new ForbiddenAccessException(
                $"You cannot set the password of '{user.UserName}': they hold {string.Join(", ", lacking)}, which you do not.");
        }
    }

    private async Task EnsureNameIsFreeAsync(string userName, long? exceptId, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.UserName == userName && u.Id != exceptId, cancellationToken))
            throw new ConflictException(NameTaken(userName));
    }

    private async Task SaveAsync(string userName, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e, UniqueKey.UserName))
        {
            throw new ConflictException(NameTaken(userName), e);
        }
    }

    private static string NameTaken(string userName) =>
        $"The user name '{userName}' is already taken; choose another.";
}
