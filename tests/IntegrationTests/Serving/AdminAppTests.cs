using System.Net;
using System.Text.Json;
using Attachments.IntegrationTests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Attachments.IntegrationTests.Serving;

/// <summary>The media library at <c>/admin/</c> (decision 029): its caching, its headers, and the answer when it is not built.</summary>
public sealed class AdminAppTests : IntegrationTestBase
{
    private const string CmsOrigin = "https://cms.example.com";
    private string _root = null!;

    [SetUp]
    public void CreateBuiltApp()
    {
        _root = Directory.CreateTempSubdirectory("admin-app-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "assets"));
        File.WriteAllText(Path.Combine(_root, "index.html"), "<!doctype html><title>Media library</title>");
        File.WriteAllText(Path.Combine(_root, "picker.js"), "window.Attachments = {};");
        File.WriteAllText(Path.Combine(_root, "assets", "index-abc123.js"), "console.log(1);");
    }

    [TearDown]
    public void DeleteBuiltApp() => Directory.Delete(_root, recursive: true);

    private HttpClient AdminClient(string root) =>
        FactoryWith(("Admin:Root", root), ("Cors:AllowedOrigins:0", CmsOrigin))
            .CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Test]
    public async Task Get_AdminWithoutSlash_RedirectsToTheApp()
    {
        using var response = await AdminClient(_root).GetAsync("/admin?picker=1");

        Assert.That((int)response.StatusCode, Is.EqualTo(302));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/admin/?picker=1"));
    }

    [Test]
    public async Task Get_Admin_ServesIndexUncachedWithAPolicyThatLetsOnlyTheCorsOriginsFrameIt()
    {
        using var response = await AdminClient(_root).GetAsync("/admin/");

        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(response.Headers.CacheControl?.NoCache, Is.True);
            Assert.That(policy, Does.Contain("default-src 'self'"));
            Assert.That(policy, Does.Contain($"frame-ancestors 'self' {CmsOrigin}"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(response.Headers.Contains("Referrer-Policy"), Is.True);
        });
    }

    [Test]
    public async Task Get_HashedAssetAndPicker_AssetIsCachedForAYearThePickerIsRevalidated()
    {
        var client = AdminClient(_root);

        using var asset = await client.GetAsync("/admin/assets/index-abc123.js");
        using var picker = await client.GetAsync("/admin/picker.js");

        Assert.Multiple(() =>
        {
            Assert.That(asset.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(asset.Headers.CacheControl?.MaxAge, Is.EqualTo(TimeSpan.FromDays(365)));
            Assert.That(picker.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(picker.Headers.CacheControl?.NoCache, Is.True);
        });
    }

    [Test]
    public async Task Get_AdminNotBuilt_Answers404EnvelopeSayingHowToBuildIt()
    {
        var empty = Path.Combine(_root, "missing");

        using var response = await AdminClient(empty).GetAsync("/admin/");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(body.RootElement.GetProperty("code").GetInt32(), Is.EqualTo(-1));
            Assert.That(body.RootElement.GetProperty("msg").GetString(), Does.Contain("npm ci && npm run build"));
        });
    }
}
