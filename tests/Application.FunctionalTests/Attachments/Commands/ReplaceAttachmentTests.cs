using Attachments.Application.Attachments.Commands.ReplaceAttachment;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.FunctionalTests.Support;
using Attachments.Domain.Entities;
using ImageMagick;
using static Attachments.Application.FunctionalTests.Testing;

namespace Attachments.Application.FunctionalTests.Attachments.Commands;

public sealed class ReplaceAttachmentTests : BaseTestFixture
{
    [Test]
    public async Task Replace_NewBytes_KeepsLocationAndUpdatesMd5()
    {
        var stored = await UploadAsync(TestFiles.Pdf("version 1"), "report.pdf");
        var newBytes = TestFiles.Pdf("version 2, a little longer");

        using var file = await StageAsync(newBytes, "report-v2.pdf");
        var replaced = await SendAsync(new ReplaceAttachmentCommand(file, stored.Id));

        var row = await FindAttachmentAsync(stored.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(replaced.Id, Is.EqualTo(stored.Id));
            Assert.That(row!.FileLocation, Is.EqualTo(stored.FileLocation));
            Assert.That(row.FileMd5, Is.EqualTo(TestFiles.Md5Of(newBytes)));
            Assert.That(row.FileSize, Is.EqualTo(newBytes.Length));
            Assert.That(row.OriginalFileName, Is.EqualTo("report-v2.pdf"));
            Assert.That(await File.ReadAllBytesAsync(StoredPath(row.FileLocation)), Is.EqualTo(newBytes));
            Assert.That(StoredFiles(), Is.EqualTo(new[] { stored.FileLocation }));
        });
    }

    [Test]
    public async Task Replace_Image_PutsNewImageAndThumbnailAtTheSameLocations()
    {
        var stored = await UploadAsync(TestFiles.Png(400, 300, "#3366cc"), "banner.png");
        var thumb = Attachment.ThumbLocationFor(stored.FileLocation);

        using var file = await StageAsync(TestFiles.Png(100, 200, "#cc3333"), "banner-red.png");
        await SendAsync(new ReplaceAttachmentCommand(file, stored.Id));

        var row = await FindAttachmentAsync(stored.Id);
        using var thumbnail = new MagickImage(StoredPath(thumb));
        Assert.Multiple(() =>
        {
            Assert.That(row!.FileLocation, Is.EqualTo(stored.FileLocation));
            Assert.That((row.Width, row.Height), Is.EqualTo((100, 200)));
            Assert.That(new MagickImageInfo(StoredPath(row.FileLocation)).Width, Is.EqualTo(100u));
            Assert.That(thumbnail.Height, Is.EqualTo(200u), "a thumbnail of the new image");
            Assert.That(StoredFiles(), Is.EquivalentTo(new[] { stored.FileLocation, thumb }));
        });
    }

    [Test]
    public async Task Replace_SameMd5_ChangesNothing()
    {
        var bytes = TestFiles.Pdf();
        var stored = await UploadAsync(bytes, "report.pdf");
        var before = await FindAttachmentAsync(stored.Id);
        var writtenAt = File.GetLastWriteTimeUtc(StoredPath(stored.FileLocation));

        using var file = await StageAsync(bytes, "other name.pdf");
        var replaced = await SendAsync(new ReplaceAttachmentCommand(file, stored.Id));

        var after = await FindAttachmentAsync(stored.Id);
        Assert.Multiple(() =>
        {
            Assert.That(replaced.Id, Is.EqualTo(stored.Id));
            Assert.That(after!.UpdatedTime, Is.EqualTo(before!.UpdatedTime));
            Assert.That(after.OriginalFileName, Is.EqualTo("report.pdf"));
            Assert.That(after.FileMd5, Is.EqualTo(before.FileMd5));
            Assert.That(File.GetLastWriteTimeUtc(StoredPath(stored.FileLocation)), Is.EqualTo(writtenAt), "the file was not written again");
        });
    }

    [Test]
    public async Task Replace_WithBytesOfAnotherAttachment_ThrowsConflictAndChangesNothing()
    {
        var first = await UploadAsync(TestFiles.Pdf("first"), "first.pdf");
        var secondBytes = TestFiles.Pdf("second");
        var second = await UploadAsync(secondBytes, "second.pdf");

        using var file = await StageAsync(secondBytes, "second.pdf");
        var refused = Assert.ThrowsAsync<ConflictException>(() => SendAsync(new ReplaceAttachmentCommand(file, first.Id)));

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Message, Does.Contain($"attachment {second.Id}"));
            Assert.That((await FindAttachmentAsync(first.Id))!.FileMd5, Is.EqualTo(first.FileMd5));
            Assert.That(StoredMd5(first.FileLocation), Is.EqualTo(first.FileMd5));
        });
    }

    [Test]
    public async Task Replace_ImageWithPdf_ThrowsUnsupportedMediaTypeAndChangesNothing()
    {
        var stored = await UploadAsync(TestFiles.Png(), "banner.png");

        using var file = await StageAsync(TestFiles.Pdf(), "banner.pdf");
        Assert.ThrowsAsync<UnsupportedMediaTypeException>(() => SendAsync(new ReplaceAttachmentCommand(file, stored.Id)));

        var row = await FindAttachmentAsync(stored.Id);
        Assert.Multiple(() =>
        {
            Assert.That(row!.FileMd5, Is.EqualTo(stored.FileMd5));
            Assert.That(row.MimeType, Is.EqualTo("image/png"));
            Assert.That(StoredFiles(), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Replace_UnknownId_ThrowsNotFound()
    {
        using var file = await StageAsync(TestFiles.Pdf(), "report.pdf");

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ReplaceAttachmentCommand(file, Id: 999)));

        Assert.That(await CountAsync("attachments"), Is.Zero);
    }
}
