using Attachments.Application.Attachments.Commands.UploadAttachment;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.FunctionalTests.Support;
using ImageMagick;
using static Attachments.Application.FunctionalTests.Testing;

namespace Attachments.Application.FunctionalTests.Attachments.Commands;

public sealed class UploadAttachmentTests : BaseTestFixture
{
    [Test]
    public async Task Upload_NewPdf_StoresRowAndFileWithItsMd5()
    {
        var bytes = TestFiles.Pdf();
        var md5 = TestFiles.Md5Of(bytes);
        var today = DateTime.UtcNow;

        using var file = await StageAsync(bytes, "Quarterly report.pdf");
        var dto = await SendAsync(new UploadAttachmentCommand(file));

        var row = await FindAttachmentAsync(dto.Id);
        Assert.That(row, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(row!.FileLocation, Is.EqualTo($"uploads/{today:yyyyMM}/{today:dd}/{md5[8..24]}.pdf"));
            Assert.That(row.FileMd5, Is.EqualTo(md5));
            Assert.That(row.FileName, Is.EqualTo("Quarterly report"));
            Assert.That(row.OriginalFileName, Is.EqualTo("Quarterly report.pdf"));
            Assert.That(row.FileSize, Is.EqualTo(bytes.Length));
            Assert.That(row.MimeType, Is.EqualTo("application/pdf"));
            Assert.That(row.IsImage, Is.False);
            Assert.That(row.CategoryId, Is.Null);
            Assert.That(row.UserId, Is.EqualTo(UserId));
            Assert.That(StoredMd5(row.FileLocation), Is.EqualTo(md5));
            Assert.That(StoredFiles(), Is.EqualTo(new[] { row.FileLocation }));
            Assert.That(dto.FileLocation, Is.EqualTo(row.FileLocation));
            Assert.That(dto.Logo, Is.EqualTo($"{PublicBaseUrl}/{row.FileLocation}"));
            Assert.That(dto.Thumb, Is.Empty);
        });
    }

    [Test]
    public async Task Upload_SameBytesTwice_ReturnsExistingAttachment()
    {
        var bytes = TestFiles.Pdf();
        using var first = await StageAsync(bytes, "one.pdf");
        using var second = await StageAsync(bytes, "two.pdf");

        var stored = await SendAsync(new UploadAttachmentCommand(first));
        var again = await SendAsync(new UploadAttachmentCommand(second));

        var row = await FindAttachmentAsync(stored.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(again.Id, Is.EqualTo(stored.Id));
            Assert.That(again.FileLocation, Is.EqualTo(stored.FileLocation));
            Assert.That(await CountAsync("attachments"), Is.EqualTo(1));
            Assert.That(row!.FileName, Is.EqualTo("one"), "the first upload's name stays");
            Assert.That(StoredFiles(), Is.EqualTo(new[] { stored.FileLocation }));
        });
    }

    [Test]
    public async Task Upload_SameBytesWithCategory_MovesExistingAttachmentThere()
    {
        var category = await AddCategoryAsync("Banners");
        var bytes = TestFiles.Pdf();
        using var first = await StageAsync(bytes, "a.pdf");
        using var second = await StageAsync(bytes, "a.pdf");

        var stored = await SendAsync(new UploadAttachmentCommand(first));
        var again = await SendAsync(new UploadAttachmentCommand(second, category));

        Assert.Multiple(async () =>
        {
            Assert.That(stored.CategoryId, Is.Zero);
            Assert.That(again.Id, Is.EqualTo(stored.Id));
            Assert.That(again.CategoryId, Is.EqualTo(category));
            Assert.That((await FindAttachmentAsync(stored.Id))!.CategoryId, Is.EqualTo(category));
        });
    }

    [Test]
    public async Task Upload_Image_StoresItWithItsThumbnail()
    {
        using var file = await StageAsync(TestFiles.Png(400, 300), "banner.png");

        var dto = await SendAsync(new UploadAttachmentCommand(file));

        var row = await FindAttachmentAsync(dto.Id);
        var thumb = row!.ThumbLocation!;
        var thumbnail = new MagickImageInfo(StoredPath(thumb));
        Assert.Multiple(() =>
        {
            Assert.That(row.IsImage, Is.True);
            Assert.That(row.FileLocation, Does.EndWith(".png"));
            Assert.That((row.Width, row.Height), Is.EqualTo((400, 300)));
            Assert.That(row.FileSize, Is.EqualTo(new FileInfo(StoredPath(row.FileLocation)).Length));
            Assert.That(StoredFiles(), Is.EquivalentTo(new[] { row.FileLocation, thumb }));
            Assert.That((thumbnail.Width, thumbnail.Height), Is.EqualTo((250u, 188u)));
            Assert.That(dto.Thumb, Is.EqualTo($"{PublicBaseUrl}/{thumb}"));
        });
    }

    [Test]
    public async Task Upload_RefusedType_ThrowsUnsupportedMediaTypeAndStoresNothing()
    {
        using var file = await StageAsync(TestFiles.Html(), "page.html");

        Assert.ThrowsAsync<UnsupportedMediaTypeException>(() => SendAsync(new UploadAttachmentCommand(file)));

        Assert.Multiple(async () =>
        {
            Assert.That(await CountAsync("attachments"), Is.Zero);
            Assert.That(StoredFiles(), Is.Empty);
        });
    }

    [Test]
    public async Task Upload_UnknownCategory_ThrowsValidationExceptionFromThePipelineAndStoresNothing()
    {
        using var file = await StageAsync(TestFiles.Pdf(), "a.pdf");

        var refused = Assert.ThrowsAsync<ValidationException>(() => SendAsync(new UploadAttachmentCommand(file, CategoryId: 42)));

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Errors.Keys, Is.EqualTo(new[] { nameof(UploadAttachmentCommand.CategoryId) }), "the validator's failures, as the pipeline collects them");
            Assert.That(refused.Message, Does.Contain("category_id 42 does not exist"));
            Assert.That(await CountAsync("attachments"), Is.Zero);
            Assert.That(StoredFiles(), Is.Empty);
        });
    }

    [Test]
    public async Task Upload_EmptyFile_ThrowsValidationException()
    {
        using var file = await StageAsync([], "empty.pdf");

        var refused = Assert.ThrowsAsync<ValidationException>(() => SendAsync(new UploadAttachmentCommand(file)));

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Message, Is.EqualTo("The file is empty."));
            Assert.That(await CountAsync("attachments"), Is.Zero);
        });
    }

    [Test]
    public async Task Upload_SameBytesInParallel_StoresOneRowAndBothGetItsId()
    {
        // Several rounds, each with new bytes, so that at least some of them meet on the unique md5 index.
        const int rounds = 5;
        for (var round = 0; round < rounds; round++)
        {
            var bytes = TestFiles.Pdf($"round {round}");
            using var first = await StageAsync(bytes, "first.pdf");
            using var second = await StageAsync(bytes, "second.pdf");

            var results = await Task.WhenAll(
                Task.Run(() => SendAsync(new UploadAttachmentCommand(first))),
                Task.Run(() => SendAsync(new UploadAttachmentCommand(second))));

            Assert.Multiple(async () =>
            {
                Assert.That(results[1].Id, Is.EqualTo(results[0].Id), $"round {round}");
                Assert.That(
                    await ScalarAsync<long>("select count(*) from attachments where file_md5 = @md5", ("md5", TestFiles.Md5Of(bytes))),
                    Is.EqualTo(1),
                    $"round {round}");
            });
        }

        Assert.That(StoredFiles(), Has.Count.EqualTo(rounds));
    }
}
