namespace Attachments.Api.RateLimiting;

public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Login attempts per client address.</summary>
    public WindowLimit Login { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>
    /// Login attempts per user name, from any address: credential stuffing spreads the guesses for one name
    /// over many addresses. Every attempt counts, successful ones included.
    /// </summary>
    public WindowLimit LoginPerUserName { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(5) };

    /// <summary>Uploads (both dialects, chunk parts included) per user.</summary>
    public WindowLimit Upload { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };

    /// <summary>
    /// Uploads per client address, on top of the per-user limit: bounds what many accounts (or stolen tokens) can
    /// push from one address. Generous, because an office behind one NAT address shares it.
    /// </summary>
    public WindowLimit UploadPerAddress { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };
}

public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}
