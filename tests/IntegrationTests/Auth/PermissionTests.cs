using Attachments.IntegrationTests.Envelope;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Auth;

public sealed class PermissionTests : AuthTestBase
{
    private const string Password = "editor-password-123";

    [Test]
    public async Task Upload_UserWithoutUploadPermission_Returns403With1002NamingThePermission()
    {
        await CreateUserAsync("editor", Password, "attachment.manage", "attachment.delete");
        var token = await LoginAsync(Client, "editor", Password);

        using var response = await UploadWithTokenAsync(token);

        var body = await ErrorEnvelope.AssertAsync(response, 403, ErrorEnvelope.NotAuthorised);
        Assert.Multiple(async () =>
        {
            Assert.That(ErrorEnvelope.Msg(body), Does.Contain("attachment.upload"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
            Assert.That(Storage.Files(), Is.Empty);
        });
    }

    [Test]
    public async Task Upload_UserWithOnlyUploadPermission_IsAccepted()
    {
        var id = await CreateUserAsync("uploader", Password, "attachment.upload");
        var token = await LoginAsync(Client, "uploader", Password);

        using var response = await UploadWithTokenAsync(token);

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        Assert.That(await QueryScalarAsync<long>("select user_id from attachments"), Is.EqualTo(id));
    }

    [Test]
    public async Task Upload_TokenOfUserDeletedAfterLogin_Returns401With1001()
    {
        var id = await CreateUserAsync("leaver", Password, "attachment.upload");
        var token = await LoginAsync(Client, "leaver", Password);
        await QueryScalarAsync<long>("delete from users where id = @id returning id", ("id", id));

        using var response = await UploadWithTokenAsync(token);

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
        Assert.That(Storage.Files(), Is.Empty);
    }

    [Test]
    public async Task Upload_PermissionRemovedAfterLogin_Returns403OnTheNextRequest()
    {
        var id = await CreateUserAsync("demoted", Password, "attachment.upload");
        var token = await LoginAsync(Client, "demoted", Password);
        using (var before = await UploadWithTokenAsync(token))
            Assert.That((int)before.StatusCode, Is.EqualTo(200), await before.Content.ReadAsStringAsync());

        await QueryScalarAsync<long>("update users set permissions = '{}' where id = @id returning id", ("id", id));
        using var after = await UploadWithTokenAsync(token);

        await ErrorEnvelope.AssertAsync(after, 403, ErrorEnvelope.NotAuthorised);
    }

    [Test]
    public async Task Upload_PermissionGrantedAfterLogin_TakesEffectWithoutNewLogin()
    {
        var id = await CreateUserAsync("promoted", Password);
        var token = await LoginAsync(Client, "promoted", Password);

        await QueryScalarAsync<long>("update users set permissions = '{attachment.upload}' where id = @id returning id", ("id", id));
        using var response = await UploadWithTokenAsync(token);

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Users_PasswordHash_IsAnIdentityV3HashNotThePassword()
    {
        var hash = await QueryScalarAsync<string>(
            "select password_hash from users where user_name = @name", ("name", AttachmentsApiFactory.AdminUserName));

        var bytes = Convert.FromBase64String(hash);
        Assert.Multiple(() =>
        {
            Assert.That(hash, Is.Not.EqualTo(AttachmentsApiFactory.AdminPassword));
            Assert.That(hash, Does.Not.Contain(AttachmentsApiFactory.AdminPassword));
            Assert.That(hash, Does.StartWith("AQAAAA"));
            Assert.That(bytes[0], Is.EqualTo(0x01), "Identity v3 format marker");
            Assert.That(bytes, Has.Length.GreaterThanOrEqualTo(13 + 16 + 32), "header, salt and subkey");
        });
    }

    [Test]
    public async Task Users_SamePasswordTwice_GetsDifferentSaltedHashes()
    {
        await CreateUserAsync("twin", AttachmentsApiFactory.AdminPassword);

        var distinct = await QueryScalarAsync<long>("select count(distinct password_hash) from users");

        Assert.That(distinct, Is.EqualTo(2));
    }
}
