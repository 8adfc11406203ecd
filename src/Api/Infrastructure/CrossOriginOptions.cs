namespace Attachments.Api.Infrastructure;

/// <summary>Which browser origins (admin front ends) may call the API and read its answers (section <c>Cors</c>).</summary>
public sealed class CrossOriginOptions
{
    public const string SectionName = "Cors";

    /// <summary>Exact origins such as <c>https://admin.example.com</c>; empty means no cross-origin access at all.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long a browser may reuse a preflight answer.</summary>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
