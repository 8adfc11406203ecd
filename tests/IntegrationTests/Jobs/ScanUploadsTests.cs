using System.Net.Http.Json;
using System.Text;
using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Support;
using ImageMagick;
using static Attachments.IntegrationTests.Jobs.JobRequests;

namespace Attachments.IntegrationTests.Jobs;

public sealed class ScanUploadsTests : JobsTestBase
{
    private const string Day = "uploads/202601/15/";

    [Test]
    public async Task Scan_PhotoAndPdfWithoutRows_IndexesThemAndStoresThePhotoAsAnUploadWould()
    {
        var photo = Fixture("camera/DSCN0010.jpg");
        var pdf = TestFiles.Pdf("scanned");
        var photoLocation = PutFile(Day + "0123456789abcdef.jpg", photo);
        var pdfLocation = PutFile(Day + "fedcba9876543210.pdf", pdf);
        // Modified on Disk; on S3 the time the objects were written, which the scan must take just the same.
        var photoModified = new DateTimeOffset(Storage.LastModified(photoLocation)).ToUnixTimeSeconds();
        var modified = new DateTimeOffset(Storage.LastModified(pdfLocation)).ToUnixTimeSeconds();
        await WaitForTheNextSecondAfterAsync(Math.Max(photoModified, modified));
        var client = await LoggedInClientAsync();

        var job = await RunAsync(client, Scan);

        var photoRow = await RowAtAsync(photoLocation);
        var pdfRow = await RowAtAsync(pdfLocation);
        Assert.Multiple(() =>
        {
            Assert.That(photoRow["file_name"], Is.EqualTo("0123456789abcdef"));
            Assert.That(photoRow["original_file_name"], Is.EqualTo("0123456789abcdef.jpg"));
            Assert.That(photoRow["file_md5"], Is.EqualTo(Md5(photo)));
            Assert.That(photoRow["file_size"], Is.EqualTo(StoredBytes(Storage, photoLocation).LongLength));
            Assert.That(photoRow["mime_type"], Is.EqualTo("image/jpeg"));
            Assert.That((photoRow["width"], photoRow["height"]), Is.EqualTo((640, 480)));
            Assert.That(photoRow["is_image"], Is.True);
            Assert.That(photoRow["category_id"], Is.Null);
            Assert.That(photoRow["user_id"], Is.Null);
            Assert.That(photoRow["created_time"], Is.EqualTo(photoModified));
            Assert.That((long)photoRow["updated_time"]!, Is.GreaterThan(photoModified), "processed since the file was written");

            Assert.That(pdfRow["file_name"], Is.EqualTo("fedcba9876543210"));
            Assert.That((pdfRow["created_time"], pdfRow["updated_time"]), Is.EqualTo((modified, modified)));
            Assert.That(pdfRow["file_md5"], Is.EqualTo(Md5(pdf)));
            Assert.That(pdfRow["file_size"], Is.EqualTo(pdf.LongLength));
            Assert.That(pdfRow["mime_type"], Is.EqualTo("application/pdf"));
            Assert.That((pdfRow["width"], pdfRow["height"]), Is.EqualTo((0, 0)));
            Assert.That(pdfRow["is_image"], Is.False);
        });

        using var thumb = ReadStored(Storage, ThumbOf(photoLocation));
        Assert.Multiple(() =>
        {
            AssertNoMetadata(StoredBytes(Storage, photoLocation), "the stored photo");
            Assert.That(StoredBytes(Storage, pdfLocation), Is.EqualTo(pdf));
            Assert.That((thumb.Width, thumb.Height), Is.EqualTo((250u, 188u)));
            Assert.That(thumb.Format, Is.EqualTo(MagickFormat.Jpeg));
            Assert.That(Storage.Exists(ThumbOf(pdfLocation)), Is.False, "no thumbnail for a PDF");
            Assert.That(TempFiles(Storage), Is.Empty);

            Assert.That(Number(job, "total"), Is.EqualTo(3), "two files, then one image to process, which writes its thumbnail");
            Assert.That(Number(job, "processed"), Is.EqualTo(3));
            Assert.That(Number(job, "indexed"), Is.EqualTo(2));
            Assert.That(Number(job, "images_processed"), Is.EqualTo(1));
            Assert.That(Number(job, "thumbnails_built"), Is.Zero);
            Assert.That(Number(job, "skipped") + Number(job, "duplicates") + Number(job, "failed") + Number(job, "ignored") + Number(job, "already_indexed"), Is.Zero);
            Assert.That(Errors(job), Is.Empty);
            Assert.That(job.GetProperty("finished_at").GetInt64(), Is.GreaterThanOrEqualTo(job.GetProperty("started_at").GetInt64()));
        });
    }

    [Test]
    public async Task Scan_IndexedAttachment_IsServedAndListedLikeAnUpload()
    {
        var location = PutFile(Day + NewName("jpg"), Fixture("camera/DSCN0021.jpg"));
        var client = await LoggedInClientAsync();
        await RunAsync(client, Scan);
        using var anonymous = Factory.CreateClient();

        using var file = await anonymous.GetAsync("/" + location);
        using var thumb = await anonymous.GetAsync("/" + ThumbOf(location));

        Assert.That((int)file.StatusCode, Is.EqualTo(200));
        Assert.That(file.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
        Assert.That((int)thumb.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Scan_PhotoWithExifRotation_StoresItUpright()
    {
        var location = PutFile(Day + NewName("jpg"), Fixture("orientation/Landscape_6.jpg"));
        using var upright = new MagickImage(Fixture("orientation/Landscape_1.jpg"));
        var client = await LoggedInClientAsync();

        await RunAsync(client, Scan);

        var row = await RowAtAsync(location);
        using var stored = ReadStored(Storage, location);
        using var thumb = ReadStored(Storage, ThumbOf(location));
        Assert.Multiple(() =>
        {
            Assert.That((row["width"], row["height"]), Is.EqualTo(((int)upright.Width, (int)upright.Height)));
            Assert.That((stored.Width, stored.Height), Is.EqualTo((upright.Width, upright.Height)));
            Assert.That(stored.Orientation, Is.Not.EqualTo(Orientation.RightTop), "turned, not tagged");
            Assert.That(thumb.Width, Is.GreaterThan(thumb.Height), "landscape, as browsers show the photo");
        });
    }

    [Test]
    public async Task Scan_PhotoWithExifRotationIndexedAsFound_RecordsTheUprightSizeAndAnUprightThumbnail()
    {
        var factory = FactoryWith(("Jobs:ScanProcessesImages", "false"));
        var location = PutFile(factory.Storage, Day + NewName("jpg"), Fixture("orientation/Landscape_6.jpg"));
        using var upright = new MagickImage(Fixture("orientation/Landscape_1.jpg"));
        using var client = await LoggedInClientAsync(factory);

        var job = await RunAsync(client, Scan);

        var row = await RowAtAsync(location);
        using var thumb = ReadStored(factory.Storage, ThumbOf(location));
        Assert.Multiple(() =>
        {
            Assert.That((row["width"], row["height"]), Is.EqualTo(((int)upright.Width, (int)upright.Height)));
            Assert.That(thumb.Width, Is.GreaterThan(thumb.Height), "landscape, as browsers show the photo");
            Assert.That(StoredBytes(factory.Storage, location), Is.EqualTo(Fixture("orientation/Landscape_6.jpg")), "the photo itself is left as it is");
            Assert.That(Number(job, "images_processed"), Is.Zero);
            Assert.That(Number(job, "thumbnails_built"), Is.EqualTo(1));
        });
    }

    [TestCase("png", "image/png")]
    [TestCase("gif", "image/gif")]
    [TestCase("webp", "image/webp")]
    public async Task Scan_WebImage_IsIndexedWithAThumbnailInItsFormat(string extension, string mimeType)
    {
        var bytes = extension switch
        {
            "png" => GeneratedImages.PngWithTransparentBorder(300, 200),
            "gif" => GeneratedImages.AnimatedGif(frameCount: 3, 300, 200),
            _ => GeneratedImages.TwoHalves(MagickFormat.WebP, 300, 200),
        };
        var location = PutFile(Day + NewName(extension), bytes);
        var client = await LoggedInClientAsync();

        await RunAsync(client, Scan);

        var row = await RowAtAsync(location);
        using var stored = ReadStored(Storage, location);
        using var thumb = ReadStored(Storage, ThumbOf(location));
        Assert.Multiple(() =>
        {
            Assert.That(row["mime_type"], Is.EqualTo(mimeType));
            Assert.That((row["width"], row["height"]), Is.EqualTo((300, 200)));
            Assert.That(thumb.Format, Is.EqualTo(stored.Format));
            Assert.That((thumb.Width, thumb.Height), Is.EqualTo((250u, 167u)));
        });
    }

    [Test]
    public async Task Scan_TypesThatMayNotBeStoredAsTheyAre_AreSkippedAndCounted()
    {
        byte[] executable = [.. "MZ"u8, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, .. new byte[64]];
        var files = new Dictionary<string, byte[]>
        {
            [Day + NewName("exe")] = executable,
            [Day + NewName("jpg")] = executable,
            [Day + NewName("html")] = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><script>alert(1)</script></html>"),
            [Day + NewName("bmp")] = GeneratedImages.TwoHalves(MagickFormat.Bmp, 30, 20),
            [Day + NewName("jpg")] = TestFiles.Pdf("pretending"),
        };
        foreach (var (location, content) in files)
            PutFile(location, content);
        var client = await LoggedInClientAsync();

        var job = await RunAsync(client, Scan);

        Assert.Multiple(async () =>
        {
            Assert.That(Number(job, "skipped"), Is.EqualTo(files.Count));
            Assert.That(Number(job, "indexed"), Is.Zero);
            Assert.That(Number(job, "failed"), Is.Zero);
            Assert.That(Number(job, "processed"), Is.EqualTo(files.Count));
            Assert.That(await CountRowsAsync(), Is.Zero);
            Assert.That(Storage.Files(), Is.EquivalentTo(files.Keys), "left in storage as they were, no thumbnails");
            foreach (var (location, content) in files)
                Assert.That(StoredBytes(Storage, location), Is.EqualTo(content), location);
        });
    }

    [Test]
    public async Task Scan_FilesOutsideTheLayout_AreIgnoredAndLeftAlone()
    {
        var photo = Fixture("camera/DSCN0010.jpg");
        string[] outside =
        [
            "uploads/" + NewName("jpg"),
            "uploads/202601/" + NewName("jpg"),
            "uploads/202613/01/" + NewName("jpg"),
            "uploads/202601/32/" + NewName("jpg"),
            Day + "nested/" + NewName("jpg"),
            Day + "name with spaces.jpg",
            Day + "no-extension",
        ];
        string[] companions = [Day + "thumb_" + NewName("jpg"), Day + ".hidden.jpg", "uploads/.cache/202601/15/" + NewName("jpg")];
        var content = 0;
        foreach (var location in outside.Concat(companions))
            PutFile(location, [.. photo, (byte)content++]);
        var client = await LoggedInClientAsync();

        var job = await RunAsync(client, Scan);

        Assert.Multiple(async () =>
        {
            Assert.That(Number(job, "ignored"), Is.EqualTo(outside.Length), "thumbnails and hidden files are not counted");
            Assert.That(Number(job, "total"), Is.Zero);
            Assert.That(await CountRowsAsync(), Is.Zero);
            Assert.That(Storage.Files(), Is.EquivalentTo(outside.Concat(companions)), "nothing added, nothing removed");
        });
    }

    [Test]
    public async Task Scan_FileMovedOutsideTheLayoutByEdit_CountsItAsAlreadyIndexedNotIgnored()
    {
        var client = await LoggedInClientAsync();
        var uploaded = await UploadOkAsync(client, Fixture("camera/DSCN0010.jpg"), "hero.jpg");
        using (var edit = await client.PostAsJsonAsync(
            "/api/attachment/edit", new { id = uploaded.GetProperty("id").GetInt64(), file_location = "uploads/banners/hero.jpg" }))
            Assert.That((int)edit.StatusCode, Is.EqualTo(200), await edit.Content.ReadAsStringAsync());
        PutFile("uploads/banners/" + NewName("jpg"), TestFiles.Pdf("not ours"));

        var job = await RunAsync(client, Scan);

        Assert.Multiple(async () =>
        {
            Assert.That(Number(job, "already_indexed"), Is.EqualTo(1), job.ToString());
            Assert.That(Number(job, "ignored"), Is.EqualTo(1), "only the file without a row is outside the layout");
            Assert.That(Number(job, "total"), Is.Zero);
            Assert.That(await CountRowsAsync(), Is.EqualTo(1));
            Assert.That(Storage.Exists("uploads/banners/thumb_hero.jpg"), Is.True);
        });
    }

    [Test]
    public async Task Scan_SameBytesAsAnUploadedAttachment_CountsADuplicateAndLeavesTheCopy()
    {
        var photo = Fixture("camera/DSCN0010.jpg");
        var client = await LoggedInClientAsync();
        var uploaded = await UploadOkAsync(client, TestFiles.Pdf("original"), "original.pdf");
        var copy = PutFile(Day + NewName("pdf"), TestFiles.Pdf("original"));
        var other = PutFile(Day + NewName("jpg"), photo);

        var job = await RunAsync(client, Scan);

        Assert.Multiple(async () =>
        {
            Assert.That(Number(job, "duplicates"), Is.EqualTo(1));
            Assert.That(Number(job, "indexed"), Is.EqualTo(1));
            Assert.That(await CountRowsAtAsync(copy), Is.Zero);
            Assert.That(await CountRowsAtAsync(other), Is.EqualTo(1));
            Assert.That(await CountRowsAsync(), Is.EqualTo(2));
            Assert.That(Storage.Exists(copy), Is.True);
            Assert.That(await QueryScalarAsync<string>("select file_location from attachments where file_md5 = @md5", ("md5", Md5(TestFiles.Pdf("original")))),
                Is.EqualTo(LocationOf(uploaded)));
        });
    }

    [Test]
    public async Task Scan_TwoFilesWithTheSameBytes_IndexesOneAndCountsTheOtherAsDuplicate()
    {
        var pdf = TestFiles.Pdf("twice");
        PutFile(Day + NewName("pdf"), pdf);
        PutFile("uploads/202602/01/" + NewName("pdf"), pdf);
        var client = await LoggedInClientAsync();

        var job = await RunAsync(client, Scan);

        Assert.Multiple(async () =>
        {
            Assert.That(Number(job, "indexed"), Is.EqualTo(1));
            Assert.That(Number(job, "duplicates"), Is.EqualTo(1));
            Assert.That(await CountRowsAsync(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Scan_Twice_SecondIndexesNothingNew()
    {
        var location = PutFile(Day + NewName("jpg"), Fixture("camera/DSCN0010.jpg"));
        PutFile(Day + NewName("pdf"), TestFiles.Pdf("once"));
        var client = await LoggedInClientAsync();
        var first = await RunAsync(client, Scan);
        var thumbWritten = Storage.Version(ThumbOf(location));

        var second = await RunAsync(client, Scan);

        Assert.Multiple(async () =>
        {
            Assert.That(JobRequests.Id(second), Is.Not.EqualTo(JobRequests.Id(first)));
            Assert.That(Number(first, "indexed"), Is.EqualTo(2));
            Assert.That(Number(second, "total"), Is.Zero);
            Assert.That(Number(second, "indexed"), Is.Zero);
            Assert.That(Number(second, "thumbnails_built"), Is.Zero);
            Assert.That(Number(second, "images_processed"), Is.Zero);
            Assert.That(Number(second, "already_indexed"), Is.EqualTo(2));
            Assert.That(await CountRowsAsync(), Is.EqualTo(2));
            Assert.That(Storage.Version(ThumbOf(location)), Is.EqualTo(thumbWritten));
        });
    }

    [Test]
    public async Task Scan_UploadedAttachments_AreNotTouched()
    {
        var client = await LoggedInClientAsync();
        var image = LocationOf(await UploadOkAsync(client, Fixture("camera/DSCN0010.jpg"), "photo.jpg"));
        var pdf = LocationOf(await UploadOkAsync(client, TestFiles.Pdf("kept"), "kept.pdf"));
        var before = Storage.Files().ToDictionary(f => f, f => (Storage.ReadAllBytes(f), Storage.Version(f)));
        var rowsBefore = await QueryScalarAsync<string>("select string_agg(concat_ws('|', id, file_name, file_md5, file_size, width, height, user_id, created_time, updated_time, xmin), ',' order by id) from attachments");

        var job = await RunAsync(client, Scan);

        var after = Storage.Files().ToDictionary(f => f, f => (Storage.ReadAllBytes(f), Storage.Version(f)));
        Assert.Multiple(async () =>
        {
            Assert.That(Number(job, "total"), Is.Zero);
            Assert.That(Number(job, "already_indexed"), Is.EqualTo(2));
            Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
            foreach (var (file, (bytes, written)) in before)
            {
                Assert.That(after[file].Item1, Is.EqualTo(bytes), file);
                Assert.That(after[file].Item2, Is.EqualTo(written), file);
            }

            Assert.That(await QueryScalarAsync<string>("select string_agg(concat_ws('|', id, file_name, file_md5, file_size, width, height, user_id, created_time, updated_time, xmin), ',' order by id) from attachments"),
                Is.EqualTo(rowsBefore));
            Assert.That(before.Keys, Does.Contain(image).And.Contain(pdf).And.Contain(ThumbOf(image)));
        });
    }

    [Test]
    public async Task Scan_ImageRowWhoseThumbnailIsMissing_BuildsIt()
    {
        var client = await LoggedInClientAsync();
        var location = LocationOf(await UploadOkAsync(client, Fixture("camera/DSCN0010.jpg"), "photo.jpg"));
        Storage.Delete(ThumbOf(location));

        var job = await RunAsync(client, Scan);

        using var thumb = ReadStored(Storage, ThumbOf(location));
        Assert.Multiple(() =>
        {
            Assert.That(Number(job, "thumbnails_built"), Is.EqualTo(1));
            Assert.That(Number(job, "indexed"), Is.Zero);
            Assert.That((thumb.Width, thumb.Height), Is.EqualTo((250u, 188u)));
        });
    }

    [Test]
    public async Task Scan_UnreadableImage_IsCountedAsFailedAndTheOthersAreIndexed()
    {
        byte[] garbage = [0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Range(0, 2000).Select(i => (byte)(i * 7 % 251))];
        var broken = PutFile(Day + NewName("jpg"), garbage);
        var good = PutFile(Day + NewName("pdf"), TestFiles.Pdf("fine"));
        var client = await LoggedInClientAsync();

        var job = await RunAsync(client, Scan);

        Assert.Multiple(async () =>
        {
            Assert.That(JobRequests.State(job), Is.EqualTo("completed"), "one bad file never ends the job");
            Assert.That(Number(job, "failed"), Is.EqualTo(1));
            Assert.That(Number(job, "indexed"), Is.EqualTo(1));
            Assert.That(Number(job, "processed"), Is.EqualTo(2));
            Assert.That(Errors(job), Has.Count.EqualTo(1));
            Assert.That(Errors(job)[0], Does.StartWith(broken + ": "));
            Assert.That(Errors(job)[0], Does.Not.Contain(StorageRoot), "no server paths in messages");
            Assert.That(await CountRowsAtAsync(broken), Is.Zero);
            Assert.That(await CountRowsAtAsync(good), Is.EqualTo(1));
            Assert.That(Storage.Exists(broken), Is.True);
            Assert.That(TempFiles(Storage), Is.Empty);
        });
    }

    /// <summary>
    /// Until the clock has passed the second <paramref name="unixSeconds"/>, so that a time in whole seconds taken from
    /// now on is later than it (at once on Disk, whose files are dated <see cref="JobsTestBase.Modified"/>).
    /// </summary>
    private static async Task WaitForTheNextSecondAfterAsync(long unixSeconds)
    {
        while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() <= unixSeconds)
            await Task.Delay(50);
    }
}
