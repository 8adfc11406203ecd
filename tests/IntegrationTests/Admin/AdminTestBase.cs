using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Attachments.IntegrationTests.Faults;
using Attachments.IntegrationTests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Attachments.IntegrationTests.Admin;

/// <summary>
/// The media library (<c>admin/</c>, served by the real service process at <c>/admin/</c>) in Debian's Chromium, driven by
/// Playwright .NET with its bundled Node driver and no downloaded browser. Chromium is launched once per fixture; each
/// test gets its own database, storage, service process (allowing the origin of <see cref="HostSite"/>, a CMS page on
/// another port) and a fresh browser context and page, 1280×800 unless <see cref="Viewport"/> says otherwise.
/// </summary>
[Category("Browser")]
[DiskOnly("the browser sees the same API on either provider; tus into a bucket is Tus/TusClientTests', run in both modes")]
public abstract class AdminTestBase : ProcessTestBase
{
    internal const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"];

    private readonly List<string> _browserLog = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private StaticSite? _hostSite;
    private HttpClient? _api;
    private ServiceProcess? _service;
    private IBrowserContext? _context;
    private IPage? _page;

    protected IBrowserContext Context => _context ?? throw new InvalidOperationException("No browser context yet.");

    protected IPage Page => _page ?? throw new InvalidOperationException("No page yet.");

    /// <summary>The CMS's web server: its origin is in the service's <c>Cors:AllowedOrigins</c>.</summary>
    private protected StaticSite HostSite => _hostSite ?? throw new InvalidOperationException("No host site yet.");

    private protected ServiceProcess Service => _service ?? throw new InvalidOperationException("The service is not started.");

    /// <summary>The service's origin, <c>http://127.0.0.1:port</c>.</summary>
    protected string ServiceOrigin => Service.BaseAddress.GetLeftPart(UriPartial.Authority);

    protected string AdminUrl => ServiceOrigin + "/admin/";

    /// <summary>An HTTP client of the service logged in as the bootstrap admin, for seeding and checking through the API.</summary>
    protected HttpClient Api => _api ?? throw new InvalidOperationException("The service is not started.");

    protected virtual ViewportSize Viewport => new() { Width = 1280, Height = 800 };

    /// <summary>Configuration of the service on top of <see cref="ServiceProcess"/>'s defaults and the CORS origin.</summary>
    protected virtual IReadOnlyDictionary<string, string> ServiceSettings => new Dictionary<string, string>();

    [OneTimeSetUp]
    public async Task LaunchChromiumAsync()
    {
        Assert.That(File.Exists(Chromium), Is.True,
            $"{Chromium} is missing: install the Debian package 'chromium' (apt-get install chromium; .ci/run does).");
        Assert.That(File.Exists(Repository.File(Path.Combine("admin", "dist", "index.html"))), Is.True,
            "The media library is not built: run npm ci && npm run build in admin/ (scripts/test.sh does).");

        // The driver must never fetch a browser of its own: it drives Debian's Chromium.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Args = ChromiumArgs });
        _hostSite = StaticSite.Start();

        // A shared two-core machine: web-first assertions wait longer than Playwright's 5 s before they fail.
        SetDefaultExpectTimeout(15_000);
    }

    [OneTimeTearDown]
    public async Task CloseChromiumAsync()
    {
        if (_hostSite is not null)
            await _hostSite.DisposeAsync();
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
    }

    [SetUp]
    public async Task StartServiceAndPageAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["Cors:AllowedOrigins:0"] = HostSite.Origin,
            // The build of admin/ as it is now, whether or not the API was built after it.
            ["Admin:Root"] = Repository.File(Path.Combine("admin", "dist")),
        };
        foreach (var (key, value) in ServiceSettings)
            settings[key] = value;

        _service = await StartServiceAsync(settings);
        _api = await _service.LoggedInClientAsync();
        (_context, _page) = await NewPageAsync(Viewport);
    }

    [TearDown]
    public async Task ClosePageAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed && _page is not null)
        {
            try
            {
                var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"failed-{TestContext.CurrentContext.Test.Name}.png"
                    .Replace('"', '_').Replace('/', '_'));
                await _page.ScreenshotAsync(new() { Path = path, FullPage = true });
                TestContext.AddTestAttachment(path, "the page when the test failed");
            }
            catch (PlaywrightException)
            {
                // The page is gone; the log below still says what happened.
            }

            await TestContext.Out.WriteLineAsync("--- browser console ---" + Environment.NewLine + string.Join(Environment.NewLine, _browserLog));
        }

        _browserLog.Clear();
        if (_context is not null)
            await _context.CloseAsync();
        _context = null;
        _page = null;
        _api?.Dispose();
        _api = null;
    }

    /// <summary>Another browser context (its own session storage) with one page.</summary>
    protected async Task<(IBrowserContext Context, IPage Page)> NewPageAsync(ViewportSize viewport)
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = viewport });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => _browserLog.Add($"[{message.Type}] {message.Text}");
        page.PageError += (_, error) => _browserLog.Add($"[pageerror] {error}");
        return (context, page);
    }

    /// <summary>Opens the media library and logs in through its form; waits for the top bar.</summary>
    protected async Task LogInAsync(IPage page, string userName = ServiceProcess.AdminUserName, string password = ServiceProcess.AdminPassword)
    {
        await page.GotoAsync(AdminUrl);
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
    }

    /// <summary>Logs in on <see cref="Page"/> and waits until the grid shows <paramref name="expectedFiles"/> files.</summary>
    protected async Task OpenLibraryAsync(int expectedFiles)
    {
        await LogInAsync(Page);
        await Expect(Grid(Page).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(expectedFiles);
    }

    protected static ILocator Grid(IPage page) => page.GetByRole(AriaRole.List, new() { Name = "Attachments", Exact = true });

    /// <summary>The button of the file called <paramref name="fileName"/> in the grid (it opens the detail panel).</summary>
    protected static ILocator FileButton(IPage page, string fileName) =>
        Grid(page).GetByRole(AriaRole.Button, new() { Name = fileName, Exact = true });

    protected static ILocator DetailPanel(IPage page) =>
        page.GetByRole(AriaRole.Dialog, new() { Name = "Details" }).Or(page.GetByRole(AriaRole.Complementary, new() { Name = "Details" }));

    protected static ILocator Status(IPage page) => page.GetByRole(AriaRole.Status);

    protected static ILocator Alert(IPage page) => page.GetByRole(AriaRole.Alert);

    /// <summary>Runs axe on the page as it is and fails listing every serious or critical violation.</summary>
    protected static async Task AssertAccessibleAsync(IPage page, string screenName)
    {
        var result = await page.RunAxe();
        var violations = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .ToList();
        if (violations.Count == 0)
            return;

        var report = new StringBuilder($"axe found {violations.Count} serious or critical violation(s) on the {screenName} screen:");
        foreach (var violation in violations)
        {
            report.AppendLine().Append(CultureInfo.InvariantCulture, $"- {violation.Id} ({violation.Impact}): {violation.Help}");
            foreach (var node in violation.Nodes)
                report.AppendLine().Append(CultureInfo.InvariantCulture, $"    {node.Target}  {node.Html}");
        }

        Assert.Fail(report.ToString());
    }

    /// <summary>Writes <c>docs/screenshots/&lt;name&gt;.png</c> in the repository: the page as the viewport shows it.</summary>
    protected static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Repository.File(Path.Combine("docs", "screenshots", name + ".png"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Sizes are rendered on their first request: wait until the pictures in view have arrived, so the README shows them.
        try
        {
            await page.WaitForFunctionAsync(
                """
                () => [...document.querySelectorAll('img')].every(img => {
                  const box = img.getBoundingClientRect();
                  const inView = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
                  return !inView || (img.complete && img.naturalWidth > 0);
                })
                """,
                null,
                new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            // A picture that does not arrive is the screenshot's loss, not the test's.
        }

        await page.ScreenshotAsync(new() { Path = path, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
    }

    /// <summary>Uploads a photo of <c>shared/fixtures/images</c> through the API under <paramref name="fileName"/>.</summary>
    protected async Task<JsonElement> SeedPhotoAsync(string fixture, string fileName, int categoryId = 0)
    {
        var bytes = await File.ReadAllBytesAsync(global::Attachments.UnitTests.Fixtures.Image(fixture));
        return await SeedFileAsync(bytes, fileName, categoryId);
    }

    protected async Task<JsonElement> SeedFileAsync(byte[] content, string fileName, int categoryId = 0) =>
        categoryId == 0
            ? await UploadOkAsync(Api, content, fileName)
            : await UploadOkAsync(Api, content, fileName, ("category_id", categoryId.ToString(CultureInfo.InvariantCulture)));

    protected async Task<int> CreateCategoryAsync(string title)
    {
        var data = await PostOkAsync("/api/attachment/category/detail", new { title });
        return data.GetProperty("id").GetInt32();
    }

    protected async Task<JsonElement> PostOkAsync(string path, object body)
    {
        using var response = await Api.PostAsJsonAsync(path, body);
        return await DataOfAsync(response);
    }

    protected async Task<JsonElement> GetOkAsync(string pathAndQuery)
    {
        using var response = await Api.GetAsync(pathAndQuery);
        return await DataOfAsync(response);
    }

    /// <summary>The attachment as <c>GET /api/attachment/detail</c> answers it.</summary>
    protected Task<JsonElement> DetailAsync(int id) =>
        GetOkAsync("/api/attachment/detail?id=" + id.ToString(CultureInfo.InvariantCulture));

    /// <summary>The body of <c>GET /api/attachment/list</c> (<c>data</c>, <c>total</c>, …) for the query.</summary>
    protected async Task<JsonElement> ListAsync(string query = "")
    {
        using var response = await Api.GetAsync("/api/attachment/list?pageSize=100&" + query);
        var body = await IntegrationTestBase.ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        return body;
    }

    /// <summary>A PDF by its magic bytes (the service decides types by content), about <paramref name="size"/> bytes.</summary>
    protected static byte[] PdfBytes(int size, int seed)
    {
        var content = new byte[size];
        var header = Encoding.ASCII.GetBytes($"%PDF-1.7\n% test document {seed}\n");
        header.CopyTo(content, 0);
        for (var i = header.Length; i < size; i++)
            content[i] = (byte)('a' + ((i * 7) + seed) % 26);
        return content;
    }

    private static async Task<JsonElement> DataOfAsync(HttpResponseMessage response)
    {
        var body = await IntegrationTestBase.ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(0), body.ToString());
        return body.GetProperty("data");
    }
}
