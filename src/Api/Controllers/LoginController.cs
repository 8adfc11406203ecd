using Attachments.Api.Envelope;
using Attachments.Api.RateLimiting;
using Attachments.Application.Users.Commands.Login;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Attachments.Api.Controllers;

[Route("api")]
public sealed class LoginController : ApiControllerBase
{
    [HttpPost("login")]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimitSetup.LoginPolicy)]
    public async Task<ApiResponse<LoginResult>> Login(LoginRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Ok(await Mediator.Send(new LoginCommand(request.UserName ?? string.Empty, request.Password ?? string.Empty), cancellationToken));
}

public sealed record LoginRequest(string? UserName, string? Password);
