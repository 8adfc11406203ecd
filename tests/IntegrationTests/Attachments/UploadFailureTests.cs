using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.IntegrationTests.Support;
using Attachments.Infrastructure.Files;
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
        var (factory, root) = FactoryReplacing(services => services.AddSingleton<IImageProcessor, CrashingImageProcessor>());
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
            Assert.That(FilesUnder(root), Is.Empty);
        });
    }

    [Test]
    public async Task Upload_WhenMovingTheFileIntoPlaceFails_RollsBackTheRowAndLeavesNothing()
    {
        var (factory, root) = FactoryReplacing(services =>
        {
            services.AddSingleton<DiskFileStorage>();
            services.AddSingleton<IFileStorage>(provider => new PlaceFailingStorage(provider.GetRequiredService<DiskFileStorage>()));
        });
        await using var _ = factory;
        using var client = await LoggedInClientAsync(factory);

        using var response = await UploadAsync(client, TestFiles.Pdf(), "a.pdf");

        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(500));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
            Assert.That(FilesUnder(root), Is.Empty);
        });
    }

    [Test]
    public async Task Upload_WhenTheThumbnailIsPlacedButTheImageIsNot_RemovesTheThumbnailToo()
    {
        var (factory, root) = FactoryReplacing(services =>
        {
            services.AddSingleton<DiskFileStorage>();
            services.AddSingleton<IFileStorage>(provider => new PlaceFailingStorage(provider.GetRequiredService<DiskFileStorage>(), failOnCall: 2));
        });
        await using var _ = factory;
        using var client = await LoggedInClientAsync(factory);

        using var response = await UploadAsync(client, await File.ReadAllBytesAsync(Fixtures.Image("camera/DSCN0010.jpg")), "a.jpg");

        Assert.Multiple(async () =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(500));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
            Assert.That(FilesUnder(root), Is.Empty);
        });
    }

    private (WebApplicationFactory<Program> Factory, string StorageRoot) FactoryReplacing(Action<IServiceCollection> replace)
    {
        var own = FactoryWith();
        return (own.WithWebHostBuilder(builder => builder.ConfigureTestServices(replace)), own.StorageRoot);
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

        public Task WriteThumbnailAsync(string imagePath, string extension, string thumbnailPath, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);
    }

    private sealed class PlaceFailingStorage(IFileStorage inner, int failOnCall = 1) : IFileStorage
    {
        private int _calls;

        public Task<StagedFile> StageAsync(Stream content, string clientFileName, long maxBytes, CancellationToken cancellationToken) =>
            inner.StageAsync(content, clientFileName, maxBytes, cancellationToken);

        public string NewTempPath(string extension) => inner.NewTempPath(extension);

        public void Place(string tempPath, string location)
        {
            if (Interlocked.Increment(ref _calls) == failOnCall)
                throw new IOException("No space left on device");

            inner.Place(tempPath, location);
        }

        public IFileReplacement Replace(string tempPath, string location, string? backupPath) => inner.Replace(tempPath, location, backupPath);

        public bool TryMove(string fromLocation, string toLocation) => inner.TryMove(fromLocation, toLocation);

        public bool Trash(string location, string trashPath) => inner.Trash(location, trashPath);

        public void Delete(string location) => inner.Delete(location);

        public string FullPath(string location) => inner.FullPath(location);

        public IEnumerable<string> EnumerateLocations() => inner.EnumerateLocations();

        public void DeleteTemp(string tempPath) => inner.DeleteTemp(tempPath);
    }
}
