using Attachments.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Attachments.IntegrationTests.Auth;

public sealed class StartupTests : AuthTestBase
{
    private const string ChangedPassword = "changed-by-the-admin-later";

    private static readonly string[] AllPermissions =
        ["attachment.upload", "attachment.manage", "attachment.delete", "users.manage"];

    [Test]
    public async Task Startup_OutsideDevelopmentWithShortSigningKey_RefusesToStart()
    {
        await using var factory = new ProductionApiFactory("short");

        var failure = Assert.Catch(() => factory.CreateClient());

        Assert.That(AllMessages(failure), Does.Contain("Auth__SigningKey"));
    }

    [Test]
    public async Task Startup_OutsideDevelopmentWithLongSigningKey_Starts()
    {
        await using var factory = new ProductionApiFactory(AttachmentsApiFactory.SigningKey);
        using var client = factory.CreateClient();

        var token = await LoginAsync(client);

        Assert.That(token, Is.Not.Empty);
    }

    [Test]
    public async Task Startup_WhenAUserExists_KeepsTheChangedAdminPassword()
    {
        await QueryScalarAsync<long>(
            "update users set password_hash = @hash where user_name = @name returning id",
            ("hash", HashOf(ChangedPassword)), ("name", AttachmentsApiFactory.AdminUserName));

        using var client = FactoryWith().CreateClient();
        using var oldPassword = await PostLoginAsync(client, AttachmentsApiFactory.AdminUserName, AttachmentsApiFactory.AdminPassword);

        Assert.Multiple(async () =>
        {
            Assert.That((int)oldPassword.StatusCode, Is.EqualTo(401));
            Assert.That(await LoginAsync(client, AttachmentsApiFactory.AdminUserName, ChangedPassword), Is.Not.Empty);
            Assert.That(await CountUsersAsync(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Startup_WhenAUserExists_DoesNotCreateAnotherBootstrapAdmin()
    {
        using var client = FactoryWith(
            ("Auth:BootstrapAdmin:UserName", "second-admin"),
            ("Auth:BootstrapAdmin:Password", "second-admin-password")).CreateClient();

        using var response = await PostLoginAsync(client, "second-admin", "second-admin-password");

        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(401));
            Assert.That(await CountUsersAsync(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Startup_WithNoUsers_CreatesTheBootstrapAdminWithEveryPermission()
    {
        await ExecuteAsync("TRUNCATE users RESTART IDENTITY CASCADE");

        using var client = FactoryWith(
            ("Auth:BootstrapAdmin:UserName", "first-admin"),
            ("Auth:BootstrapAdmin:Password", "first-admin-password")).CreateClient();

        Assert.Multiple(async () =>
        {
            Assert.That(await LoginAsync(client, "first-admin", "first-admin-password"), Is.Not.Empty);
            Assert.That(await CountUsersAsync(), Is.EqualTo(1));
            Assert.That(
                await QueryScalarAsync<string[]>("select permissions from users"),
                Is.EquivalentTo(AllPermissions));
        });
    }

    private static string AllMessages(Exception? exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate)
                messages.AddRange(aggregate.InnerExceptions.Select(inner => AllMessages(inner)));
        }

        return string.Join(Environment.NewLine, messages);
    }

    /// <summary>The API as deployed: the Production environment and only the settings given here (and the run's storage mode).</summary>
    private sealed class ProductionApiFactory(string signingKey) : WebApplicationFactory<Program>
    {
        private readonly string _storageRoot = Directory.CreateTempSubdirectory("attachments-production-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Attachments", TestEnvironment.ConnectionString);
            builder.UseSetting("Storage:Root", _storageRoot);
            foreach (var (key, value) in TestStorage.For(_storageRoot).Settings)
                builder.UseSetting(key, value);
            builder.UseSetting("Auth:SigningKey", signingKey);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            TestStorage.Discard(_storageRoot);
        }
    }
}
