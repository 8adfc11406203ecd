using System.Security.Claims;
using System.Text;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Attachments.Infrastructure.Identity;

public sealed class JwtTokenService(IOptions<AuthOptions> options, TimeProvider time) : ITokenService
{
    public IssuedToken Issue(User user)
    {
        var auth = options.Value;
        var now = time.GetUtcNow();
        var expires = now.Add(auth.TokenLifetime);
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(JwtRegisteredClaimNames.UniqueName, user.UserName),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(user.Permissions.Select(p => new Claim(ITokenService.PermissionClaim, p)));

        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(auth), SecurityAlgorithms.HmacSha256),
        };

        return new IssuedToken(new JsonWebTokenHandler().CreateToken(descriptor), expires);
    }

    public static SymmetricSecurityKey SigningKey(AuthOptions auth) => new(Encoding.UTF8.GetBytes(auth.SigningKey));

    public static TokenValidationParameters ValidationParameters(AuthOptions auth) => new()
    {
        ValidateIssuer = true,
        ValidIssuer = auth.Issuer,
        ValidateAudience = true,
        ValidAudience = auth.Audience,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = auth.ClockSkew,
        ValidateIssuerSigningKey = true,
        IssuerSigningKey = SigningKey(auth),
        // Pinned: a token must not be able to choose its own algorithm ("none", RS/HS confusion).
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = JwtRegisteredClaimNames.UniqueName,
    };
}
