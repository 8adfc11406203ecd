using System.Security.Claims;
using Attachments.Application.Common.Interfaces;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Attachments.Api.Authentication;

public sealed class CurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public long? Id =>
        long.TryParse(accessor.HttpContext?.User.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id) ? id : null;
}
