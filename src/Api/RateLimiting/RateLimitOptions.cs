namespace Attachments.Api.RateLimiting;

public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Login attempts per client address.</summary>
    public WindowLimit Login { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Uploads (both dialects, chunk parts included) per user.</summary>
    public WindowLimit Upload { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };
}

public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}
