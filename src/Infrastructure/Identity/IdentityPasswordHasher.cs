using Attachments.Domain.Entities;
using Microsoft.AspNetCore.Identity;
using IApplicationPasswordHasher = Attachments.Application.Common.Interfaces.IPasswordHasher;

namespace Attachments.Infrastructure.Identity;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher: salted, iterated, with the format versioned in the hash.</summary>
public sealed class IdentityPasswordHasher : IApplicationPasswordHasher
{
    private readonly PasswordHasher<User> _hasher = new();

    public string Hash(User user, string password) => _hasher.HashPassword(user, password);

    public bool Verify(User user, string password) =>
        _hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
}
