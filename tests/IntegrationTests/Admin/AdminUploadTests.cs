using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Attachments.IntegrationTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Attachments.IntegrationTests.Admin;

/// <summary>
/// Uploads through the Uppy Dashboard over tus (<c>/api/tus/</c>, chunks of 5 MiB): files dropped onto it as a person
/// drops them from a file manager (a <c>drop</c> event carrying a <c>DataTransfer</c> of <c>File</c>s), refusals showing
/// the service's msg, and a large upload cut off by the network going away that resumes where it stopped.
/// </summary>
public sealed partial class AdminUploadTests : AdminTestBase
{
    private const int ChunkSize = 5 * 1024 * 1024;

    [Test]
    public async Task Drop_ThreePhotos_UploadsThemWithProgress_AndShowsThemInTheGrid()
    {
        await OpenLibraryAsync(0);
        // Each PATCH held a moment, so that the progress is there to be seen however fast the machine is.
        await Page.RouteAsync("**/api/tus/**", async route =>
        {
            if (route.Request.Method == "PATCH")
                await Task.Delay(700);
            await route.ContinueAsync();
        });

        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload files" }).ClickAsync();
        await DropAsync(
            ("harbour.jpg", "image/jpeg", await FixtureAsync("camera/Canon_40D.jpg")),
            ("lighthouse.jpg", "image/jpeg", await FixtureAsync("camera/Nikon_D70.jpg")),
            ("meadow.jpg", "image/jpeg", await FixtureAsync("camera/Pentax_K10D.jpg")));
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = UploadNFiles() }).ClickAsync();

        await Expect(StatusBar()).ToContainTextAsync("Uploading");
        await Expect(StatusBar()).ToContainTextAsync("Complete", new() { Timeout = 60_000 });
        await CloseDashboardAsync();

        await Expect(Grid(Page).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);
        foreach (var name in new[] { "harbour", "lighthouse", "meadow" })
            await Expect(FileButton(Page, name)).ToBeVisibleAsync();
        var listed = await ListAsync();
        Assert.That(listed.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("file_name").GetString()),
            Is.EquivalentTo(new[] { "harbour", "lighthouse", "meadow" }));
        Assert.That(listed.GetProperty("data").EnumerateArray().All(a => a.GetProperty("is_image").GetInt32() == 1), Is.True, listed.ToString());
    }

    [Test]
    public async Task Drop_AnHtmlFile_ShowsTheServicesMsgInUppy()
    {
        var html = "<!doctype html><html><body><script>alert(1)</script></body></html>"u8.ToArray();
        string msg;
        using (var refused = await UploadAsync(Api, html, "x.html"))
        {
            var body = await IntegrationTestBase.ReadJsonAsync(refused);
            Assert.That((int)refused.StatusCode, Is.EqualTo(415), body.ToString());
            msg = body.GetProperty("msg").GetString()!;
        }

        await OpenLibraryAsync(0);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload files" }).ClickAsync();
        await DropAsync(("x.html", "text/html", html));
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = UploadNFiles() }).ClickAsync();

        // Uppy marks the file "Upload failed"; its reason is the name (and tooltip) of the details button beside it.
        await Expect(Dashboard()).ToContainTextAsync("Upload failed", new() { Timeout = 30_000 });
        await Expect(Dashboard().GetByRole(AriaRole.Button, new() { Name = msg }).First).ToBeVisibleAsync();
        await CloseDashboardAsync();
        await Expect(Alert(Page)).ToContainTextAsync(msg);
        Assert.That((await ListAsync()).GetProperty("total").GetInt32(), Is.EqualTo(0));
    }

    [Test]
    public async Task LargeUpload_CutOffByGoingOffline_ResumesFromItsOffsetAfterARetry_AndCompletes()
    {
        const int size = (12 * 1024 * 1024) + 12345;
        await OpenLibraryAsync(0);

        // The first chunk goes through; the second is where the network goes away.
        var offsets = new ConcurrentQueue<(long Offset, bool Interrupted)>();
        var patches = 0;
        var interrupted = false;
        await Page.RouteAsync("**/api/tus/**", async route =>
        {
            if (route.Request.Method != "PATCH")
            {
                await route.ContinueAsync();
                return;
            }

            var offset = long.Parse(route.Request.Headers["upload-offset"], CultureInfo.InvariantCulture);
            if (Interlocked.Increment(ref patches) == 2)
            {
                interrupted = true;
                offsets.Enqueue((offset, true));
                await Context.SetOfflineAsync(true);
                await route.AbortAsync("internetdisconnected");
                return;
            }

            offsets.Enqueue((offset, false));
            await route.ContinueAsync();
        });

        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload files" }).ClickAsync();
        var dropped = await Page.EvaluateHandleAsync(
            """
            (size) => {
              const bytes = new Uint8Array(size);
              const head = new TextEncoder().encode('%PDF-1.7\n% annual report\n');
              bytes.set(head);
              for (let i = head.length; i < size; i++) bytes[i] = 97 + ((i * 7) % 26);
              const transfer = new DataTransfer();
              transfer.items.add(new File([bytes], 'annual-report.pdf', { type: 'application/pdf' }));
              return transfer;
            }
            """, size);
        await DispatchDropAsync(dropped);
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = UploadNFiles() }).ClickAsync();

        // Cut off after the first chunk: the progress stays where it was while the browser is offline.
        var progress = Page.GetByRole(AriaRole.Progressbar).First;
        await WaitUntilAsync(() => interrupted, "The second chunk was never sent.");
        await Page.WaitForTimeoutAsync(2000);
        Assert.That(offsets.First().Offset, Is.Zero);
        var percent = int.Parse(await progress.GetAttributeAsync("aria-valuenow") ?? "0", CultureInfo.InvariantCulture);
        Assert.That(percent, Is.InRange(1, 99), "Expected part of the upload done while offline.");
        await Expect(StatusBar()).Not.ToContainTextAsync("Complete");

        // Back online: Uppy goes on by itself, or offers to retry; either way the upload resumes.
        await Context.SetOfflineAsync(false);
        var retry = Page.GetByRole(AriaRole.Button, new() { Name = "Retry upload" }).First;
        var complete = StatusBar().GetByText("Complete", new() { Exact = true });
        await Expect(complete.Or(retry)).ToBeVisibleAsync(new() { Timeout = 120_000 });
        var retried = await retry.IsVisibleAsync();
        if (retried)
            await retry.ClickAsync();
        await TestContext.Out.WriteLineAsync(retried ? "Back online, Uppy offered Retry upload." : "Back online, Uppy went on by itself.");

        await Expect(StatusBar()).ToContainTextAsync("Complete", new() { Timeout = 120_000 });
        var afterCut = offsets.SkipWhile(o => !o.Interrupted).Skip(1).Select(o => o.Offset).ToList();
        Assert.That(afterCut, Is.Not.Empty, "No PATCH after the retry.");
        Assert.That(afterCut[0], Is.EqualTo(ChunkSize), "The retry must go on from the first chunk's end (HEAD), not start again.");
        Assert.That(afterCut, Has.None.EqualTo(0L));

        var listed = (await ListAsync("q=annual-report")).GetProperty("data").EnumerateArray().ToList();
        Assert.That(listed, Has.Count.EqualTo(1));
        var stored = await DetailAsync(listed[0].GetProperty("id").GetInt32());
        Assert.That(stored.GetProperty("file_size").GetInt64(), Is.EqualTo(size), stored.ToString());
        Assert.That(stored.GetProperty("file_name").GetString(), Is.EqualTo("annual-report"));
        await CloseDashboardAsync();
        await Expect(FileButton(Page, "annual-report")).ToBeVisibleAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        for (var waited = 0; !condition(); waited += 100)
        {
            if (waited > 60_000)
                Assert.Fail(failure);
            await Task.Delay(100);
        }
    }

    private static async Task<byte[]> FixtureAsync(string fixture) =>
        await File.ReadAllBytesAsync(global::Attachments.UnitTests.Fixtures.Image(fixture));

    private ILocator Dashboard() => Page.Locator(".uppy-Dashboard-inner");

    private ILocator StatusBar() => Page.Locator(".uppy-StatusBar");

    private async Task DropAsync(params (string Name, string Type, byte[] Content)[] files)
    {
        var transfer = await Page.EvaluateHandleAsync(
            """
            (files) => {
              const transfer = new DataTransfer();
              for (const file of files) {
                const bytes = Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0));
                transfer.items.add(new File([bytes], file.name, { type: file.type }));
              }
              return transfer;
            }
            """,
            files.Select(f => new { name = f.Name, type = f.Type, content = Convert.ToBase64String(f.Content) }).ToArray());
        await DispatchDropAsync(transfer);
        foreach (var (name, _, _) in files)
            await Expect(Dashboard()).ToContainTextAsync(name);
    }

    /// <summary>What a drag from a file manager delivers to the Dashboard: dragenter, dragover, then drop.</summary>
    private async Task DispatchDropAsync(IJSHandle transfer)
    {
        await Expect(Dashboard()).ToBeVisibleAsync();
        var init = new Dictionary<string, object> { ["dataTransfer"] = transfer };
        foreach (var type in new[] { "dragenter", "dragover", "drop" })
            await Dashboard().DispatchEventAsync(type, init);
    }

    private async Task CloseDashboardAsync()
    {
        await Page.Keyboard.PressAsync("Escape");
        await Expect(Dashboard()).ToBeHiddenAsync();
    }

    [GeneratedRegex(@"^Upload \d+ files?$")]
    private static partial Regex UploadNFiles();
}
