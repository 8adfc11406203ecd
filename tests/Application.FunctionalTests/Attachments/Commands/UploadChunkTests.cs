using Attachments.Application.Attachments.Commands.UploadChunk;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.FunctionalTests.Support;
using static Attachments.Application.FunctionalTests.Testing;

namespace Attachments.Application.FunctionalTests.Attachments.Commands;

public sealed class UploadChunkTests : BaseTestFixture
{
    private const int Chunks = 3;

    [Test]
    public async Task UploadChunk_PartsInOrder_CompleteTheUpload()
    {
        var bytes = TestFiles.Pdf(new string('x', 3000));
        var md5 = TestFiles.Md5Of(bytes);

        var results = new List<ChunkUploadResult>();
        foreach (var index in new[] { 0, 1, 2 })
            results.Add(await SendPartAsync(bytes, index, md5));

        var attachment = results[^1].Attachment!;
        Assert.Multiple(async () =>
        {
            Assert.That(results[0].Progress, Is.EqualTo(new ChunkProgressDto(0, Chunks, 1, Complete: false)));
            Assert.That(results[1].Progress, Is.EqualTo(new ChunkProgressDto(1, Chunks, 2, Complete: false)));
            Assert.That(attachment.FileMd5, Is.EqualTo(md5));
            Assert.That((await FindAttachmentAsync(attachment.Id))!.FileSize, Is.EqualTo(bytes.Length));
            Assert.That(await File.ReadAllBytesAsync(StoredPath(attachment.FileLocation)), Is.EqualTo(bytes));
            Assert.That(ChunkFiles(), Is.Empty, "the parts are gone once assembled");
        });
    }

    [Test]
    public async Task UploadChunk_PartsOutOfOrder_CompleteTheUpload()
    {
        var bytes = TestFiles.Pdf(new string('y', 3000));
        var md5 = TestFiles.Md5Of(bytes);

        var results = new List<ChunkUploadResult>();
        foreach (var index in new[] { 2, 0, 1 })
            results.Add(await SendPartAsync(bytes, index, md5));

        Assert.Multiple(async () =>
        {
            Assert.That(results[0].Progress!.Received, Is.EqualTo(1));
            Assert.That(results[1].Progress!.Received, Is.EqualTo(2));
            Assert.That(await File.ReadAllBytesAsync(StoredPath(results[2].Attachment!.FileLocation)), Is.EqualTo(bytes));
            Assert.That(ChunkFiles(), Is.Empty);
        });
    }

    [Test]
    public async Task UploadChunk_Md5OfOtherBytes_ThrowsValidationExceptionAndDiscardsTheParts()
    {
        var bytes = TestFiles.Pdf(new string('z', 3000));
        var wrongMd5 = TestFiles.Md5Of(TestFiles.Pdf("something else"));

        await SendPartAsync(bytes, 0, wrongMd5);
        await SendPartAsync(bytes, 1, wrongMd5);
        Assert.That(ChunkFiles(), Has.Count.EqualTo(2), "parts held until the last one");

        var refused = Assert.ThrowsAsync<ValidationException>(() => SendPartAsync(bytes, 2, wrongMd5));

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Message, Does.Contain($"not {wrongMd5}"));
            Assert.That(ChunkFiles(), Is.Empty);
            Assert.That(await CountAsync("attachments"), Is.Zero);
            Assert.That(StoredFiles(), Is.Empty);
        });
    }

    private static async Task<ChunkUploadResult> SendPartAsync(byte[] whole, int index, string md5)
    {
        var size = (whole.Length + Chunks - 1) / Chunks;
        var start = index * size;
        using var part = await StageAsync(whole[start..Math.Min(whole.Length, start + size)], "blob");
        return await SendAsync(new UploadChunkCommand(part, Chunks, index, "big.pdf", md5));
    }
}
