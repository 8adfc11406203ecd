using System.Net.Http.Json;
using System.Text.Json;
using Attachments.IntegrationTests.Envelope;
using Attachments.IntegrationTests.Support;
using Microsoft.AspNetCore.Http;

namespace Attachments.IntegrationTests.Observability;

/// <summary>Every response carries X-Request-Id; every error envelope carries the same id; a caller's sane id is kept.</summary>
public sealed class RequestIdTests : IntegrationTestBase
{
    private const string Header = "X-Request-Id";

    [TestCase("a")]
    [TestCase("req-42")]
    [TestCase("lb.7f3a_9C-x")]
    [TestCase("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task CmsError_WithSaneIncomingRequestId_KeepsItInHeaderAndEnvelope(string id)
    {
        var client = await LoggedInClientAsync();

        using var response = await SendAsync(client, HttpMethod.Get, "/api/attachment/detail?id=999999", id);
        var body = await ErrorEnvelope.AssertAsync(response, 404, ErrorEnvelope.Error);

        Assert.That(body.GetProperty("request_id").GetString(), Is.EqualTo(id));
    }

    [Test]
    public async Task V1Error_WithSaneIncomingRequestId_KeepsItAsRequestIdInTheMessageEnvelope()
    {
        var client = await LoggedInClientAsync();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestFiles.Pdf("not an image")), "file", "doc.pdf" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/UploadImage") { Content = form };
        request.Headers.Add(Header, "v1-request.1");

        using var response = await client.SendAsync(request);
        var body = await ReadJsonAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(415), body.ToString());
            Assert.That(HeaderOf(response), Is.EqualTo("v1-request.1"));
            Assert.That(body.GetProperty("requestId").GetString(), Is.EqualTo("v1-request.1"), body.ToString());
            Assert.That(body.GetProperty("message").GetString(), Is.Not.Empty);
            Assert.That(body.GetProperty("data").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(body.TryGetProperty("request_id", out _), Is.False, "camelCase in the v1 dialect");
        });
    }

    [Test]
    public async Task Responses_WithoutIncomingRequestId_EachGetAFreshSaneIdAndSuccessBodiesStayAsTheyWere()
    {
        var client = await LoggedInClientAsync();

        using var first = await client.GetAsync("/api/attachment/list");
        using var second = await client.GetAsync("/api/attachment/list");
        using var error = await client.GetAsync("/api/attachment/detail?id=999999");
        var firstBody = await ReadJsonAsync(first);
        var errorBody = await ErrorEnvelope.AssertAsync(error, 404, ErrorEnvelope.Error);

        var ids = new[] { HeaderOf(first), HeaderOf(second), HeaderOf(error) };
        Assert.Multiple(() =>
        {
            Assert.That(ids, Has.All.Matches<string?>(IsSane), string.Join(", ", ids));
            Assert.That(ids, Is.Unique);
            Assert.That(errorBody.GetProperty("request_id").GetString(), Is.EqualTo(ids[2]));
            Assert.That(firstBody.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "code", "msg", "data", "total", "limit", "total_estimated", "cursor" }));
        });
    }

    [TestCase("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefX", TestName = "{m}(65 characters)")]
    [TestCase("has space", TestName = "{m}(a space)")]
    [TestCase("line\r\nX-Injected: yes", TestName = "{m}(CR LF and a header)")]
    [TestCase("line\nbreak", TestName = "{m}(LF)")]
    [TestCase("tab\there", TestName = "{m}(a tab)")]
    [TestCase("caf\u00e9", TestName = "{m}(non-ASCII)")]
    [TestCase("a/b", TestName = "{m}(a slash)")]
    [TestCase("<script>", TestName = "{m}(markup)")]
    [TestCase("\"quoted\"", TestName = "{m}(quotes)")]
    [TestCase("", TestName = "{m}(empty)")]
    public async Task Error_WithInsaneIncomingRequestId_ReplacesItWithAFreshOne(string insane)
    {
        // Sent through the test server's context directly: HttpClient itself refuses CR/LF in a header.
        var context = await Factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/api/attachment/list";
            c.Request.Headers[Header] = insane;
        });

        var answered = context.Response.Headers[Header].ToString();
        using var body = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(401));
            Assert.That(answered, Is.Not.EqualTo(insane));
            Assert.That(IsSane(answered), Is.True, answered);
            Assert.That(body.RootElement.GetProperty("request_id").GetString(), Is.EqualTo(answered));
            Assert.That(context.Response.Headers.ContainsKey("X-Injected"), Is.False);
        });
    }

    [Test]
    public async Task Error_WithTwoIncomingRequestIds_ReplacesThemWithOne()
    {
        var context = await Factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/api/attachment/list";
            c.Request.Headers[Header] = new[] { "first", "second" };
        });

        var answered = context.Response.Headers[Header];
        Assert.Multiple(() =>
        {
            Assert.That(answered, Has.Count.EqualTo(1));
            Assert.That(answered.ToString(), Is.Not.EqualTo("first").And.Not.EqualTo("second"));
            Assert.That(IsSane(answered.ToString()), Is.True, answered.ToString());
        });
    }

    [Test]
    public async Task EveryKindOfResponse_EchoesTheIncomingRequestId()
    {
        var client = await LoggedInClientAsync();
        var uploaded = await UploadOkAsync(client, TestFiles.Pdf("served"), "served.pdf");
        var file = "/" + uploaded.GetProperty("file_location").GetString();
        using var anonymous = Factory.CreateClient();
        var limited = FactoryWith(("RateLimits:Login:PermitLimit", "1"));
        using var limitedClient = limited.CreateClient();
        using var firstLogin = await limitedClient.PostAsJsonAsync("/api/login", new { user_name = "admin", password = "wrong" });

        using var served = await SendAsync(anonymous, HttpMethod.Get, file, "file-200");
        using var notModified = await SendAsync(anonymous, HttpMethod.Get, file, "file-304", served.Headers.ETag?.Tag);
        using var missingFile = await SendAsync(anonymous, HttpMethod.Get, "/uploads/209901/01/missing.pdf", "file-404");
        using var noRoute = await SendAsync(anonymous, HttpMethod.Get, "/no/such/route", "route-404");
        using var wrongMethod = await SendAsync(anonymous, HttpMethod.Get, "/api/login", "method-405");
        using var notLoggedIn = await SendAsync(anonymous, HttpMethod.Get, "/api/attachment/list", "auth-401");
        using var tooMany = await SendAsync(limitedClient, HttpMethod.Post, "/api/login", "limit-429", content: JsonContent.Create(new { user_name = "admin", password = "wrong" }));
        using var live = await SendAsync(anonymous, HttpMethod.Get, "/health/live", "health-200");
        using var metrics = await SendAsync(anonymous, HttpMethod.Get, "/metrics", "metrics-200");
        using var success = await SendAsync(client, HttpMethod.Get, "/api/attachment/list", "list-200");

        Assert.Multiple(() =>
        {
            Assert.That((int)served.StatusCode, Is.EqualTo(200));
            Assert.That((int)notModified.StatusCode, Is.EqualTo(304));
            Assert.That((int)live.StatusCode, Is.EqualTo(200));
            Assert.That((int)metrics.StatusCode, Is.EqualTo(200));
            Assert.That((int)success.StatusCode, Is.EqualTo(200));
            foreach (var (response, id) in new[]
            {
                (served, "file-200"), (notModified, "file-304"), (live, "health-200"), (metrics, "metrics-200"), (success, "list-200"),
            })
            {
                Assert.That(HeaderOf(response), Is.EqualTo(id));
            }
        });

        foreach (var (response, status, code, id) in new[]
        {
            (missingFile, 404, ErrorEnvelope.Error, "file-404"),
            (noRoute, 404, ErrorEnvelope.Error, "route-404"),
            (wrongMethod, 405, ErrorEnvelope.Error, "method-405"),
            (notLoggedIn, 401, ErrorEnvelope.NotLoggedIn, "auth-401"),
            (tooMany, 429, ErrorEnvelope.Error, "limit-429"),
        })
        {
            var body = await ErrorEnvelope.AssertAsync(response, status, code);
            Assert.That(body.GetProperty("request_id").GetString(), Is.EqualTo(id), $"{status}: {body}");
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpMethod method, string url, string requestId, string? ifNoneMatch = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add(Header, requestId);
        if (ifNoneMatch is not null)
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);

        return await client.SendAsync(request);
    }

    private static string? HeaderOf(HttpResponseMessage response) => ErrorEnvelope.RequestIdHeader(response);

    private static bool IsSane(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
