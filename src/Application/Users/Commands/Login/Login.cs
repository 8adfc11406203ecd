using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Users.Commands.Login;

public sealed record LoginCommand(string UserName, string Password) : IRequest<LoginResult>;

public sealed record LoginResult(string Token, long ExpiresAt, string UserName, IReadOnlyList<string> Permissions);

public sealed class LoginCommandHandler(IApplicationDbContext db, IPasswordHasher hasher, ITokenService tokens)
    : IRequestHandler<LoginCommand, LoginResult>
{
    public async Task<LoginResult> Handle(LoginCommand request, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking()
            .FirstOrDefaultAsync(u => u.UserName == request.UserName.Trim(), cancellationToken);

        if (user is null || !hasher.Verify(user, request.Password))
            throw new UnauthenticatedException("The user name or password is incorrect.");

        var token = tokens.Issue(user);
        return new LoginResult(token.Token, token.ExpiresAt.ToUnixTimeSeconds(), user.UserName, user.Permissions);
    }
}
