using Attachments.Application.Attachments.Commands.DeleteAttachments;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.FunctionalTests.Support;
using static Attachments.Application.FunctionalTests.Testing;

namespace Attachments.Application.FunctionalTests.Attachments.Commands;

public sealed class DeleteAttachmentsTests : BaseTestFixture
{
    [Test]
    public async Task Delete_Attachments_RemovesRowsFilesAndThumbnails()
    {
        var pdf = await UploadAsync(TestFiles.Pdf(), "report.pdf");
        var image = await UploadAsync(TestFiles.Png(), "banner.png");

        await SendAsync(new DeleteAttachmentsCommand([pdf.Id, image.Id]));

        Assert.Multiple(async () =>
        {
            Assert.That(await CountAsync("attachments"), Is.Zero);
            Assert.That(StoredFiles(), Is.Empty);
        });
    }

    [Test]
    public async Task Delete_WithAnUnknownId_ThrowsNotFoundAndDeletesNothing()
    {
        var stored = await UploadAsync(TestFiles.Pdf(), "report.pdf");

        var refused = Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteAttachmentsCommand([stored.Id, 999])));

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Message, Does.Contain("999"));
            Assert.That(await FindAttachmentAsync(stored.Id), Is.Not.Null);
            Assert.That(StoredFiles(), Is.EqualTo(new[] { stored.FileLocation }));
        });
    }
}
