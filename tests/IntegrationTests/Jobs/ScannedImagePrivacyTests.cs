using Attachments.IntegrationTests.Support;
using ImageMagick;
using static Attachments.IntegrationTests.Jobs.JobRequests;

namespace Attachments.IntegrationTests.Jobs;

/// <summary>No image the service serves carries EXIF or GPS once it has been uploaded, nor after a scan (decision 013).</summary>
public sealed class ScannedImagePrivacyTests : JobsTestBase
{
    private const string GpsPhoto = "camera/DSCN0010.jpg";
    private const string Day = "uploads/202601/15/";
    private static readonly (string, string?) IndexAsFound = ("Jobs:ScanProcessesImages", "false");

    [Test]
    public async Task Upload_SameBytesAsAnImageScanIndexedAsFound_ProcessesItInPlace()
    {
        var photo = Fixture(GpsPhoto);
        var factory = FactoryWith(IndexAsFound);
        using var client = await LoggedInClientAsync(factory);
        using var anonymous = factory.CreateClient();
        var location = PutFile(factory.Storage, Day + NewName("jpg"), photo);
        var scan = await RunAsync(client, Scan);
        var id = await QueryScalarAsync<long>("select id from attachments where file_location = @location", ("location", location));
        Assert.Multiple(async () =>
        {
            Assert.That(GpsLatitudeOf(await ServedAsync(anonymous, location)), Is.Not.Null, "scanned as found, GPS and all");
            Assert.That(Number(scan, "images_processed"), Is.Zero);
            Assert.That(await IsProcessedAsync(location), Is.False);
        });

        var data = await UploadOkAsync(client, photo, "holiday.jpg");

        var served = await ServedAsync(anonymous, location);
        var servedThumb = await ServedAsync(anonymous, ThumbOf(location));
        using var upright = new MagickImage(photo);
        upright.AutoOrient();
        var row = await RowAtAsync(location);
        Assert.Multiple(async () =>
        {
            Assert.That(data.GetProperty("id").GetInt64(), Is.EqualTo(id));
            Assert.That(LocationOf(data), Is.EqualTo(location));
            Assert.That(data.GetProperty("file_md5").GetString(), Is.EqualTo(Md5(photo)));
            Assert.That(data.GetProperty("file_size").GetInt64(), Is.EqualTo(served.LongLength));
            Assert.That((data.GetProperty("width").GetInt32(), data.GetProperty("height").GetInt32()),
                Is.EqualTo(((int)upright.Width, (int)upright.Height)));
            Assert.That((row["width"], row["height"], row["file_size"]), Is.EqualTo(((int)upright.Width, (int)upright.Height, served.LongLength)));
            Assert.That(await IsProcessedAsync(location), Is.True);
            Assert.That(await CountRowsAsync(), Is.EqualTo(1));
            Assert.That(served, Is.Not.EqualTo(photo));
            Assert.That(TempFiles(factory.Storage), Is.Empty, "nothing left staged");
        });
        AssertNoMetadata(served, "the served file");
        AssertNoMetadata(servedThumb, "the served thumbnail");
        using var image = new MagickImage(served);
        Assert.That((image.Width, image.Height, image.Format), Is.EqualTo((upright.Width, upright.Height, MagickFormat.Jpeg)));
    }

    [Test]
    public async Task Upload_SameBytesAgainAfterTheyWereProcessedInPlace_ChangesNothing()
    {
        var photo = Fixture(GpsPhoto);
        var factory = FactoryWith(IndexAsFound);
        using var client = await LoggedInClientAsync(factory);
        var location = PutFile(factory.Storage, Day + NewName("jpg"), photo);
        await RunAsync(client, Scan);
        await UploadOkAsync(client, photo, "first.jpg");
        var processed = StoredBytes(factory.Storage, location);
        var written = factory.Storage.Version(location);

        var again = await UploadOkAsync(client, photo, "second.jpg");

        Assert.Multiple(() =>
        {
            Assert.That(LocationOf(again), Is.EqualTo(location));
            Assert.That(StoredBytes(factory.Storage, location), Is.EqualTo(processed));
            Assert.That(factory.Storage.Version(location), Is.EqualTo(written));
        });
    }

    [Test]
    public async Task Scan_GpsTaggedPhoto_ServesItWithoutMetadataUnderTheFoundBytesMd5()
    {
        var photo = Fixture(GpsPhoto);
        Assert.That(GpsLatitudeOf(photo), Is.Not.Null, "the fixture carries a GPS position");
        var location = PutFile(Day + NewName("jpg"), photo);
        var client = await LoggedInClientAsync();
        using var anonymous = Factory.CreateClient();

        var job = await RunAsync(client, Scan);

        var served = await ServedAsync(anonymous, location);
        var servedThumb = await ServedAsync(anonymous, ThumbOf(location));
        using var upright = new MagickImage(photo);
        upright.AutoOrient();
        var row = await RowAtAsync(location);
        Assert.Multiple(async () =>
        {
            Assert.That(row["file_md5"], Is.EqualTo(Md5(photo)), "the bytes found, which an upload of them de-duplicates onto");
            Assert.That(row["file_size"], Is.EqualTo(served.LongLength));
            Assert.That((row["width"], row["height"]), Is.EqualTo(((int)upright.Width, (int)upright.Height)));
            Assert.That(row["mime_type"], Is.EqualTo("image/jpeg"));
            Assert.That(row["user_id"], Is.Null);
            Assert.That((long)row["updated_time"]!, Is.GreaterThanOrEqualTo((long)row["created_time"]!));
            Assert.That(await IsProcessedAsync(location), Is.True);
            Assert.That(Number(job, "indexed"), Is.EqualTo(1));
            Assert.That(Number(job, "images_processed"), Is.EqualTo(1));
            Assert.That(Number(job, "thumbnails_built"), Is.Zero, "processing wrote the thumbnail");
            Assert.That(Number(job, "total"), Is.EqualTo(2), "one file to index, then one image to process");
            Assert.That(Number(job, "failed"), Is.Zero);
            Assert.That(Storage.Files().Where(f => !f.StartsWith(".tmp/", StringComparison.Ordinal)),
                Is.EquivalentTo(new[] { location, ThumbOf(location) }));
            Assert.That(TempFiles(Storage), Is.Empty);
        });
        AssertNoMetadata(served, "the served file");
        AssertNoMetadata(servedThumb, "the served thumbnail");
    }

    [Test]
    public async Task Scan_WithProcessingOn_ProcessesImagesAnEarlierScanIndexedAsFound()
    {
        var photo = Fixture("camera/DSCN0021.jpg");
        var location = PutFile(Day + NewName("jpg"), photo);
        var client = await LoggedInClientAsync();
        await using (var asFound = new AttachmentsApiFactory(
            TestEnvironment.ConnectionString, StorageRoot, new Dictionary<string, string?> { [IndexAsFound.Item1] = IndexAsFound.Item2 }))
        {
            using var other = await LoggedInClientAsync(asFound);
            await RunAsync(other, Scan);
        }

        Assert.That(GpsLatitudeOf(StoredBytes(Storage, location)), Is.Not.Null, "indexed as found");

        var job = await RunAsync(client, Scan);

        Assert.Multiple(async () =>
        {
            Assert.That(Number(job, "indexed"), Is.Zero);
            Assert.That(Number(job, "already_indexed"), Is.EqualTo(1));
            Assert.That(Number(job, "images_processed"), Is.EqualTo(1));
            Assert.That(await IsProcessedAsync(location), Is.True);
        });
        AssertNoMetadata(StoredBytes(Storage, location), location);
        AssertNoMetadata(StoredBytes(Storage, ThumbOf(location)), ThumbOf(location));
    }

    private static Task<bool> IsProcessedAsync(string location) =>
        QueryScalarAsync<bool>("select is_processed from attachments where file_location = @location", ("location", location));

    private static async Task<byte[]> ServedAsync(HttpClient client, string location)
    {
        using var response = await client.GetAsync("/" + location);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), location);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
