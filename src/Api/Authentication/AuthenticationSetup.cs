using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Attachments.Api.Envelope;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Constants;
using Attachments.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Attachments.Api.Authentication;

public static class AuthenticationSetup
{
    /// <summary>The header AnqiCMS's admin front ends send the token in (its <c>middleware/auth.go</c>), instead of Authorization.</summary>
    public const string AdminTokenHeader = "admin";

    public static IServiceCollection AddTokenAuthentication(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        auth.SigningKey = CheckedSigningKey(auth.SigningKey, environment);
        services.PostConfigure<AuthOptions>(o => o.SigningKey = auth.SigningKey);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = JwtTokenService.ValidationParameters(auth);
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ReadAdminHeaderToken,
                    OnTokenValidated = RefreshFromDatabaseAsync,
                    OnChallenge = WriteNotLoggedInAsync,
                    OnForbidden = WriteNotAuthorisedAsync,
                };
            });

        services.AddAuthorizationBuilder().AddPermissionPolicies();
        return services;
    }

    private static AuthorizationBuilder AddPermissionPolicies(this AuthorizationBuilder builder)
    {
        foreach (var permission in Permissions.All)
            builder.AddPolicy(permission, policy => policy.RequireClaim(JwtTokenService.PermissionClaim, permission));

        return builder;
    }

    private static string CheckedSigningKey(string key, IHostEnvironment environment)
    {
        if (Encoding.UTF8.GetByteCount(key) >= AuthOptions.MinimumSigningKeyBytes)
            return key;

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Auth:SigningKey (environment variable Auth__SigningKey) must be at least {AuthOptions.MinimumSigningKeyBytes} bytes; " +
                "generate one with: openssl rand -base64 48");
        }

        // Development only: tokens stop working at every restart, which is acceptable there.
        return Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    }

    /// <summary>Without an Authorization header, the token may come in the <c>admin</c> header, bare or as <c>Bearer …</c>.</summary>
    private static Task ReadAdminHeaderToken(MessageReceivedContext context)
    {
        var headers = context.Request.Headers;
        if (headers.Authorization.Count == 0 && headers[AdminTokenHeader].FirstOrDefault() is { Length: > 0 } value)
        {
            const string bearer = "Bearer ";
            var token = value.Trim();
            context.Token = token.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? token[bearer.Length..].Trim() : token;
        }

        return Task.CompletedTask;
    }

    /// <summary>A token outlives changes to its user: a deleted user is logged out, permissions are the current ones.</summary>
    private static async Task RefreshFromDatabaseAsync(TokenValidatedContext context)
    {
        var subject = context.Principal?.FindFirstValue(JwtRegisteredClaimNames.Sub);
        var db = context.HttpContext.RequestServices.GetRequiredService<IApplicationDbContext>();
        var user = long.TryParse(subject, out var id)
            ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, context.HttpContext.RequestAborted)
            : null;

        if (user is null)
        {
            context.Fail("The user of this token no longer exists.");
            return;
        }

        var claims = context.Principal!.Claims.Where(c => c.Type != JwtTokenService.PermissionClaim).ToList();
        claims.AddRange(user.Permissions.Select(p => new Claim(JwtTokenService.PermissionClaim, p)));
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            claims, context.Scheme.Name, JwtRegisteredClaimNames.UniqueName, ClaimTypes.Role));
    }

    private static async Task WriteNotLoggedInAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var message = context.AuthenticateFailure is null
            ? "Log in first: send the token from POST /api/login as 'Authorization: Bearer <token>' (or in an 'admin' header)."
            : "The token is invalid or has expired; log in again.";
        await Writer(context.HttpContext).WriteErrorAsync(context.HttpContext, StatusCodes.Status401Unauthorized, message);
    }

    private static Task WriteNotAuthorisedAsync(ForbiddenContext context)
    {
        var permissions = context.HttpContext.GetEndpoint()?.Metadata
            .GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy).OfType<string>() ?? [];
        var needed = string.Join(", ", permissions);
        var message = needed.Length == 0
            ? "You are not allowed to do this."
            : $"You are not allowed to do this; it needs the permission {needed}.";
        return Writer(context.HttpContext).WriteErrorAsync(context.HttpContext, StatusCodes.Status403Forbidden, message);
    }

    private static EnvelopeWriter Writer(HttpContext context) =>
        context.RequestServices.GetRequiredService<EnvelopeWriter>();
}
