using System.Text;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Envelope;

public sealed class RoutingErrorTests : IntegrationTestBase
{
    [TestCase("GET", "/api/nope")]
    [TestCase("POST", "/api/nope")]
    [TestCase("GET", "/api/attachment/nope")]
    [TestCase("GET", "/nope")]
    public async Task UnknownRoute_Returns404Envelope(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await Client.SendAsync(request);

        var body = await ErrorEnvelope.AssertAsync(response, 404, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain(path));
    }

    [Test]
    public async Task UnknownRoute_WithToken_Returns404Envelope()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.GetAsync("/api/nope");

        await ErrorEnvelope.AssertAsync(response, 404, ErrorEnvelope.Error);
    }

    [TestCase("GET", "/api/attachment/upload")]
    [TestCase("PUT", "/api/attachment/upload")]
    [TestCase("GET", "/api/login")]
    [TestCase("DELETE", "/api/login")]
    public async Task WrongMethod_Returns405Envelope(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await Client.SendAsync(request);

        await ErrorEnvelope.AssertAsync(response, 405, ErrorEnvelope.Error);
    }

    [Test]
    public async Task WrongMethod_WithToken_Returns405Envelope()
    {
        var client = await LoggedInClientAsync();

        using var response = await client.GetAsync("/api/attachment/upload");

        await ErrorEnvelope.AssertAsync(response, 405, ErrorEnvelope.Error);
    }

    [TestCase("text/plain")]
    [TestCase("application/xml")]
    [TestCase("application/x-www-form-urlencoded")]
    public async Task Login_WithBodyThatIsNotJson_Returns415Envelope(string mediaType)
    {
        var content = new StringContent(
            $"user_name={AttachmentsApiFactory.AdminUserName}&password={AttachmentsApiFactory.AdminPassword}", Encoding.UTF8, mediaType);

        using var response = await Client.PostAsync("/api/login", content);

        await ErrorEnvelope.AssertAsync(response, 415, ErrorEnvelope.Error);
    }
}
