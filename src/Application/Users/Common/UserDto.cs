namespace Attachments.Application.Users.Common;

/// <summary>A user as user management shows it (serialised snake_case); never the password or its hash.</summary>
public sealed class UserDto
{
    public long Id { get; init; }

    public string UserName { get; init; } = string.Empty;

    public IReadOnlyList<string> Permissions { get; init; } = [];

    public long CreatedTime { get; init; }

    public long UpdatedTime { get; init; }
}
