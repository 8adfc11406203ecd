using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Attachments.IntegrationTests.Admin;

/// <summary>The library on a phone (390×844 CSS pixels): usable, and nothing wider than the screen.</summary>
public sealed class AdminPhoneLayoutTests : AdminTestBase
{
    private const int Width = 390;

    protected override ViewportSize Viewport => new() { Width = Width, Height = 844 };

    [Test]
    public async Task Library_OnAPhone_OpensADetailPanel_WithoutHorizontalScrolling()
    {
        var photos = await CreateCategoryAsync("Photos");
        await SeedPhotoAsync("camera/DSCN0010.jpg", "harbour.jpg", photos);
        await SeedPhotoAsync("camera/DSCN0021.jpg", "lighthouse.jpg", photos);
        await SeedPhotoAsync("camera/no_exif.jpg", "a photo with a rather long name from the summer holidays.jpg");
        await SeedFileAsync(PdfBytes(4096, 3), "minutes.pdf");
        await OpenLibraryAsync(4);
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.That(await ScrollWidthAsync(), Is.LessThanOrEqualTo(Width), "The library scrolls sideways on a phone.");
        await ScreenshotAsync(Page, "phone");
        await AssertAccessibleAsync(Page, "phone library");

        await FileButton(Page, "harbour").ClickAsync();
        var detail = DetailPanel(Page);
        await Expect(detail).ToBeVisibleAsync();
        await Expect(detail.GetByLabel("Name", new() { Exact = true })).ToBeInViewportAsync();
        await Expect(detail.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("harbour");
        Assert.That(await ScrollWidthAsync(), Is.LessThanOrEqualTo(Width), "The detail panel scrolls sideways on a phone.");

        await detail.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(detail).ToHaveCountAsync(0);
    }

    private Task<int> ScrollWidthAsync() => Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
}
