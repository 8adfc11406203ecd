using Attachments.IntegrationTests.Support;
using Microsoft.AspNetCore.Http;

namespace Attachments.IntegrationTests.Serving;

/// <summary>
/// HttpClient's Uri removes dot segments, even percent-encoded ones, before a request leaves it, and TestServer
/// refuses a Uri made without that canonicalisation. So these requests are handed to the server as an HttpContext
/// whose path is decoded the way Kestrel decodes it (%2F stays encoded), with no dot segment removed.
/// </summary>
public sealed class PathTraversalTests : IntegrationTestBase
{
    private const string Secret = "canary-7d3f0b: this file lies outside the uploads folder";

    private AttachmentsApiFactory _api = null!;

    [SetUp]
    public void StartServerBesideSecrets()
    {
        _api = FactoryWith();
        _ = _api.Server;

        foreach (var name in new[] { "appsettings.json", "secret.txt", ".tmp/x", ".tmp/upload.pdf" })
        {
            // Beside uploads/ in the instance's own folder, and in the storage itself: the same file on Disk, objects
            // outside uploads/ under the instance's prefix on S3.
            File.WriteAllText(Path.Combine(_api.StorageRoot, name), Secret);
            _api.Storage.Write(name, System.Text.Encoding.UTF8.GetBytes(Secret));
        }
    }

    [TestCase("/uploads/../appsettings.json")]
    [TestCase("/uploads/../secret.txt")]
    [TestCase("/uploads/%2e%2e/secret.txt")]
    [TestCase("/uploads/%2e%2e/%2e%2e/etc/passwd")]
    [TestCase("/uploads/../../../../../../etc/passwd")]
    [TestCase("/uploads/..%2f..%2fetc%2fpasswd")]
    [TestCase("/uploads/..%2fsecret.txt")]
    [TestCase("/uploads/..%5csecret.txt")]
    [TestCase("/uploads//etc/passwd")]
    [TestCase("/uploads/%2fetc%2fpasswd")]
    public async Task Get_PathLeavingTheUploadsFolder_NeverServesTheFile(string rawPath)
    {
        var (status, body) = await GetRawAsync(rawPath);

        AssertNotServed(status, body);
    }

    [TestCase("/uploads/.tmp/x")]
    [TestCase("/uploads/.tmp/upload.pdf")]
    [TestCase("/uploads/../.tmp/x")]
    [TestCase("/uploads/%2e%2e/.tmp/upload.pdf")]
    [TestCase("/.tmp/x")]
    public async Task Get_StagingFolder_IsNotReachable(string rawPath)
    {
        var (status, body) = await GetRawAsync(rawPath);

        AssertNotServed(status, body);
    }

    [Test]
    public async Task Get_RawRequestForAStoredFile_IsServed()
    {
        _api.Storage.Write("uploads/209901/01/0123456789abcdef.txt", "inside"u8.ToArray());

        var (status, body) = await GetRawAsync("/uploads/209901/01/0123456789abcdef.txt");

        Assert.That(status, Is.EqualTo(200));
        Assert.That(body, Is.EqualTo("inside"));
    }

    private async Task<(int Status, string Body)> GetRawAsync(string rawPath)
    {
        var context = await _api.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("localhost");
            c.Request.Path = PathString.FromUriComponent(rawPath);
        });

        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync());
    }

    private static void AssertNotServed(int status, string body) => Assert.Multiple(() =>
    {
        Assert.That(status, Is.AnyOf(400, 404), body);
        Assert.That(body, Does.Not.Contain(Secret));
        Assert.That(body, Does.Not.Contain("root:"));
    });
}
