namespace Attachments.Domain.Entities;

public class User
{
    public long Id { get; set; }

    public string UserName { get; set; } = string.Empty;

    public string PasswordHash { get; set; } = string.Empty;

    public List<string> Permissions { get; set; } = [];

    public DateTimeOffset CreatedTime { get; set; }

    public DateTimeOffset UpdatedTime { get; set; }

    public bool Has(string permission) => Permissions.Contains(permission);
}
