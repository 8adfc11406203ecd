using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.Delivery;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Attachments.IntegrationTests.Attachments;

public sealed class UploadFailureTests : IntegrationTestBase
{
    [Test]
    public async Task Upload_WhenImageProcessingCrashes_Returns500WithGenericMessageAndLeavesNothing()
    {
        var (factory, storage) = FactoryReplacing(services => services.AddSingleton<IImageProcessor, CrashingImageProcessor>());
        await using var _ = factory;
        using var client = await LoggedInClientAsync(factory);

        using var response = await UploadAsync(client, await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg")), "a.jpg");
        var body = await ReadJsonAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(500));
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(-1));
            Assert.That(body.GetProperty("msg").GetString(), Does.Not.Contain(CrashingImageProcessor.Secret).And.Not.Contain(" at "));
            Assert.That(body.ToString(), Does.Not.Contain("Exception"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
            Assert.That(storage.Files(), Is.Empty);
        });
    }

    [TestCase("a.pdf", TestName = "Upload_WhenPuttingTheFileInPlaceFails_Answers503ThenTheSweepPutsItThere")]
    [TestCase("a.jpg", TestName = "Upload_WhenTheThumbnailIsPlacedButTheImageIsNot_Answers503ThenTheSweepPlacesTheImage")]
    [DiskOnly("the fault is a directory where the file must be renamed to, which only a file system has")]
    public async Task Upload_WhenPuttingTheFileInPlaceFails_RollsForwardOnceItCan(string name)
    {
        // A directory where the file must go makes the rename after the commit fail, as a broken disk would.
        var factory = FactoryWith(("Storage:OperationLease", "00:00:01"), ("Storage:SweepInterval", "00:00:00.200"));
        using var client = await LoggedInClientAsync(factory);
        var content = name.EndsWith(".pdf", StringComparison.Ordinal)
            ? TestFiles.Pdf("blocked")
            : await File.ReadAllBytesAsync(Fixtures.Image("camera/DSCN0010.jpg"));
        var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(content));
        var location = $"uploads/{DateTime.UtcNow:yyyyMM}/{DateTime.UtcNow:dd}/{md5[8..24]}{Path.GetExtension(name)}";
        var blocker = Path.Combine(factory.StorageRoot, location);
        Directory.CreateDirectory(blocker);

        using var response = await UploadAsync(client, content, name);
        var body = await ReadJsonAsync(response);
        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(503), body.ToString());
            Assert.That(body.GetProperty("msg").GetString(), Does.Contain("saved, but its files could not be put in place yet"));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1), "the row is committed");
            Assert.That(await QueryScalarAsync<string>("select last_error from pending_file_operations"), Is.Not.Empty);
        });

        Directory.Delete(blocker);
        await StorageConsistency.AssertHoldsWithinAsync(TestEnvironment.ConnectionString, factory.Storage, TimeSpan.FromSeconds(15));
        Assert.That(await QueryScalarAsync<long>("select count(*) from pending_file_operations"), Is.Zero);
        using var again = await UploadAsync(client, content, name);
        Assert.That((int)again.StatusCode, Is.EqualTo(200), "the retry the 503 asked for answers the attachment");
    }

    private (WebApplicationFactory<Program> Factory, TestStorage Storage) FactoryReplacing(Action<IServiceCollection> replace)
    {
        var own = FactoryWith();
        return (own.WithWebHostBuilder(builder => builder.ConfigureTestServices(replace)), own.Storage);
    }

    private sealed class CrashingImageProcessor : IImageProcessor
    {
        public const string Secret = "connection-secret-in-exception";

        public Task<ProcessedImage> ProcessAsync(
            string sourcePath, string inputExtension, string outputExtension, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public Task<ProcessedImage> ProcessStoredAsync(string imagePath, string extension, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public Task<(int Width, int Height)> MeasureAsync(string imagePath, string extension, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public Task<ImagePlaceholder> WriteThumbnailAsync(
            string imagePath, string extension, string thumbnailPath, FocalPoint focus, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public Task RenderAsync(
            string imagePath, string extension, TransformPlan plan, string outputExtension, int quality, string outputPath, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public bool CanWrite(string extension) => true;
    }
}
