using System.Text;
using Attachments.IntegrationTests.Envelope;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Auth;

public sealed class LoginTests : AuthTestBase
{
    private const string WrongPassword = "not-the-admin-password-42";

    private static readonly string[] AllPermissions =
        ["attachment.upload", "attachment.manage", "attachment.delete", "users.manage"];

    [Test]
    public async Task Login_BootstrapAdmin_ReturnsTokenExpiryNameAndPermissions()
    {
        using var response = await PostLoginAsync(Client, AttachmentsApiFactory.AdminUserName, AttachmentsApiFactory.AdminPassword);
        var body = await ReadJsonAsync(response);

        var data = body.GetProperty("data");
        var eightHoursFromNow = DateTimeOffset.UtcNow.AddHours(8).ToUnixTimeSeconds();
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
            Assert.That(body.GetProperty("code").GetInt32(), Is.Zero);
            Assert.That(data.GetProperty("token").GetString(), Does.Match(@"^[\w-]+\.[\w-]+\.[\w-]+$"));
            Assert.That(data.GetProperty("expires_at").GetInt64(), Is.EqualTo(eightHoursFromNow).Within(120));
            Assert.That(data.GetProperty("user_name").GetString(), Is.EqualTo(AttachmentsApiFactory.AdminUserName));
            Assert.That(data.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()), Is.EquivalentTo(AllPermissions));
        });
    }

    [Test]
    public async Task Login_IssuedToken_IsHs256ForThisIssuerAndAudience()
    {
        var token = await LoginAsync(Client);

        Assert.Multiple(() =>
        {
            Assert.That(TestTokens.HeaderOf(token), Does.Contain("\"alg\":\"HS256\""));
            Assert.That(TestTokens.PayloadOf(token), Does.Contain("\"iss\":\"attachments\""));
            Assert.That(TestTokens.PayloadOf(token), Does.Contain("\"aud\":\"attachments-admin\""));
            Assert.That(TestTokens.PayloadOf(token), Does.Contain("\"sub\":\"1\""));
        });
    }

    [Test]
    public async Task Login_WrongPassword_Returns401With1001()
    {
        using var response = await PostLoginAsync(Client, AttachmentsApiFactory.AdminUserName, WrongPassword);

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task Login_UnknownUser_AnswersExactlyLikeAWrongPassword()
    {
        using var wrongPassword = await PostLoginAsync(Client, AttachmentsApiFactory.AdminUserName, WrongPassword);
        using var unknownUser = await PostLoginAsync(Client, "nobody-by-this-name", WrongPassword);

        var wrongPasswordBody = await ErrorEnvelope.AssertAsync(wrongPassword, 401, ErrorEnvelope.NotLoggedIn);
        var unknownUserBody = await ErrorEnvelope.AssertAsync(unknownUser, 401, ErrorEnvelope.NotLoggedIn);

        Assert.That(ErrorEnvelope.Msg(unknownUserBody), Is.EqualTo(ErrorEnvelope.Msg(wrongPasswordBody)));
    }

    [Test]
    public async Task Login_UserNameWithSurroundingSpaces_IsTheSameUser()
    {
        using var response = await PostLoginAsync(Client, $"  {AttachmentsApiFactory.AdminUserName} ", AttachmentsApiFactory.AdminPassword);

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    [TestCase("{}")]
    [TestCase("""{"user_name":"admin"}""")]
    [TestCase("""{"password":"admin-password-for-tests"}""")]
    [TestCase("""{"user_name":"","password":""}""")]
    [TestCase("")]
    [TestCase("""{"user_name":""")]
    [TestCase("not json at all")]
    [TestCase("[1,2]")]
    [TestCase("null")]
    [TestCase("""{"user_name":42,"password":true}""")]
    public async Task Login_MissingFieldsOrInvalidJson_Returns400WithCodeMinus1(string json)
    {
        using var response = await PostRawLoginAsync(json);

        await ErrorEnvelope.AssertAsync(response, 400, ErrorEnvelope.Error);
    }

    [Test]
    public async Task Login_AnyOutcome_NeverEchoesThePassword()
    {
        const string guess = "Guessed-Pa55word-That-Is-Unique";
        var requests = new[]
        {
            (UserName: AttachmentsApiFactory.AdminUserName, Password: AttachmentsApiFactory.AdminPassword),
            (UserName: AttachmentsApiFactory.AdminUserName, Password: guess),
            (UserName: "nobody-by-this-name", Password: guess),
            (UserName: "", Password: guess),
            (UserName: new string('u', 5000), Password: guess),
        };

        foreach (var (userName, password) in requests)
        {
            using var response = await PostLoginAsync(Client, userName, password);
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(text, Does.Not.Contain(password), $"{(int)response.StatusCode} {text}");
            if (response.IsSuccessStatusCode)
            {
                var token = (await ReadJsonAsync(response)).GetProperty("data").GetProperty("token").GetString()!;
                Assert.That(TestTokens.PayloadOf(token), Does.Not.Contain(password));
            }
        }

        using var longPassword = await PostLoginAsync(Client, AttachmentsApiFactory.AdminUserName, new string('p', 2000) + guess);
        Assert.That(await longPassword.Content.ReadAsStringAsync(), Does.Not.Contain(guess));
    }

    private Task<HttpResponseMessage> PostRawLoginAsync(string json) =>
        Client.PostAsync("/api/login", new StringContent(json, Encoding.UTF8, "application/json"));
}
