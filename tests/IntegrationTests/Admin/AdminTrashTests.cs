using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Attachments.IntegrationTests.Admin;

/// <summary>The Trash view: files deleted through the API are restored, or deleted for ever after a confirmation.</summary>
public sealed class AdminTrashTests : AdminTestBase
{
    [Test]
    public async Task RestoreSelected_BringsTheFileBackToTheLibrary()
    {
        var harbour = await SeedPhotoAsync("camera/Canon_40D.jpg", "harbour.jpg");
        await SeedPhotoAsync("camera/Nikon_D70.jpg", "lighthouse.jpg");
        await PostOkAsync("/api/attachment/delete", new { id = harbour.GetProperty("id").GetInt32() });
        await OpenLibraryAsync(1);

        await OpenTrashAsync();
        var trash = Page.GetByRole(AriaRole.List, new() { Name = "Trash", Exact = true });
        await Expect(trash.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await trash.GetByRole(AriaRole.Checkbox, new() { Name = "Select harbour", Exact = true }).CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Restore selected", Exact = true }).ClickAsync();

        await Expect(Status(Page)).ToHaveTextAsync("Restored 1 file.");
        await Expect(trash.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(0);
        var restored = await DetailAsync(harbour.GetProperty("id").GetInt32());
        Assert.That(restored.GetProperty("file_name").GetString(), Is.EqualTo("harbour"));
        Assert.That((await ListAsync()).GetProperty("total").GetInt32(), Is.EqualTo(2));

        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByText("Library", new() { Exact = true }).ClickAsync();
        await Expect(Grid(Page).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
    }

    [Test]
    public async Task DeleteSelectedForEver_AfterTheConfirmation_RemovesTheFile()
    {
        var harbour = await SeedPhotoAsync("camera/Canon_40D.jpg", "harbour.jpg");
        await PostOkAsync("/api/attachment/delete", new { id = harbour.GetProperty("id").GetInt32() });
        await OpenLibraryAsync(0);

        await OpenTrashAsync();
        var trash = Page.GetByRole(AriaRole.List, new() { Name = "Trash", Exact = true });
        await trash.GetByRole(AriaRole.Checkbox, new() { Name = "Select harbour", Exact = true }).CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete selected for ever", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete for ever", Exact = true }).ClickAsync();

        await Expect(trash.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(0);
        using var response = await Api.GetAsync("/api/attachment/detail?id=" + harbour.GetProperty("id").GetInt32());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ListAsync("trashed=1")).GetProperty("total").GetInt32(), Is.EqualTo(0));
    }

    private async Task OpenTrashAsync() =>
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByText("Trash", new() { Exact = true }).ClickAsync();
}
