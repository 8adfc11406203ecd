using Attachments.IntegrationTests.Envelope;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Auth;

/// <summary>Admin front ends written for AnqiCMS send the token in a header named <c>admin</c>; they work unchanged.</summary>
public sealed class AdminHeaderTests : AuthTestBase
{
    [TestCase("{0}", TestName = "{m}(bare token)")]
    [TestCase("Bearer {0}", TestName = "{m}(Bearer token)")]
    public async Task Upload_WithTheTokenInAnAdminHeader_IsAcceptedAsTheUser(string format)
    {
        var id = await CreateUserAsync("anqi-editor", "anqi-editor-password", "attachment.upload");
        var token = await LoginAsync(Client, "anqi-editor", "anqi-editor-password");
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add("admin", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, token));

        var uploaded = await UploadOkAsync(client, TestFiles.Pdf(), "report.pdf");
        using var list = await client.GetAsync("/api/attachment/list");

        Assert.Multiple(async () =>
        {
            Assert.That(uploaded.GetProperty("user_id").GetInt64(), Is.EqualTo(id));
            Assert.That((int)list.StatusCode, Is.EqualTo(200), await list.Content.ReadAsStringAsync());
        });
    }

    [Test]
    public async Task List_WithAForgedAdminHeader_Returns401With1001()
    {
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add("admin", TestTokens.Create(d => d.SigningCredentials = TestTokens.SignedWith("a-different-signing-key-0123456789abcdefghij")));

        using var response = await client.GetAsync("/api/attachment/list");

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }

    [Test]
    public async Task List_WithBothHeaders_UsesTheAuthorizationHeader()
    {
        var good = await LoginAsync(Client);
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        client.DefaultRequestHeaders.Add("admin", good);

        using var response = await client.GetAsync("/api/attachment/list");

        await ErrorEnvelope.AssertAsync(response, 401, ErrorEnvelope.NotLoggedIn);
    }
}
