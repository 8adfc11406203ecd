using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Attachments.IntegrationTests.Admin;

/// <summary>Finding, editing, moving and deleting files in the library, seeded through the API.</summary>
public sealed partial class AdminLibraryTests : AdminTestBase
{
    [Test]
    public async Task Search_ByPartOfAName_ShowsOnlyThatFile()
    {
        await SeedPhotoAsync("camera/Canon_40D.jpg", "harbour.jpg");
        await SeedPhotoAsync("camera/Nikon_D70.jpg", "lighthouse.jpg");
        await SeedPhotoAsync("camera/Pentax_K10D.jpg", "meadow.jpg");
        await OpenLibraryAsync(3);

        await Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync("lightho");

        await Expect(Grid(Page).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Expect(FileButton(Page, "lighthouse")).ToBeVisibleAsync();
    }

    [Test]
    public async Task TypeFilter_ShowsImagesOrOtherFiles()
    {
        await SeedPhotoAsync("camera/Canon_40D.jpg", "harbour.jpg");
        await SeedPhotoAsync("camera/Nikon_D70.jpg", "lighthouse.jpg");
        await SeedFileAsync(PdfBytes(4096, 1), "minutes.pdf");
        await OpenLibraryAsync(3);
        var type = Page.GetByLabel("Type", new() { Exact = true });

        await type.SelectOptionAsync(new SelectOptionValue { Label = "Other files" });
        await Expect(Grid(Page).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Expect(FileButton(Page, "minutes")).ToBeVisibleAsync();

        await type.SelectOptionAsync(new SelectOptionValue { Label = "Images" });
        await Expect(Grid(Page).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Expect(FileButton(Page, "harbour")).ToBeVisibleAsync();
        await Expect(FileButton(Page, "lighthouse")).ToBeVisibleAsync();
    }

    [Test]
    public async Task CategoryButton_NamesItsCount_AndShowsOnlyItsFiles()
    {
        var photos = await CreateCategoryAsync("Photos");
        await SeedPhotoAsync("camera/Canon_40D.jpg", "harbour.jpg", photos);
        await SeedPhotoAsync("camera/Nikon_D70.jpg", "lighthouse.jpg", photos);
        await SeedFileAsync(PdfBytes(4096, 2), "minutes.pdf");
        await OpenLibraryAsync(3);
        var categories = Page.GetByRole(AriaRole.Navigation, new() { Name = "Categories" });
        await Expect(categories.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^All files\s*3\b") })).ToBeVisibleAsync();

        await categories.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Photos\s*2\b") }).ClickAsync();

        await Expect(Grid(Page).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Expect(FileButton(Page, "minutes")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task NewCategory_SavedInItsForm_AppearsInTheCategories()
    {
        await SeedPhotoAsync("camera/Canon_40D.jpg", "harbour.jpg");
        await OpenLibraryAsync(1);

        await Page.GetByRole(AriaRole.Button, new() { Name = "New category" }).ClickAsync();
        await Page.GetByLabel("Category name").FillAsync("Travel");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save category" }).ClickAsync();

        var categories = Page.GetByRole(AriaRole.Navigation, new() { Name = "Categories" });
        await Expect(categories.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Travel\s*0\b") })).ToBeVisibleAsync();
        var list = await GetOkAsync("/api/attachment/category/list");
        Assert.That(list.EnumerateArray().Select(c => c.GetProperty("title").GetString()), Is.EquivalentTo(new[] { "Travel" }));
    }

    [Test]
    public async Task DetailPanel_Rename_SavesTheNewNameAndShowsItInTheGrid()
    {
        var photo = await SeedPhotoAsync("camera/Canon_40D.jpg", "harbour.jpg");
        await OpenLibraryAsync(1);

        await FileButton(Page, "harbour").ClickAsync();
        var detail = DetailPanel(Page);
        await detail.GetByLabel("Name", new() { Exact = true }).FillAsync("Harbour at dusk");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Expect(Status(Page)).ToHaveTextAsync("Saved.");
        await Expect(FileButton(Page, "Harbour at dusk")).ToBeVisibleAsync();
        var stored = await DetailAsync(photo.GetProperty("id").GetInt32());
        Assert.That(stored.GetProperty("file_name").GetString(), Is.EqualTo("Harbour at dusk"));
    }

    [Test]
    public async Task DetailPanel_AltText_IsSavedOnTheAttachment()
    {
        var photo = await SeedPhotoAsync("camera/Canon_40D.jpg", "harbour.jpg");
        await OpenLibraryAsync(1);

        await FileButton(Page, "harbour").ClickAsync();
        var detail = DetailPanel(Page);
        await detail.GetByLabel("Alt text").FillAsync("Fishing boats moored in a small harbour");
        await detail.GetByLabel("Caption").FillAsync("The old port at low tide.");
        await detail.GetByLabel("Tags").FillAsync("boats, sea");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Expect(Status(Page)).ToHaveTextAsync("Saved.");
        var stored = await DetailAsync(photo.GetProperty("id").GetInt32());
        Assert.That(stored.GetProperty("alt").GetString(), Is.EqualTo("Fishing boats moored in a small harbour"));
        Assert.That(stored.GetProperty("caption").GetString(), Is.EqualTo("The old port at low tide."));
        Assert.That(stored.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EquivalentTo(new[] { "boats", "sea" }));
    }

    [Test]
    public async Task DetailPanel_Move_PutsTheFileInTheChosenCategory()
    {
        await CreateCategoryAsync("Photos");
        var photo = await SeedPhotoAsync("camera/Canon_40D.jpg", "harbour.jpg");
        await OpenLibraryAsync(1);

        await FileButton(Page, "harbour").ClickAsync();
        var detail = DetailPanel(Page);
        await detail.GetByLabel("Category", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Photos" });
        await detail.GetByRole(AriaRole.Button, new() { Name = "Move", Exact = true }).ClickAsync();

        await Expect(Status(Page)).ToHaveTextAsync("Moved 1 file.");
        var categories = Page.GetByRole(AriaRole.Navigation, new() { Name = "Categories" });
        await Expect(categories.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Photos\s*1\b") })).ToBeVisibleAsync();
        var stored = await DetailAsync(photo.GetProperty("id").GetInt32());
        var category = (await GetOkAsync("/api/attachment/category/list")).EnumerateArray().Single();
        Assert.That(stored.GetProperty("category_id").GetInt32(), Is.EqualTo(category.GetProperty("id").GetInt32()));
    }

    [Test]
    public async Task BulkMove_OfTwoSelected_MovesBoth()
    {
        var photos = await CreateCategoryAsync("Photos");
        await SeedPhotoAsync("camera/Canon_40D.jpg", "harbour.jpg");
        await SeedPhotoAsync("camera/Nikon_D70.jpg", "lighthouse.jpg");
        await SeedPhotoAsync("camera/Pentax_K10D.jpg", "meadow.jpg");
        await OpenLibraryAsync(3);

        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select harbour", Exact = true }).CheckAsync();
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select meadow", Exact = true }).CheckAsync();
        await Page.GetByLabel("Move selected to").SelectOptionAsync(new SelectOptionValue { Label = "Photos" });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Move selected", Exact = true }).ClickAsync();

        await Expect(Status(Page)).ToHaveTextAsync("Moved 2 files.");
        var inPhotos = await ListAsync("category_id=" + photos);
        Assert.That(inPhotos.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("file_name").GetString()),
            Is.EquivalentTo(new[] { "harbour", "meadow" }));
    }

    [Test]
    public async Task BulkDelete_OfTwoSelected_MovesThemToTheTrash_AndLeavesTheRest()
    {
        await SeedPhotoAsync("camera/Canon_40D.jpg", "harbour.jpg");
        await SeedPhotoAsync("camera/Nikon_D70.jpg", "lighthouse.jpg");
        await SeedPhotoAsync("camera/Pentax_K10D.jpg", "meadow.jpg");
        await OpenLibraryAsync(3);

        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select harbour", Exact = true }).CheckAsync();
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Select lighthouse", Exact = true }).CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete selected", Exact = true }).ClickAsync();
        var confirm = Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { NameRegex = DeleteButtonName() });
        if (await confirm.CountAsync() > 0)
            await confirm.First.ClickAsync();

        await Expect(Grid(Page).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Expect(FileButton(Page, "meadow")).ToBeVisibleAsync();
        var left = await ListAsync();
        Assert.That(left.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("file_name").GetString()), Is.EquivalentTo(new[] { "meadow" }));
        var trashed = await ListAsync("trashed=1");
        Assert.That(trashed.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("file_name").GetString()),
            Is.EquivalentTo(new[] { "harbour", "lighthouse" }));
    }

    [GeneratedRegex("^Delete")]
    private static partial Regex DeleteButtonName();
}
