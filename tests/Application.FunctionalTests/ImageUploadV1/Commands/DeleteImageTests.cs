using Attachments.Application.Common.Exceptions;
using Attachments.Application.FunctionalTests.Support;
using Attachments.Application.ImageUploadV1.Commands.DeleteImage;
using Attachments.Application.ImageUploadV1.Commands.UploadImage;
using static Attachments.Application.FunctionalTests.Testing;

namespace Attachments.Application.FunctionalTests.ImageUploadV1.Commands;

public sealed class DeleteImageTests : BaseTestFixture
{
    [Test]
    public async Task DeleteImage_ByStoredName_RemovesRowImageAndThumbnail()
    {
        var kept = await UploadAsync(TestFiles.Png(colour: "#00aa00"), "kept.png");
        using var file = await StageAsync(TestFiles.Png(colour: "#aa0000"), "photo.png");
        var image = await SendAsync(new UploadImageCommand(file));

        await SendAsync(new DeleteImageCommand(image.FileName));

        Assert.Multiple(async () =>
        {
            Assert.That(await ScalarAsync<long>("select id from attachments"), Is.EqualTo(kept.Id));
            Assert.That(StoredFiles(), Has.None.Contains(image.FileName));
            Assert.That(StoredFiles(), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task DeleteImage_UnknownName_ThrowsNotFound()
    {
        var kept = await UploadAsync(TestFiles.Png(), "kept.png");

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DeleteImageCommand("0123456789abcdef.png")));

        Assert.That(await FindAttachmentAsync(kept.Id), Is.Not.Null);
    }
}
