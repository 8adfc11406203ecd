using Attachments.Application.Common.Exceptions;
using Attachments.Application.FunctionalTests.Support;
using Attachments.Application.ImageUploadV1.Commands.UploadImage;
using static Attachments.Application.FunctionalTests.Testing;

namespace Attachments.Application.FunctionalTests.ImageUploadV1.Commands;

public sealed class UploadImageTests : BaseTestFixture
{
    [Test]
    public async Task UploadImage_Png_StoresItAndMapsTheStoredRow()
    {
        using var file = await StageAsync(TestFiles.Png(), "holiday photo.png");

        var dto = await SendAsync(new UploadImageCommand(file));

        var id = await ScalarAsync<long>("select id from attachments where file_location = @location", ("location", dto.FileLinkPath));
        var row = (await FindAttachmentAsync(id))!;
        Assert.Multiple(() =>
        {
            Assert.That(dto.FileName, Is.EqualTo(row.StoredName));
            Assert.That(dto.OriginalFileName, Is.EqualTo("holiday photo.png"));
            Assert.That(dto.FileLinkPath, Is.EqualTo(row.FileLocation));
            Assert.That(dto.MediaLink, Is.EqualTo($"{PublicBaseUrl}/{row.FileLocation}"));
            Assert.That(dto.Size, Is.EqualTo(row.FileSize));
            Assert.That(dto.CreateTime, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(row.CreatedTime.ToUnixTimeSeconds()).UtcDateTime));
            Assert.That(dto.CreateTime.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(dto.UpdateTime, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(row.UpdatedTime.ToUnixTimeSeconds()).UtcDateTime));
            Assert.That(row.IsImage, Is.True);
            Assert.That(StoredFiles(), Is.EquivalentTo(new[] { row.FileLocation, row.ThumbLocation }));
        });
    }

    [Test]
    public async Task UploadImage_Pdf_ThrowsUnsupportedMediaTypeAndStoresNothing()
    {
        using var file = await StageAsync(TestFiles.Pdf(), "report.pdf");

        var refused = Assert.ThrowsAsync<UnsupportedMediaTypeException>(() => SendAsync(new UploadImageCommand(file)));

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Message, Does.StartWith("Only images can be uploaded here"));
            Assert.That(await CountAsync("attachments"), Is.Zero);
            Assert.That(StoredFiles(), Is.Empty);
        });
    }
}
