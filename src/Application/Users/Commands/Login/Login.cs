using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Users.Commands.Login;

public sealed record LoginCommand(string UserName, string Password) : IRequest<LoginResult>;

public sealed record LoginResult(string Token, long ExpiresAt, string UserName, IReadOnlyList<string> Permissions);

public sealed class LoginCommandHandler(IApplicationDbContext db, IPasswordHasher hasher, ITokenService tokens)
    : IRequestHandler<LoginCommand, LoginResult>
{
    private const string WrongCredentials = "The user name or password is incorrect.";

    public async Task<LoginResult> Handle(LoginCommand request, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking()
            .FirstOrDefaultAsync(u => u.UserName == request.UserName.Trim(), cancellationToken);

        if (user is null)
        {
            // Hash anyway, so an unknown name takes as long to refuse as a wrong password.
            hasher.Hash(new User(), request.Password);
            throw new UnauthenticatedException(WrongCredentials);
        }

        if (!hasher.Verify(user, request.Password))
            throw new UnauthenticatedException(WrongCredentials);

        var token = tokens.Issue(user);
        return new LoginResult(token.Token, token.ExpiresAt.ToUnixTimeSeconds(), user.UserName, user.Permissions);
    }
}
