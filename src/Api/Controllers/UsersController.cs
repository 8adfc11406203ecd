using Attachments.Api.Envelope;
using Attachments.Application.Users.Commands.DeleteUser;
using Attachments.Application.Users.Commands.SaveUser;
using Attachments.Application.Users.Common;
using Attachments.Application.Users.Queries.ListUsers;
using Attachments.Domain.Constants;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Attachments.Api.Controllers;

[Route("api/user")]
[Authorize(Policy = Permissions.UsersManage)]
public sealed class UsersController : ApiControllerBase
{
    [HttpGet("list")]
    public async Task<ApiListResponse<UserDto>> List(CancellationToken cancellationToken)
    {
        var users = await Mediator.Send(new ListUsersQuery(), cancellationToken);
        return new ApiListResponse<UserDto>(users, users.Count, users.Count);
    }

    [HttpPost("save")]
    public async Task<ApiResponse<UserDto>> Save(SaveUserRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Ok(await Mediator.Send(
            new SaveUserCommand(request.Id, request.UserName ?? string.Empty, request.Password, request.Permissions),
            cancellationToken));

    [HttpPost("delete")]
    public async Task<ApiResponse<object?>> Delete(DeleteUserRequest request, CancellationToken cancellationToken)
    {
        await Mediator.Send(new DeleteUserCommand(request.Id ?? 0), cancellationToken);
        return ApiResponse.Ok<object?>(null);
    }
}

public sealed record SaveUserRequest(long? Id, string? UserName, string? Password, IReadOnlyList<string?>? Permissions);

public sealed record DeleteUserRequest(long? Id);
