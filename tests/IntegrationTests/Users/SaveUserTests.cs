using Attachments.IntegrationTests.Envelope;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Users;

public sealed class SaveUserTests : UsersTestBase
{
    [Test]
    public async Task Save_NewUser_StoresHashedPasswordAndReturnsTheUser()
    {
        var client = await LoggedInClientAsync();

        var user = await SaveOkAsync(client, new { user_name = "editor", password = Password, permissions = new[] { "attachment.upload" } });

        var id = user.GetProperty("id").GetInt64();
        var hash = await PasswordHashOfAsync(id);
        var createdTime = UnixSeconds(await TimeOfAsync(id, "created_time"));
        var updatedTime = UnixSeconds(await TimeOfAsync(id, "updated_time"));
        var stored = await PermissionsOfAsync(id);
        AssertIsUserObject(user);
        Assert.Multiple(() =>
        {
            Assert.That(id, Is.EqualTo(2));
            Assert.That(user.GetProperty("user_name").GetString(), Is.EqualTo("editor"));
            Assert.That(PermissionsIn(user), Is.EqualTo(new[] { "attachment.upload" }));
            Assert.That(user.GetProperty("created_time").GetInt64(), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(60));
            Assert.That(user.GetProperty("created_time").GetInt64(), Is.EqualTo(createdTime));
            Assert.That(user.GetProperty("updated_time").GetInt64(), Is.EqualTo(updatedTime));
            Assert.That(createdTime, Is.EqualTo(updatedTime));
            Assert.That(stored, Is.EqualTo(new[] { "attachment.upload" }));
            Assert.That(hash, Does.StartWith("AQAAAA").And.Not.Contain(Password));
        });
    }

    [Test]
    public async Task Save_NewUser_CanLogInAndUseExactlyThePermissionsGranted()
    {
        var admin = await LoggedInClientAsync();
        await SaveOkAsync(admin, new { user_name = "uploader", password = Password, permissions = new[] { "attachment.upload" } });

        using var client = await ClientForAsync("uploader");
        using var upload = await UploadAsync(client, TestFiles.Pdf(), "report.pdf");
        using var list = await client.GetAsync("/api/user/list");

        Assert.That((int)upload.StatusCode, Is.EqualTo(200), await upload.Content.ReadAsStringAsync());
        await ErrorEnvelope.AssertAsync(list, 403, ErrorEnvelope.NotAuthorised);
    }

    [Test]
    public async Task Save_IdZero_CreatesANewUser()
    {
        var client = await LoggedInClientAsync();

        var user = await SaveOkAsync(client, new { id = 0, user_name = "editor", password = Password, permissions = Array.Empty<string>() });

        Assert.That(user.GetProperty("id").GetInt64(), Is.EqualTo(2));
        Assert.That(await CountUsersAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task Save_DuplicatedPermissions_AreStoredOnceInCanonicalOrder()
    {
        var client = await LoggedInClientAsync();

        var user = await SaveOkAsync(client, new
        {
            user_name = "editor",
            password = Password,
            permissions = new[] { "attachment.delete", "attachment.upload", "attachment.delete", "attachment.upload" },
        });

        var expected = new[] { "attachment.upload", "attachment.delete" };
        Assert.That(PermissionsIn(user), Is.EqualTo(expected));
        Assert.That(await PermissionsOfAsync(user.GetProperty("id").GetInt64()), Is.EqualTo(expected));
    }

    [Test]
    public async Task Save_UserNameWithSurroundingSpaces_IsStoredTrimmed()
    {
        var client = await LoggedInClientAsync();

        var user = await SaveOkAsync(client, new { user_name = "  Zoë Müller\t", password = Password, permissions = Array.Empty<string>() });

        Assert.That(user.GetProperty("user_name").GetString(), Is.EqualTo("Zoë Müller"));
        Assert.That(await UsersNamedAsync("Zoë Müller"), Is.EqualTo(1));
        await LoginAsync(Client, "Zoë Müller", Password);
    }

    [Test]
    public async Task Save_UserNameOfExactlyMaxLength_IsAccepted()
    {
        var client = await LoggedInClientAsync();
        var name = new string('n', 64);

        await SaveOkAsync(client, new { user_name = name, password = Password, permissions = Array.Empty<string>() });

        Assert.That(await UsersNamedAsync(name), Is.EqualTo(1));
    }

    [Test]
    public async Task Save_PasswordOfMinimumAndMaximumLength_IsAccepted()
    {
        var client = await LoggedInClientAsync();
        var longest = new string('p', 1024);

        await SaveOkAsync(client, new { user_name = "short", password = "12345678", permissions = Array.Empty<string>() });
        await SaveOkAsync(client, new { user_name = "long", password = longest, permissions = Array.Empty<string>() });

        await LoginAsync(Client, "short", "12345678");
        await LoginAsync(Client, "long", longest);
    }

    [Test]
    public async Task Save_ExistingUser_UpdatesNameAndPermissionsButNotCreatedTime()
    {
        var id = await CreateUserAsync("editor", Password, "attachment.upload");
        await ExecuteAsync("update users set created_time = now() - interval '1 day', updated_time = now() - interval '1 day'");
        var createdBefore = await TimeOfAsync(id, "created_time");
        var client = await LoggedInClientAsync();

        var user = await SaveOkAsync(client, new { id, user_name = "chief-editor", permissions = new[] { "attachment.manage", "attachment.upload" } });

        var updatedAfter = await TimeOfAsync(id, "updated_time");
        var permissions = await PermissionsOfAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(user.GetProperty("id").GetInt64(), Is.EqualTo(id));
            Assert.That(user.GetProperty("user_name").GetString(), Is.EqualTo("chief-editor"));
            Assert.That(PermissionsIn(user), Is.EqualTo(new[] { "attachment.upload", "attachment.manage" }));
            Assert.That(permissions, Is.EqualTo(new[] { "attachment.upload", "attachment.manage" }));
            Assert.That(user.GetProperty("created_time").GetInt64(), Is.EqualTo(UnixSeconds(createdBefore)));
            Assert.That(user.GetProperty("updated_time").GetInt64(), Is.EqualTo(UnixSeconds(updatedAfter)));
            Assert.That(updatedAfter, Is.EqualTo(DateTime.UtcNow).Within(TimeSpan.FromMinutes(1)));
        });
        AssertIsUserObject(user);
    }

    [TestCase("absent")]
    [TestCase("")]
    [TestCase(null)]
    public async Task Save_ExistingUserWithoutPassword_KeepsTheirPassword(string? password)
    {
        var id = await CreateUserAsync("editor", Password, "attachment.upload");
        var hashBefore = await PasswordHashOfAsync(id);
        var client = await LoggedInClientAsync();

        object body = password == "absent"
            ? new { id, user_name = "editor", permissions = new[] { "attachment.manage" } }
            : new { id, user_name = "editor", password, permissions = new[] { "attachment.manage" } };
        await SaveOkAsync(client, body);

        Assert.That(await PasswordHashOfAsync(id), Is.EqualTo(hashBefore));
        await LoginAsync(Client, "editor", Password);
    }

    [Test]
    public async Task Save_ExistingUserWithNewPassword_ReplacesTheOldOne()
    {
        const string newPassword = "a-brand-new-password";
        var id = await CreateUserAsync("editor", Password, "attachment.upload");
        var client = await LoggedInClientAsync();

        await SaveOkAsync(client, new { id, user_name = "editor", password = newPassword, permissions = new[] { "attachment.upload" } });

        using var oldLogin = await PostLoginAsync(Client, "editor", Password);
        await ErrorEnvelope.AssertAsync(oldLogin, 401, ErrorEnvelope.NotLoggedIn);
        await LoginAsync(Client, "editor", newPassword);
    }

    [Test]
    public async Task Save_PermissionRemoved_AppliesToTheUsersExistingToken()
    {
        var id = await CreateUserAsync("uploader", Password, "attachment.upload");
        using var uploader = await ClientForAsync("uploader");
        var admin = await LoggedInClientAsync();

        await SaveOkAsync(admin, new { id, user_name = "uploader", permissions = Array.Empty<string>() });
        using var upload = await UploadAsync(uploader, TestFiles.Pdf(), "report.pdf");

        await ErrorEnvelope.AssertAsync(upload, 403, ErrorEnvelope.NotAuthorised);
    }

    [Test]
    public async Task Save_RenameToItsOwnName_IsNotAConflict()
    {
        var id = await CreateUserAsync("editor", Password);
        var client = await LoggedInClientAsync();

        await SaveOkAsync(client, new { id, user_name = " editor ", permissions = Array.Empty<string>() });

        Assert.That(await UsersNamedAsync("editor"), Is.EqualTo(1));
    }

    [Test]
    public async Task Save_WithoutToken_Returns401With1001()
    {
        using var response = await SaveAsync(Client, new { user_name = "editor", password = Password, permissions = Array.Empty<string>() });

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
        Assert.That(await CountUsersAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Save_WithoutUsersManage_Returns403With1002AndChangesNothing()
    {
        var id = await CreateUserAsync("editor", Password, "attachment.upload", "attachment.manage", "attachment.delete");
        using var client = await ClientForAsync("editor");

        using var create = await SaveAsync(client, new { user_name = "other", password = Password, permissions = Array.Empty<string>() });
        using var promote = await SaveAsync(client, new { id, user_name = "editor", permissions = AllPermissions });

        var body = await ErrorEnvelope.AssertAsync(create, 403, ErrorEnvelope.NotAuthorised);
        await ErrorEnvelope.AssertAsync(promote, 403, ErrorEnvelope.NotAuthorised);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("users.manage"));
        Assert.That(await CountUsersAsync(), Is.EqualTo(2));
        Assert.That(await PermissionsOfAsync(id), Is.EqualTo(new[] { "attachment.upload", "attachment.manage", "attachment.delete" }));
    }

    [Test]
    public async Task Save_UnknownId_Returns404()
    {
        var client = await LoggedInClientAsync();

        using var response = await SaveAsync(client, new { id = 999, user_name = "ghost", password = Password, permissions = Array.Empty<string>() });

        var body = await ErrorEnvelope.AssertAsync(response, 404, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("999"));
        Assert.That(await CountUsersAsync(), Is.EqualTo(1));
    }

    [TestCase("""{"password":"user-password-123","permissions":[]}""", "user_name")]
    [TestCase("""{"user_name":"","password":"user-password-123","permissions":[]}""", "user_name")]
    [TestCase("""{"user_name":"   ","password":"user-password-123","permissions":[]}""", "user_name")]
    [TestCase("""{"user_name":"a\u0000b","password":"user-password-123","permissions":[]}""", "user_name")]
    [TestCase("""{"user_name":"a\nb","password":"user-password-123","permissions":[]}""", "user_name")]
    [TestCase("""{"user_name":"a\u007fb","password":"user-password-123","permissions":[]}""", "user_name")]
    [TestCase("""{"user_name":"editor","permissions":[]}""", "password")]
    [TestCase("""{"user_name":"editor","password":"","permissions":[]}""", "password")]
    [TestCase("""{"user_name":"editor","password":null,"permissions":[]}""", "password")]
    [TestCase("""{"user_name":"editor","password":"1234567","permissions":[]}""", "password")]
    [TestCase("""{"user_name":"editor","password":"user-password-123"}""", "permissions")]
    [TestCase("""{"user_name":"editor","password":"user-password-123","permissions":null}""", "permissions")]
    [TestCase("""{"user_name":"editor","password":"user-password-123","permissions":[null]}""", "permissions")]
    [TestCase("""{"user_name":"editor","password":"user-password-123","permissions":[""]}""", "permissions")]
    [TestCase("""{"user_name":"editor","password":"user-password-123","permissions":["Attachment.Upload"]}""", "Attachment.Upload")]
    [TestCase("""{"id":-1,"user_name":"editor","password":"user-password-123","permissions":[]}""", "id")]
    [TestCase("""{"id":"abc","user_name":"editor","password":"user-password-123","permissions":[]}""", "id")]
    [TestCase("""{"user_name":"editor","password":"user-password-123","permissions":"attachment.upload"}""", "permissions")]
    [TestCase("""{"user_name":"editor","password":12345678,"permissions":[]}""", "password")]
    [TestCase("""{"user_name":"editor","password":"user-password-123","permissions":[]""", "")]
    [TestCase("", "")]
    [TestCase("[]", "")]
    public async Task Save_InvalidInput_Returns400NamingTheFieldAndCreatesNothing(string json, string named)
    {
        var client = await LoggedInClientAsync();

        using var response = await SaveRawAsync(client, json);

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain(named));
        Assert.That(await CountUsersAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Save_UserNameLongerThan64_Returns400()
    {
        var client = await LoggedInClientAsync();

        using var response = await SaveAsync(client, new { user_name = new string('n', 65), password = Password, permissions = Array.Empty<string>() });

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("user_name").And.Contain("64"));
    }

    [Test]
    public async Task Save_PasswordLongerThan1024_Returns400()
    {
        var client = await LoggedInClientAsync();

        using var response = await SaveAsync(client, new { user_name = "editor", password = new string('p', 1025), permissions = Array.Empty<string>() });

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("password").And.Contain("1024"));
        Assert.That(await CountUsersAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Save_ExistingUserWithTooShortPassword_Returns400AndKeepsTheOldOne()
    {
        var id = await CreateUserAsync("editor", Password);
        var hashBefore = await PasswordHashOfAsync(id);
        var client = await LoggedInClientAsync();

        using var response = await SaveAsync(client, new { id, user_name = "editor", password = "short", permissions = Array.Empty<string>() });

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("password"));
        Assert.That(await PasswordHashOfAsync(id), Is.EqualTo(hashBefore));
    }

    [Test]
    public async Task Save_UnknownPermission_Returns400NamingItAndTheKnownOnes()
    {
        var client = await LoggedInClientAsync();

        using var response = await SaveAsync(client, new
        {
            user_name = "editor",
            password = Password,
            permissions = new[] { "attachment.upload", "attachment.publish" },
        });

        var body = await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("'attachment.publish'").And.Contain("users.manage"));
        Assert.That(await CountUsersAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Save_NewUserWithTakenName_Returns409()
    {
        await CreateUserAsync("editor", Password);
        var client = await LoggedInClientAsync();

        using var response = await SaveAsync(client, new { user_name = " editor ", password = "another-password", permissions = Array.Empty<string>() });

        var body = await ErrorEnvelope.AssertAsync(response, 409, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("'editor'"));
        Assert.That(await UsersNamedAsync("editor"), Is.EqualTo(1));
    }

    [Test]
    public async Task Save_RenameToTakenName_Returns409AndKeepsBothUsers()
    {
        var id = await CreateUserAsync("editor", Password);
        var client = await LoggedInClientAsync();

        using var response = await SaveAsync(client, new { id, user_name = AttachmentsApiFactory.AdminUserName, permissions = Array.Empty<string>() });

        await ErrorEnvelope.AssertAsync(response, 409, ErrorEnvelope.Error);
        Assert.That(await UsersNamedAsync("editor"), Is.EqualTo(1));
        Assert.That(await UsersNamedAsync(AttachmentsApiFactory.AdminUserName), Is.EqualTo(1));
    }

    [Test]
    public async Task Save_SameNewNameInParallel_OneIsCreatedTheOthersGet409()
    {
        var token = await LoginAsync(Client);
        var clients = Enumerable.Range(0, 8).Select(_ => ClientWithToken(token)).ToList();
        var start = new TaskCompletionSource();

        var requests = clients.Select(async client =>
        {
            await start.Task;
            return await SaveAsync(client, new { user_name = "racer", password = Password, permissions = Array.Empty<string>() });
        }).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(requests);

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.That(statuses.Count(s => s == 200), Is.EqualTo(1), string.Join(",", statuses));
        foreach (var response in responses.Where(r => (int)r.StatusCode != 200))
            await ErrorEnvelope.AssertAsync(response, 409, ErrorEnvelope.Error);
        Assert.That(await UsersNamedAsync("racer"), Is.EqualTo(1));

        foreach (var response in responses)
            response.Dispose();
        foreach (var client in clients)
            client.Dispose();
    }
}
