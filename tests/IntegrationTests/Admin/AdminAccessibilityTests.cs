using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Attachments.IntegrationTests.Admin;

/// <summary>
/// axe-core on each screen of the media library, on a library that looks like a real one; no serious or critical
/// violation is allowed. The screenshots in <c>docs/screenshots/</c> are taken here (and the login, picker and
/// phone ones where those screens are tested).
/// </summary>
public sealed class AdminAccessibilityTests : AdminTestBase
{
    [TestCase("library")]
    [TestCase("detail")]
    [TestCase("upload")]
    [TestCase("trash")]
    [TestCase("users")]
    [TestCase("jobs")]
    public async Task Screen_HasNoSeriousOrCriticalAxeViolations(string screen)
    {
        await SeedLibraryAsync();
        await OpenLibraryAsync(6);
        var main = Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        string? screenshot = screen;
        switch (screen)
        {
            case "library":
                break;
            case "detail":
                await FileButton(Page, "Harbour at dawn").ClickAsync();
                await Expect(DetailPanel(Page).GetByLabel("Alt text")).ToBeVisibleAsync();
                break;
            case "upload":
                await Page.GetByRole(AriaRole.Button, new() { Name = "Upload files" }).ClickAsync();
                await Expect(Page.Locator(".uppy-Dashboard-inner")).ToBeVisibleAsync();
                break;
            case "trash":
                await main.GetByText("Trash", new() { Exact = true }).ClickAsync();
                await Expect(Page.GetByRole(AriaRole.List, new() { Name = "Trash", Exact = true }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
                break;
            default:
                await main.GetByText(screen == "users" ? "Users" : "Jobs", new() { Exact = true }).ClickAsync();
                await Expect(Grid(Page)).ToHaveCountAsync(0);
                screenshot = null;
                break;
        }

        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (screenshot is not null)
            await ScreenshotAsync(Page, screenshot);
        await AssertAccessibleAsync(Page, screen);
    }

    private async Task SeedLibraryAsync()
    {
        var photos = await CreateCategoryAsync("Photos");
        var documents = await CreateCategoryAsync("Documents");
        await CreateCategoryAsync("Products");
        await SeedPhotoAsync("camera/DSCN0010.jpg", "Harbour at dawn.jpg", photos);
        await SeedPhotoAsync("camera/DSCN0021.jpg", "Lighthouse.jpg", photos);
        await SeedPhotoAsync("camera/no_exif.jpg", "Meadow in June.jpg", photos);
        await SeedPhotoAsync("camera/Canon_40D.jpg", "Team portrait.jpg");
        await SeedPhotoAsync("orientation/Landscape_1.jpg", "Mountain road.jpg");
        await SeedFileAsync(PdfBytes(48_000, 4), "Board minutes 2026-11.pdf", documents);
        var gone = await SeedPhotoAsync("camera/Nikon_D70.jpg", "Old logo.jpg");
        var alsoGone = await SeedPhotoAsync("camera/Pentax_K10D.jpg", "Draft banner.jpg");
        await PostOkAsync("/api/attachment/delete", new { ids = new[] { gone.GetProperty("id").GetInt32(), alsoGone.GetProperty("id").GetInt32() } });
    }
}
