using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;

namespace Attachments.IntegrationTests.Hostile;

/// <summary>
/// The storage root on a 2 MiB tmpfs, so the kernel itself answers ENOSPC: while the upload is staged, and while the
/// processed image is written. Ignored where a tmpfs cannot be mounted (not root).
/// </summary>
[DiskOnly("the storage root is a tmpfs that fills up; on S3 only staging would be on it")]
public sealed class DiskFullTests : HostileTestBase
{
    private const long DiskSize = 2 * 1024 * 1024;
    private const string Filler = "filler.bin";

    private TmpfsMount? _disk;
    private AttachmentsApiFactory? _api;

    private TmpfsMount Disk => _disk ?? throw new InvalidOperationException("No tmpfs mounted.");

    private AttachmentsApiFactory Api => _api ?? throw new InvalidOperationException("No API instance.");

    [SetUp]
    public void MountSmallDisk()
    {
        _disk = TmpfsMount.TryMount(DiskSize, out var whyNot);
        if (_disk is null)
            Assert.Ignore("Disk-full tests need a small file system of their own: " + whyNot);

        _api = new AttachmentsApiFactory(TestEnvironment.ConnectionString, _disk.Path);
    }

    [TearDown]
    public async Task UnmountAsync()
    {
        if (_api is not null)
            await _api.DisposeAsync();

        _disk?.Dispose();
    }

    [Test]
    public async Task Upload_LargerThanTheFreeSpace_Returns507InBothDialectsAndLeavesNothing()
    {
        using var client = await LoggedInClientAsync(Api);
        byte[] tooBig = [.. TestFiles.Pdf("too big"), .. new byte[3 * 1024 * 1024]];

        using var cms = await UploadNamedAsync(client, CmsUpload, tooBig, "archive.pdf");
        using var v1 = await UploadNamedAsync(client, V1Upload, tooBig, "huge.png");

        await AssertCmsErrorAsync(cms, 507, "disk is full");
        await AssertV1ErrorAsync(v1, 507, "disk is full");
        AssertRetryAfter(cms);
        await AssertNothingStoredAsync(Api.Storage);

        using var afterwards = await UploadNamedAsync(client, CmsUpload, TestFiles.Pdf("small"), "small.pdf");
        Assert.That((int)afterwards.StatusCode, Is.EqualTo(200), "the refused upload's temp file was removed, so there is room again");
    }

    [Test]
    public async Task Upload_ImageWhoseProcessedOutputDoesNotFit_Returns507InBothDialectsAndLeavesNothing()
    {
        var decoder = new DecoderCalls();
        using var client = await LoggedInClientAsync(WithDecoderCounted(Api, decoder));
        var photo = await File.ReadAllBytesAsync(Fixtures.Image("orientation/Landscape_0.jpg"));

        // Room to stage the upload and little more: the re-encoded image (hundreds of KiB) cannot be written.
        var filler = Path.Combine(Disk.Path, Filler);
        await File.WriteAllBytesAsync(filler, new byte[Disk.FreeBytes - photo.Length - (64 * 1024)]);
        await TestContext.Out.WriteLineAsync($"{Disk.FreeBytes:N0} bytes free for a {photo.Length:N0}-byte upload");

        using var cms = await UploadNamedAsync(client, CmsUpload, photo, "landscape.jpg");
        using var v1 = await UploadNamedAsync(client, V1Upload, photo, "landscape.jpg");

        await AssertCmsErrorAsync(cms, 507, "disk is full");
        await AssertV1ErrorAsync(v1, 507, "disk is full");
        var files = await FilesLeftAsync(Api.Storage);
        var rows = await CountRowsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(decoder.Count, Is.EqualTo(2), "both uploads were staged and reached image processing");
            Assert.That(files, Is.EqualTo(new[] { Filler }), "no temp, image or thumbnail left");
            Assert.That(rows, Is.Zero);
        });

        File.Delete(filler);
        using var afterwards = await UploadNamedAsync(client, CmsUpload, photo, "landscape.jpg");
        Assert.That((int)afterwards.StatusCode, Is.EqualTo(200), await afterwards.Content.ReadAsStringAsync());
        Assert.That(FilesUnder(Disk.Path), Has.Count.EqualTo(2), "image and thumbnail");
    }
}
