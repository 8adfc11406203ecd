using System.Text.RegularExpressions;

namespace Attachments.IntegrationTests.OpenApi;

public sealed partial class OpenApiUiTests : OpenApiTestBase
{
    [TestCase("/docs")]
    [TestCase("/docs/")]
    public async Task Docs_RedirectsToThePageWithABodyThatNamesIt(string path)
    {
        using var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(path);

        Assert.That((int)response.StatusCode, Is.InRange(301, 308));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/docs/index.html"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("/docs/index.html").And.Contain(DocumentPath));
    }

    [Test]
    public async Task Page_LoadsItsScriptsAndStylesFromThisServer_AndPointsAtTheDocument()
    {
        using var client = Factory.CreateClient();
        var html = await client.GetStringAsync("/docs/index.html");
        var assets = AssetPattern().Matches(html).Select(m => m.Groups["url"].Value).Distinct().ToList();

        Assert.That(assets.Where(a => a.EndsWith(".js", StringComparison.Ordinal)), Is.Not.Empty, html);
        Assert.That(assets.Where(a => a.EndsWith(".css", StringComparison.Ordinal)), Is.Not.Empty, html);
        Assert.That(assets.Where(a => a.Contains("//", StringComparison.Ordinal)), Is.Empty, "assets must not come from another host");

        foreach (var asset in assets)
        {
            using var response = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/docs/"), asset));
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.That((int)response.StatusCode, Is.EqualTo(200), asset);
            Assert.That(body, Is.Not.Empty, asset);
        }

        // The configuration that names the document is served beside the page.
        var configuration = string.Join("\n", await Task.WhenAll(assets.Where(a => a.EndsWith(".js", StringComparison.Ordinal))
            .Select(a => client.GetStringAsync(new Uri(new Uri(client.BaseAddress!, "/docs/"), a)))));
        Assert.That(html + configuration, Does.Contain(DocumentPath));
    }

    [GeneratedRegex("""(?:src|href)="(?<url>[^"#]+\.(?:js|css))""")]
    private static partial Regex AssetPattern();
}
