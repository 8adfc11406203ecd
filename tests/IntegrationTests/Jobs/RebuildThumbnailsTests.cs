using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Support;
using static Attachments.IntegrationTests.Jobs.JobRequests;

namespace Attachments.IntegrationTests.Jobs;

public sealed class RebuildThumbnailsTests : JobsTestBase
{
    [TestCase("Crop")]
    [TestCase("Pad")]
    public async Task Rebuild_AfterSwitchingToCropOrPad_MakesEveryThumbnailExactly250Square(string mode)
    {
        var client = await LoggedInClientAsync();
        var photo = LocationOf(await UploadOkAsync(client, Fixture("camera/DSCN0010.jpg"), "photo.jpg"));
        var logo = LocationOf(await UploadOkAsync(client, GeneratedImages.PngWithTransparentBorder(400, 300), "logo.png"));
        var pdf = LocationOf(await UploadOkAsync(client, TestFiles.Pdf("document"), "document.pdf"));
        using (var fitted = ReadStored(Storage, ThumbOf(photo)))
            Assert.That((fitted.Width, fitted.Height), Is.EqualTo((250u, 188u)), "made with the default Fit first");
        var photoBytes = StoredBytes(Storage, photo);
        var logoBytes = StoredBytes(Storage, logo);

        var reconfigured = InstanceWith(("Images:ThumbMode", mode));
        using var reconfiguredClient = await LoggedInClientAsync(reconfigured);
        var job = await RunAsync(reconfiguredClient, ThumbRebuild);

        using var photoThumb = ReadStored(Storage, ThumbOf(photo));
        using var logoThumb = ReadStored(Storage, ThumbOf(logo));
        Assert.Multiple(() =>
        {
            Assert.That(job.GetProperty("kind").GetString(), Is.EqualTo("thumb_rebuild"));
            Assert.That(Number(job, "total"), Is.EqualTo(2));
            Assert.That(Number(job, "thumbnails_built"), Is.EqualTo(2));
            Assert.That(Number(job, "failed"), Is.Zero);
            Assert.That((photoThumb.Width, photoThumb.Height), Is.EqualTo((250u, 250u)));
            Assert.That((logoThumb.Width, logoThumb.Height), Is.EqualTo((250u, 250u)));
            Assert.That(photoThumb.Format, Is.EqualTo(ImageMagick.MagickFormat.Jpeg));
            Assert.That(logoThumb.Format, Is.EqualTo(ImageMagick.MagickFormat.Png));
            Assert.That(StoredBytes(Storage, photo), Is.EqualTo(photoBytes), "the images themselves are not touched");
            Assert.That(StoredBytes(Storage, logo), Is.EqualTo(logoBytes));
            Assert.That(Storage.Exists(ThumbOf(pdf)), Is.False, "no thumbnail for a PDF");
            Assert.That(TempFiles(Storage), Is.Empty, "temp files renamed into place");
        });
    }

    [Test]
    public async Task Rebuild_WithSmallerThumbSize_FitsTheNewBoxKeepingAspect()
    {
        var client = await LoggedInClientAsync();
        var photo = LocationOf(await UploadOkAsync(client, Fixture("camera/DSCN0010.jpg"), "photo.jpg"));

        var reconfigured = InstanceWith(("Images:ThumbWidth", "100"), ("Images:ThumbHeight", "50"));
        using var reconfiguredClient = await LoggedInClientAsync(reconfigured);
        await RunAsync(reconfiguredClient, ThumbRebuild);

        using var thumb = ReadStored(Storage, ThumbOf(photo));
        Assert.That((thumb.Width, thumb.Height), Is.EqualTo((67u, 50u)), "640×480 scaled by 50/480");
    }

    [Test]
    public async Task Rebuild_ImageWhoseFileIsMissing_IsCountedAsFailedAndTheOthersAreRebuilt()
    {
        var client = await LoggedInClientAsync();
        var missing = LocationOf(await UploadOkAsync(client, Fixture("camera/DSCN0010.jpg"), "gone.jpg"));
        var present = LocationOf(await UploadOkAsync(client, Fixture("camera/DSCN0021.jpg"), "here.jpg"));
        Storage.Delete(missing);
        Storage.Delete(ThumbOf(present));

        var job = await RunAsync(client, ThumbRebuild);

        Assert.Multiple(() =>
        {
            Assert.That(State(job), Is.EqualTo("completed"), "one bad file never ends the job");
            Assert.That(Number(job, "failed"), Is.EqualTo(1));
            Assert.That(Number(job, "thumbnails_built"), Is.EqualTo(1));
            Assert.That(Number(job, "processed"), Is.EqualTo(2));
            Assert.That(Errors(job), Has.Count.EqualTo(1));
            Assert.That(Errors(job)[0], Does.StartWith(missing + ": "));
            Assert.That(Storage.Exists(ThumbOf(present)), Is.True);
        });
    }

    [Test]
    public async Task Rebuild_NoImages_CompletesWithNothingToDo()
    {
        var client = await LoggedInClientAsync();
        await UploadOkAsync(client, TestFiles.Pdf("only"), "only.pdf");

        var job = await RunAsync(client, ThumbRebuild);

        Assert.That(Number(job, "total"), Is.Zero);
        Assert.That(Number(job, "thumbnails_built"), Is.Zero);
    }
}
