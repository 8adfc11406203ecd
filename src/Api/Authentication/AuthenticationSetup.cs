using System.Security.Claims;
using Attachments.Api.Envelope;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Users.Queries.GetUserPermissions;
using Attachments.Domain.Constants;
using MediatR;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Attachments.Api.Authentication;

/// <summary>
/// Bearer tokens read from either header, refreshed from the database on every request, and 401/403 answered
/// in the envelope. How the tokens are validated is wired in by <c>Composition.TokenValidationSetup</c>.
/// </summary>
public static class AuthenticationSetup
{
    /// <summary>The header AnqiCMS's admin front ends send the token in (its <c>middleware/auth.go</c>), instead of Authorization.</summary>
    public const string AdminTokenHeader = "admin";

    public static IServiceCollection AddTokenAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
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
            builder.AddPolicy(permission, policy => policy.RequireClaim(ITokenService.PermissionClaim, permission));

        return builder;
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
        var mediator = context.HttpContext.RequestServices.GetRequiredService<IMediator>();
        var permissions = long.TryParse(subject, out var id)
            ? await mediator.Send(new GetUserPermissionsQuery(id), context.HttpContext.RequestAborted)
            : null;

        if (permissions is null)
        {
            context.Fail("The user of this token no longer exists.");
            return;
        }

        var claims = context.Principal!.Claims.Where(c => c.Type != ITokenService.PermissionClaim).ToList();
        claims.AddRange(permissions.Select(p => new Claim(ITokenService.PermissionClaim, p)));
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
