using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Attachments.IntegrationTests.Support;

/// <summary>
/// The real API in-process, against a real PostgreSQL database and a real storage folder; in the S3 storage mode with
/// <c>Storage:Provider=S3</c> on a prefix of the run's bucket as well (<see cref="TestStorage"/>).
/// </summary>
internal sealed class AttachmentsApiFactory(string connectionString, string storageRoot, IReadOnlyDictionary<string, string?>? overrides = null)
    : WebApplicationFactory<Program>
{
    public const string AdminUserName = "admin";
    public const string AdminPassword = "admin-password-for-tests";
    public const string SigningKey = "integration-tests-signing-key-0123456789abcdef";

    public string StorageRoot { get; } = storageRoot;

    /// <summary>What this instance stores, as the tests inspect and arrange it; shared with every instance on the same root.</summary>
    public TestStorage Storage { get; } = TestStorage.For(storageRoot);

    public string ConnectionString { get; } = connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Attachments", ConnectionString);
        builder.UseSetting("Storage:Root", StorageRoot);
        foreach (var (key, value) in Storage.Settings)
            builder.UseSetting(key, value);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Auth:BootstrapAdmin:UserName", AdminUserName);
        builder.UseSetting("Auth:BootstrapAdmin:Password", AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // One admin uploads and logs in all through the run; the limits' own tests set small ones.
        builder.UseSetting("RateLimits:Login:PermitLimit", "100000");
        builder.UseSetting("RateLimits:Upload:PermitLimit", "100000");
        builder.UseSetting("RateLimits:UploadPerAddress:PermitLimit", "100000");
        builder.UseSetting("RateLimits:LoginPerUserName:PermitLimit", "100000");
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
    }
}
