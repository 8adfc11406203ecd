using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Abuse;

/// <summary>Cross-origin access for the configured admin front ends only, errors and files included.</summary>
public sealed class CorsTests : IntegrationTestBase
{
    private const string AdminOrigin = "https://admin.example.com";
    private const string OtherOrigin = "https://evil.example.net";
    private const string AllowOrigin = "Access-Control-Allow-Origin";

    [Test]
    public async Task Preflight_FromAnAllowedOrigin_AnswersWithTheMethodsHeadersAndMaxAge()
    {
        using var client = CorsFactory().CreateClient();

        using var response = await client.SendAsync(Preflight("/api/attachment/upload", AdminOrigin, "POST", "authorization,content-type,x-request-id"));

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(204));
            Assert.That(Header(response, AllowOrigin), Is.EqualTo(AdminOrigin));
            Assert.That(Header(response, "Access-Control-Allow-Methods"), Is.EqualTo("GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS"));
            Assert.That(Header(response, "Access-Control-Allow-Headers")?.ToUpperInvariant(), Is.EqualTo("AUTHORIZATION,ADMIN,CONTENT-TYPE,X-REQUEST-ID,TUS-RESUMABLE,UPLOAD-LENGTH,UPLOAD-OFFSET,UPLOAD-METADATA,UPLOAD-DEFER-LENGTH"));
            Assert.That(Header(response, "Access-Control-Max-Age"), Is.EqualTo("600"));
            Assert.That(Header(response, "Access-Control-Allow-Credentials"), Is.Null, "bearer tokens, never cookies");
        });
    }

    [Test]
    public async Task Preflight_FromAnUnknownOrigin_GetsNoCorsHeadersAndNeverReachesTheApi()
    {
        using var client = CorsFactory().CreateClient();

        using var response = await client.SendAsync(Preflight("/api/attachment/upload", OtherOrigin, "POST", "authorization"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            // The API itself would answer OPTIONS with a 405 envelope; the CORS middleware answers first, empty.
            Assert.That((int)response.StatusCode, Is.EqualTo(204));
            Assert.That(body, Is.Empty);
            Assert.That(response.Headers.Contains(AllowOrigin), Is.False);
            Assert.That(response.Headers.Contains("Access-Control-Allow-Methods"), Is.False);
        });
    }

    [Test]
    public async Task Get_FromAnAllowedOrigin_EchoesThatOriginAndExposesTheClientHeaders()
    {
        var factory = CorsFactory();
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(client));
        client.DefaultRequestHeaders.Add("Origin", AdminOrigin);

        using var response = await client.GetAsync("/api/attachment/list");

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(Header(response, AllowOrigin), Is.EqualTo(AdminOrigin));
            Assert.That(Header(response, "Access-Control-Expose-Headers"), Is.EqualTo("Retry-After,X-Request-Id,Content-Disposition,ETag,Tus-Resumable,Tus-Version,Tus-Extension,Tus-Max-Size,Upload-Length,Upload-Offset,Upload-Metadata,Upload-Expires,Upload-Attachment-Id,Location"));
            Assert.That(response.Headers.Vary, Does.Contain("Origin"));
        });
    }

    [Test]
    public async Task Get_FromAnUnknownOrigin_GetsNoCorsHeaders()
    {
        using var client = CorsFactory().CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(client));
        client.DefaultRequestHeaders.Add("Origin", OtherOrigin);

        using var response = await client.GetAsync("/api/attachment/list");

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), "CORS is enforced by browsers; the server only withholds the headers");
            Assert.That(response.Headers.Contains(AllowOrigin), Is.False);
            Assert.That(response.Headers.Contains("Access-Control-Expose-Headers"), Is.False);
        });
    }

    [Test]
    public async Task NoOriginsConfigured_NoOriginGetsCorsHeaders()
    {
        var client = await LoggedInClientAsync();
        client.DefaultRequestHeaders.Add("Origin", AdminOrigin);

        using var get = await client.GetAsync("/api/attachment/list");
        using var preflight = await client.SendAsync(Preflight("/api/attachment/list", AdminOrigin, "GET", "authorization"));

        Assert.Multiple(() =>
        {
            Assert.That((int)get.StatusCode, Is.EqualTo(200));
            Assert.That(get.Headers.Contains(AllowOrigin), Is.False);
            Assert.That(preflight.Headers.Contains(AllowOrigin), Is.False);
        });
    }

    [Test]
    public async Task NotLoggedIn_FromAnAllowedOrigin_401EnvelopeCarriesTheCorsHeaders()
    {
        using var client = CorsFactory().CreateClient();
        client.DefaultRequestHeaders.Add("Origin", AdminOrigin);

        using var response = await client.GetAsync("/api/attachment/list");
        var body = await ReadJsonAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(401));
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(1001));
            Assert.That(Header(response, AllowOrigin), Is.EqualTo(AdminOrigin));
        });
    }

    [Test]
    public async Task UploadTooLarge_FromAnAllowedOrigin_413EnvelopeCarriesTheCorsHeaders()
    {
        using var client = CorsFactory(("Upload:MaxFileSizeBytes", "1000")).CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(client));
        client.DefaultRequestHeaders.Add("Origin", AdminOrigin);

        using var response = await UploadAsync(client, TestFiles.Pdf(new string('z', 5000)), "big.pdf");
        var body = await ReadJsonAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(413));
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
            Assert.That(Header(response, AllowOrigin), Is.EqualTo(AdminOrigin));
        });
    }

    [Test]
    public async Task RateLimited_FromAnAllowedOrigin_429CarriesTheCorsHeadersAndExposesRetryAfter()
    {
        using var client = CorsFactory(("RateLimits:Upload:PermitLimit", "1")).CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(client));
        client.DefaultRequestHeaders.Add("Origin", AdminOrigin);

        await UploadOkAsync(client, TestFiles.Pdf("1"), "1.pdf");
        using var response = await UploadAsync(client, TestFiles.Pdf("2"), "2.pdf");

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(429));
            Assert.That(response.Headers.RetryAfter, Is.Not.Null);
            Assert.That(Header(response, AllowOrigin), Is.EqualTo(AdminOrigin));
            Assert.That(Header(response, "Access-Control-Expose-Headers"), Does.Contain("Retry-After"));
        });
    }

    [Test]
    public async Task StoredFile_FetchedFromAnAllowedOrigin_IsReadableButNotFromOthers()
    {
        var factory = CorsFactory();
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(client));
        var uploaded = await UploadOkAsync(client, TestFiles.Pdf(), "report.pdf");
        var path = "/" + uploaded.GetProperty("file_location").GetString();

        using var allowed = await GetWithOriginAsync(client, path, AdminOrigin);
        using var other = await GetWithOriginAsync(client, path, OtherOrigin);
        using var noOrigin = await client.GetAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That((int)allowed.StatusCode, Is.EqualTo(200));
            Assert.That(Header(allowed, AllowOrigin), Is.EqualTo(AdminOrigin));
            Assert.That(Header(allowed, "Access-Control-Expose-Headers"), Does.Contain("Content-Disposition").And.Contain("ETag"));
            Assert.That((int)other.StatusCode, Is.EqualTo(200), "files are public; only a browser script from another origin cannot read them");
            Assert.That(other.Headers.Contains(AllowOrigin), Is.False);
            Assert.That(noOrigin.Headers.Vary, Does.Contain("Origin"), "a shared cache must not serve one origin's answer to another");
        });
    }

    [TestCase("*")]
    [TestCase("https://admin.example.com/path")]
    [TestCase("admin.example.com")]
    public void StartUp_WithSomethingThatIsNotAnOrigin_Fails(string origin)
    {
        var factory = FactoryWith(("Cors:AllowedOrigins:0", origin));

        var error = Assert.Catch(() => factory.CreateClient().Dispose());

        Assert.That(error!.ToString(), Does.Contain("Cors:AllowedOrigins"));
    }

    [Test]
    public async Task ConfiguredOrigin_WithTrailingSlashOrDefaultPortOrCapitals_MatchesTheBrowsersOrigin()
    {
        using var client = FactoryWith(("Cors:AllowedOrigins:0", "HTTPS://Admin.Example.com:443/")).CreateClient();

        using var response = await client.SendAsync(Preflight("/api/login", AdminOrigin, "POST", "content-type"));

        Assert.That(Header(response, AllowOrigin), Is.EqualTo(AdminOrigin));
    }

    private AttachmentsApiFactory CorsFactory(params (string Key, string? Value)[] settings) =>
        FactoryWith([("Cors:AllowedOrigins:0", AdminOrigin), ("Cors:AllowedOrigins:1", "https://cms.example.org"), .. settings]);

    private static HttpRequestMessage Preflight(string path, string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static async Task<HttpResponseMessage> GetWithOriginAsync(HttpClient client, string path, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content)
        : null;
}
