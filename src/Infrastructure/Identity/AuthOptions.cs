namespace Attachments.Infrastructure.Identity;

public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>HMAC-SHA256 key; at least <see cref="MinimumSigningKeyBytes"/> bytes of UTF-8.</summary>
    public string SigningKey { get; set; } = string.Empty;

    public string Issuer { get; set; } = "attachments";

    public string Audience { get; set; } = "attachments-admin";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();

    public const int MinimumSigningKeyBytes = 32;
}

public sealed class BootstrapAdminOptions
{
    public string? UserName { get; set; }

    public string? Password { get; set; }
}
