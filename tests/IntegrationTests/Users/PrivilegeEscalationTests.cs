using Attachments.IntegrationTests.Envelope;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Users;

/// <summary>A user manager can hand out only what they hold themselves.</summary>
public sealed class PrivilegeEscalationTests : UsersTestBase
{
    private long _managerId;
    private HttpClient _manager = null!;

    [SetUp]
    public async Task CreateLimitedManagerAsync()
    {
        _managerId = await CreateUserAsync("limited", Password, "users.manage", "attachment.upload");
        _manager = await ClientForAsync("limited");
    }

    [TearDown]
    public void DisposeManager() => _manager.Dispose();

    [Test]
    public async Task Save_NewUserWithPermissionTheCallerLacks_Returns403NamingItAndCreatesNothing()
    {
        using var response = await SaveAsync(_manager, new
        {
            user_name = "accomplice",
            password = Password,
            permissions = new[] { "attachment.upload", "attachment.delete" },
        });

        var body = await ErrorEnvelope.AssertAsync(response, 403, ErrorEnvelope.NotAuthorised);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("attachment.delete").And.Not.Contain("attachment.upload"));
        Assert.That(await UsersNamedAsync("accomplice"), Is.Zero);
    }

    [Test]
    public async Task Save_GrantingThemselvesPermissionTheyLack_Returns403AndChangesNothing()
    {
        using var response = await SaveAsync(_manager, new
        {
            id = _managerId,
            user_name = "limited",
            permissions = new[] { "users.manage", "attachment.upload", "attachment.delete", "attachment.manage" },
        });

        var body = await ErrorEnvelope.AssertAsync(response, 403, ErrorEnvelope.NotAuthorised);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("attachment.manage").And.Contain("attachment.delete"));
        Assert.That(await PermissionsOfAsync(_managerId), Is.EqualTo(new[] { "users.manage", "attachment.upload" }));
    }

    [Test]
    public async Task Save_AddingPermissionTheCallerLacksToAnotherUser_Returns403AndChangesNothing()
    {
        var id = await CreateUserAsync("uploader", Password, "attachment.upload");

        using var response = await SaveAsync(_manager, new { id, user_name = "uploader", permissions = new[] { "attachment.upload", "attachment.delete" } });

        var body = await ErrorEnvelope.AssertAsync(response, 403, ErrorEnvelope.NotAuthorised);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("attachment.delete"));
        Assert.That(await PermissionsOfAsync(id), Is.EqualTo(new[] { "attachment.upload" }));
    }

    [Test]
    public async Task Save_PermissionsTheCallerHolds_CanBeGranted()
    {
        var user = await SaveOkAsync(_manager, new { user_name = "deputy", password = Password, permissions = new[] { "users.manage", "attachment.upload" } });

        Assert.That(PermissionsIn(user), Is.EqualTo(new[] { "attachment.upload", "users.manage" }));
    }

    [Test]
    public async Task Save_KeepingPermissionTheCallerLacks_IsNotAGrant()
    {
        var id = await CreateUserAsync("deleter", Password, "attachment.delete");

        var user = await SaveOkAsync(_manager, new { id, user_name = "deleter-renamed", permissions = new[] { "attachment.delete", "attachment.upload" } });

        Assert.That(PermissionsIn(user), Is.EqualTo(new[] { "attachment.upload", "attachment.delete" }));
        Assert.That(await PermissionsOfAsync(id), Is.EqualTo(new[] { "attachment.upload", "attachment.delete" }));
    }

    [Test]
    public async Task Save_RemovingPermissionTheCallerLacks_IsAllowed()
    {
        var id = await CreateUserAsync("deleter", Password, "attachment.delete", "attachment.upload");

        await SaveOkAsync(_manager, new { id, user_name = "deleter", permissions = new[] { "attachment.upload" } });

        Assert.That(await PermissionsOfAsync(id), Is.EqualTo(new[] { "attachment.upload" }));
    }

    [Test]
    public async Task Save_PasswordOfUserHoldingPermissionTheCallerLacks_Returns403AndKeepsTheirPassword()
    {
        var hashBefore = await PasswordHashOfAsync(1);

        using var response = await SaveAsync(_manager, new
        {
            id = 1,
            user_name = AttachmentsApiFactory.AdminUserName,
            password = "taken-over-password",
            permissions = AllPermissions,
        });

        var body = await ErrorEnvelope.AssertAsync(response, 403, ErrorEnvelope.NotAuthorised);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("attachment.delete").And.Contain("attachment.manage"));
        Assert.That(await PasswordHashOfAsync(1), Is.EqualTo(hashBefore));
        await LoginAsync(Client);
    }

    [Test]
    public async Task Save_PasswordOfUserWithFewerPermissions_IsAllowed()
    {
        var id = await CreateUserAsync("uploader", Password, "attachment.upload");

        await SaveOkAsync(_manager, new { id, user_name = "uploader", password = "reset-by-manager", permissions = new[] { "attachment.upload" } });

        await LoginAsync(Client, "uploader", "reset-by-manager");
    }

    [Test]
    public async Task Save_TheirOwnPassword_IsAllowed()
    {
        await SaveOkAsync(_manager, new { id = _managerId, user_name = "limited", password = "my-own-new-password", permissions = new[] { "users.manage", "attachment.upload" } });

        await LoginAsync(Client, "limited", "my-own-new-password");
    }
}
