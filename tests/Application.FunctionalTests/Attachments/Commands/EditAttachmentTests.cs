using Attachments.Application.Attachments.Commands.EditAttachment;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.FunctionalTests.Support;
using static Attachments.Application.FunctionalTests.Testing;

namespace Attachments.Application.FunctionalTests.Attachments.Commands;

public sealed class EditAttachmentTests : BaseTestFixture
{
    [Test]
    public async Task Edit_FileName_RenamesAndLeavesTheFileWhereItIs()
    {
        var stored = await UploadAsync(TestFiles.Pdf(), "report.pdf");

        var edited = await SendAsync(new EditAttachmentCommand(stored.Id, FileName: "Annual report"));

        var row = await FindAttachmentAsync(stored.Id);
        Assert.Multiple(() =>
        {
            Assert.That(edited.FileName, Is.EqualTo("Annual report"));
            Assert.That(row!.FileName, Is.EqualTo("Annual report"));
            Assert.That(row.FileLocation, Is.EqualTo(stored.FileLocation));
            Assert.That(StoredFiles(), Is.EqualTo(new[] { stored.FileLocation }));
        });
    }

    [Test]
    public async Task Edit_FileLocation_MovesTheFileAndItsThumbnail()
    {
        var stored = await UploadAsync(TestFiles.Png(), "banner.png");
        var md5OnDisk = StoredMd5(stored.FileLocation);
        const string target = "uploads/moved/banner.png";

        var edited = await SendAsync(new EditAttachmentCommand(stored.Id, FileLocation: target));

        Assert.Multiple(async () =>
        {
            Assert.That(edited.FileLocation, Is.EqualTo(target));
            Assert.That((await FindAttachmentAsync(stored.Id))!.FileLocation, Is.EqualTo(target));
            Assert.That(StoredFiles(), Is.EqualTo(new[] { target, "uploads/moved/thumb_banner.png" }));
            Assert.That(StoredMd5(target), Is.EqualTo(md5OnDisk));
        });
    }

    [Test]
    public async Task Edit_OntoAnotherAttachmentsLocation_ThrowsConflictAndMovesNothing()
    {
        var first = await UploadAsync(TestFiles.Pdf("first"), "first.pdf");
        var second = await UploadAsync(TestFiles.Pdf("second"), "second.pdf");
        var before = StoredFiles();

        Assert.ThrowsAsync<ConflictException>(() => SendAsync(new EditAttachmentCommand(first.Id, FileLocation: second.FileLocation)));

        Assert.Multiple(async () =>
        {
            Assert.That((await FindAttachmentAsync(first.Id))!.FileLocation, Is.EqualTo(first.FileLocation));
            Assert.That(StoredFiles(), Is.EqualTo(before));
            Assert.That(StoredMd5(first.FileLocation), Is.EqualTo(first.FileMd5));
            Assert.That(StoredMd5(second.FileLocation), Is.EqualTo(second.FileMd5));
        });
    }
}
