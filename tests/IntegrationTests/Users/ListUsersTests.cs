using Attachments.IntegrationTests.Envelope;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Users;

public sealed class ListUsersTests : UsersTestBase
{
    [Test]
    public async Task List_AsUserManager_ReturnsEveryUserOrderedByIdWithTotal()
    {
        var editor = await CreateUserAsync("editor", Password, "attachment.upload", "attachment.manage");
        var viewer = await CreateUserAsync("viewer", Password);
        var client = await LoggedInClientAsync();

        using var response = await client.GetAsync("/api/user/list");
        var text = await response.Content.ReadAsStringAsync();
        var data = await OkDataAsync(response);
        var body = await ReadJsonAsync(response);

        var users = data.EnumerateArray().ToList();
        var createdTime = UnixSeconds(await TimeOfAsync(editor, "created_time"));
        var updatedTime = UnixSeconds(await TimeOfAsync(editor, "updated_time"));
        var hash = await PasswordHashOfAsync(editor);
        Assert.Multiple(() =>
        {
            Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "code", "msg", "data", "total", "limit" }));
            Assert.That(body.GetProperty("total").GetInt64(), Is.EqualTo(3));
            Assert.That(body.GetProperty("limit").GetInt32(), Is.EqualTo(3));
            Assert.That(users.Select(u => u.GetProperty("id").GetInt64()), Is.EqualTo(new[] { 1, editor, viewer }));
            Assert.That(users.Select(u => u.GetProperty("user_name").GetString()), Is.EqualTo(new[] { AttachmentsApiFactory.AdminUserName, "editor", "viewer" }));
            Assert.That(PermissionsIn(users[0]), Is.EquivalentTo(AllPermissions));
            Assert.That(PermissionsIn(users[1]), Is.EqualTo(new[] { "attachment.upload", "attachment.manage" }));
            Assert.That(PermissionsIn(users[2]), Is.Empty);
            Assert.That(users[1].GetProperty("created_time").GetInt64(), Is.EqualTo(createdTime));
            Assert.That(users[1].GetProperty("updated_time").GetInt64(), Is.EqualTo(updatedTime));
            Assert.That(text, Does.Not.Contain("password").IgnoreCase);
            Assert.That(text, Does.Not.Contain(hash));
        });
        foreach (var user in users)
            AssertIsUserObject(user);
    }

    [Test]
    public async Task List_WithoutToken_Returns401With1001()
    {
        using var response = await Client.GetAsync("/api/user/list");

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task List_WithoutUsersManage_Returns403With1002NamingThePermission()
    {
        await CreateUserAsync("editor", Password, "attachment.upload", "attachment.manage", "attachment.delete");
        using var client = await ClientForAsync("editor");

        using var response = await client.GetAsync("/api/user/list");

        var body = await ErrorEnvelope.AssertAsync(response, 403, ErrorEnvelope.NotAuthorised);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain("users.manage"));
    }

    [Test]
    public async Task List_WithPost_Returns405()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.PostAsync("/api/user/list", null);

        await ErrorEnvelope.AssertAsync(response, 405, ErrorEnvelope.Error);
    }
}
