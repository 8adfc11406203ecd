using System.Text.Json;
using Attachments.IntegrationTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Attachments.IntegrationTests.Admin;

/// <summary>
/// <c>Attachments.pick()</c> on a CMS page of another origin: the page loads <c>/admin/picker.js</c> from the service,
/// the library opens in an iframe, and the page receives the chosen attachment objects. A page whose origin is not
/// in <c>Cors:AllowedOrigins</c> cannot frame the library at all (CSP <c>frame-ancestors</c>).
/// </summary>
public sealed class PickerTests : AdminTestBase
{
    [Test]
    public async Task Pick_OnAnAllowedOrigin_ResolvesWithTheChosenAttachmentObjects()
    {
        var harbour = await SeedPhotoAsync("camera/Canon_40D.jpg", "harbour.jpg");
        var lighthouse = await SeedPhotoAsync("camera/Nikon_D70.jpg", "lighthouse.jpg");
        await SeedPhotoAsync("camera/Pentax_K10D.jpg", "meadow.jpg");
        await Page.GotoAsync(HostSite.Serve("/edit-post.html", HostPage()));

        await Page.GetByRole(AriaRole.Button, new() { Name = "Choose images" }).ClickAsync();
        var picker = Page.FrameLocator("iframe");
        await picker.GetByLabel("User name").FillAsync(ServiceProcess.AdminUserName);
        await picker.GetByLabel("Password").FillAsync(ServiceProcess.AdminPassword);
        await picker.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        var grid = picker.GetByRole(AriaRole.List, new() { Name = "Attachments", Exact = true });
        await Expect(grid.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);
        await picker.GetByRole(AriaRole.Checkbox, new() { Name = "Select harbour", Exact = true }).CheckAsync();
        await picker.GetByRole(AriaRole.Checkbox, new() { Name = "Select lighthouse", Exact = true }).CheckAsync();
        await ScreenshotAsync(Page, "picker");
        await picker.GetByRole(AriaRole.Button, new() { Name = "Choose", Exact = true }).ClickAsync();

        var result = Page.Locator("#result");
        await Expect(result).Not.ToBeEmptyAsync();
        using var picked = JsonDocument.Parse(await result.TextContentAsync() ?? "null");
        var objects = picked.RootElement.EnumerateArray().ToList();
        Assert.That(objects.Select(a => a.GetProperty("id").GetInt32()),
            Is.EquivalentTo(new[] { harbour.GetProperty("id").GetInt32(), lighthouse.GetProperty("id").GetInt32() }), picked.RootElement.ToString());
        Assert.That(objects.Select(a => a.GetProperty("logo").GetString()),
            Is.EquivalentTo(new[] { harbour.GetProperty("logo").GetString(), lighthouse.GetProperty("logo").GetString() }));
        await Expect(Page.Locator("iframe")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task Pick_ThenCancel_ResolvesWithAnEmptyArray()
    {
        await SeedPhotoAsync("camera/Canon_40D.jpg", "harbour.jpg");
        await Page.GotoAsync(HostSite.Serve("/edit-post.html", HostPage()));

        await Page.GetByRole(AriaRole.Button, new() { Name = "Choose images" }).ClickAsync();
        var picker = Page.FrameLocator("iframe");
        await picker.GetByLabel("User name").FillAsync(ServiceProcess.AdminUserName);
        await picker.GetByLabel("Password").FillAsync(ServiceProcess.AdminPassword);
        await picker.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await picker.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();

        await Expect(Page.Locator("#result")).ToHaveTextAsync("[]");
    }

    [Test]
    public async Task Pick_OnAnOriginThatIsNotAllowed_IsNotFramed_AndThePageGetsNothing()
    {
        await SeedPhotoAsync("camera/Canon_40D.jpg", "harbour.jpg");
        await using var stranger = StaticSite.Start();
        var refusals = new List<string>();
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("frame-ancestors", StringComparison.Ordinal))
                refusals.Add(message.Text);
        };
        await Page.GotoAsync(stranger.Serve("/edit-post.html", HostPage()));

        var framed = Page.WaitForResponseAsync(r => r.Url.StartsWith(AdminUrl, StringComparison.Ordinal));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Choose images" }).ClickAsync();
        var response = await framed;
        var policy = await response.HeaderValueAsync("content-security-policy") ?? string.Empty;
        Assert.That(policy, Does.Contain("frame-ancestors"));
        Assert.That(policy, Does.Not.Contain(stranger.Origin));

        // Chromium refuses the document: the frame never shows the library's login, and nothing is posted back.
        await Page.WaitForTimeoutAsync(3000);
        var frame = Page.Frames.Single(f => f != Page.MainFrame);
        Assert.That(await frame.Locator("#app").CountAsync(), Is.Zero, "The library rendered inside a page of an origin that is not allowed.");
        await Expect(Page.FrameLocator("iframe").GetByLabel("User name")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#result")).ToBeEmptyAsync();
        await TestContext.Out.WriteLineAsync("Chromium said: " + string.Join(Environment.NewLine, refusals));
    }

    /// <summary>An editor's page of the CMS: it loads the picker from the service and writes what the pick resolves with.</summary>
    private string HostPage() =>
        $$"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Edit post — CMS</title></head>
        <body>
        <main>
          <h1>Edit post</h1>
          <p><button type="button" id="pick">Choose images</button></p>
          <pre id="result" aria-label="Picked attachments"></pre>
        </main>
        <script src="{{ServiceOrigin}}/admin/picker.js"></script>
        <script>
          document.getElementById('pick').addEventListener('click', async () => {
            const attachments = await Attachments.pick({ multiple: true });
            document.getElementById('result').textContent = JSON.stringify(attachments);
          });
        </script>
        </body>
        </html>
        """;
}
