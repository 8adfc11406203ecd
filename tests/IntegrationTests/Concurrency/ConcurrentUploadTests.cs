using System.Net.Http.Headers;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.Delivery;
using Attachments.Infrastructure.Imaging;
using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Support;
using ImageMagick;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Attachments.IntegrationTests.Concurrency;

/// <summary>
/// Races that real admin front ends produce: two people replacing the same attachment, and the same
/// file dropped into several browser tabs at once. A barrier in front of the real image processor holds
/// every request until all of them have read the database, so the race is certain, not likely.
/// </summary>
public sealed class ConcurrentUploadTests : IntegrationTestBase
{
    private const int SameBytesRequests = 8;

    [Test]
    public async Task Replace_TwoAtOnceOfOneAttachment_OneWinsTheOtherGets503ToRetryAndOneFileIsReferenced()
    {
        var original = GeneratedImages.TwoHalves(MagickFormat.Jpeg, 300, 200);
        var first = GeneratedImages.TwoHalves(MagickFormat.Jpeg, 320, 240);
        var second = GeneratedImages.TwoHalves(MagickFormat.Jpeg, 640, 360);
        var rendezvous = new Rendezvous(parties: 2);
        var (factory, storage) = FactoryWith(rendezvous);
        await using var _ = factory;
        using var client = await LoggedInClientAsync(factory);
        var id = (await UploadOkAsync(client, original, "original.jpg")).GetProperty("id").GetInt64();
        rendezvous.Arm();

        var responses = await Task.WhenAll(
            ReplaceAsync(client, id, first, "first.jpg"),
            ReplaceAsync(client, id, second, "second.jpg"));

        var statuses = responses.Select(r => r.Status).Order().ToArray();
        Assert.That(statuses, Is.EqualTo(new[] { 200, 503 }), string.Join(" | ", responses.Select(r => r.Body)));
        var winner = responses.Single(r => r.Status == 200).Body.GetProperty("data");
        var loser = responses.Single(r => r.Status == 503).Body;
        var location = winner.GetProperty("file_location").GetString()!;
        var row = await RowAsync(id);
        using var served = new MagickImage(storage.ReadAllBytes(location));
        Assert.Multiple(() =>
        {
            Assert.That(loser.GetProperty("code").GetInt32(), Is.EqualTo(-1));
            Assert.That(loser.GetProperty("msg").GetString(), Does.Contain($"Attachment {id}").And.Contain("try again").IgnoreCase);
            Assert.That(row.Md5, Is.EqualTo(winner.GetProperty("file_md5").GetString()), "the row describes the winner");
            Assert.That((served.Width, served.Height), Is.EqualTo(((uint)row.Width, (uint)row.Height)), "the stored file is the winner's");
            Assert.That(UploadedFiles(storage), Is.EquivalentTo(new[] { location, ThumbOf(location) }), "exactly one file and its thumbnail");
            Assert.That(TempLeftovers(storage), Is.Empty);
        });
    }

    [Test]
    public async Task Upload_SameImageInParallelInBothDialects_StoresOneRowAndOneFile()
    {
        var image = GeneratedImages.TwoHalves(MagickFormat.Png, 400, 300);
        var rendezvous = new Rendezvous(SameBytesRequests);
        rendezvous.Arm();
        var (factory, storage) = FactoryWith(rendezvous);
        await using var _ = factory;
        using var client = await LoggedInClientAsync(factory);

        var uploads = Enumerable.Range(0, SameBytesRequests)
            .Select(i => i % 2 == 0 ? UploadV1Async(client, image, $"tab{i}.png") : UploadCmsAsync(client, image, $"tab{i}.png"));
        var responses = await Task.WhenAll(uploads);

        Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(200), string.Join(" | ", responses.Select(r => r.Body)));
        var location = await QueryScalarAsync<string>("select file_location from attachments");
        var answered = responses.Select(r => r.Body.GetProperty("data"))
            .Select(d => d.TryGetProperty("file_location", out var cms) ? cms.GetString() : d.GetProperty("fileLinkPath").GetString());
        Assert.Multiple(async () =>
        {
            Assert.That(answered, Is.All.EqualTo(location), "every request answers with the same attachment");
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
            Assert.That(UploadedFiles(storage), Is.EquivalentTo(new[] { location, ThumbOf(location) }));
            Assert.That(TempLeftovers(storage), Is.Empty);
        });
    }

    [Test]
    public async Task Upload_SameFileInParallel_StoresOneRow()
    {
        var pdf = TestFiles.Pdf("the same report, sent from eight tabs");
        var storage = Storage;
        var client = await LoggedInClientAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, SameBytesRequests).Select(i => UploadCmsAsync(client, pdf, $"report{i}.pdf")));

        Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(200), string.Join(" | ", responses.Select(r => r.Body)));
        var location = await QueryScalarAsync<string>("select file_location from attachments");
        Assert.Multiple(async () =>
        {
            Assert.That(responses.Select(r => r.Body.GetProperty("data").GetProperty("id").GetInt64()).Distinct().Count(), Is.EqualTo(1));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(1));
            Assert.That(UploadedFiles(storage), Is.EqualTo(new[] { location }));
            Assert.That(storage.ReadAllBytes(location), Is.EqualTo(pdf));
            Assert.That(TempLeftovers(storage), Is.Empty);
        });
    }

    private (WebApplicationFactory<Program> Factory, TestStorage Storage) FactoryWith(Rendezvous rendezvous)
    {
        var own = FactoryWith(("Images:MaxQueuedJobs", "64"));
        var factory = own.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<MagickImageProcessor>();
            services.AddSingleton<IImageProcessor>(provider => new BarrierImageProcessor(provider.GetRequiredService<MagickImageProcessor>(), rendezvous));
        }));
        return (factory, own.Storage);
    }

    private static async Task<(int Status, System.Text.Json.JsonElement Body)> ReplaceAsync(HttpClient client, long id, byte[] image, string name)
    {
        using var response = await UploadAsync(client, image, name, ("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    private static async Task<(int Status, System.Text.Json.JsonElement Body)> UploadCmsAsync(HttpClient client, byte[] content, string name)
    {
        using var response = await UploadAsync(client, content, name);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    private static async Task<(int Status, System.Text.Json.JsonElement Body)> UploadV1Async(HttpClient client, byte[] image, string name)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", name);
        using var response = await client.PostAsync("/UploadImage", form);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    private static async Task<(string Md5, int Width, int Height)> RowAsync(long id) => (
        await QueryScalarAsync<string>("select file_md5 from attachments where id = @id", ("id", id)),
        await QueryScalarAsync<int>("select width from attachments where id = @id", ("id", id)),
        await QueryScalarAsync<int>("select height from attachments where id = @id", ("id", id)));

    private static string ThumbOf(string location)
    {
        var slash = location.LastIndexOf('/');
        return location[..(slash + 1)] + "thumb_" + location[(slash + 1)..];
    }

    private static List<string> UploadedFiles(TestStorage storage) =>
        storage.Files().Where(f => f.StartsWith("uploads/", StringComparison.Ordinal)).ToList();

    private static List<string> TempLeftovers(TestStorage storage) =>
        storage.Files().Where(f => f.StartsWith(".tmp/", StringComparison.Ordinal)).ToList();

    /// <summary>Once armed, holds the first <c>parties</c> arrivals until all of them are there, then lets them go together.</summary>
    private sealed class Rendezvous(int parties)
    {
        private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
        private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _armed;
        private int _arrived;

        public void Arm() => _armed = true;

        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            if (!_armed)
                return;

            if (Interlocked.Increment(ref _arrived) >= parties)
                _allArrived.TrySetResult();

            await _allArrived.Task.WaitAsync(MaxWait, cancellationToken);
        }
    }

    /// <summary>The real processor, entered only after the rendezvous: by then every racing request has read the database.</summary>
    private sealed class BarrierImageProcessor(IImageProcessor inner, Rendezvous rendezvous) : IImageProcessor
    {
        public async Task<ProcessedImage> ProcessAsync(string sourcePath, string inputExtension, string outputExtension, CancellationToken cancellationToken)
        {
            await rendezvous.WaitAsync(cancellationToken);
            return await inner.ProcessAsync(sourcePath, inputExtension, outputExtension, cancellationToken);
        }

        public Task<ProcessedImage> ProcessStoredAsync(string imagePath, string extension, CancellationToken cancellationToken) =>
            inner.ProcessStoredAsync(imagePath, extension, cancellationToken);

        public Task<(int Width, int Height)> MeasureAsync(string imagePath, string extension, CancellationToken cancellationToken) =>
            inner.MeasureAsync(imagePath, extension, cancellationToken);

        public Task<ImagePlaceholder> WriteThumbnailAsync(
            string imagePath, string extension, string thumbnailPath, FocalPoint focus, CancellationToken cancellationToken) =>
            inner.WriteThumbnailAsync(imagePath, extension, thumbnailPath, focus, cancellationToken);

        public Task RenderAsync(
            string imagePath, string extension, TransformPlan plan, string outputExtension, int quality, string outputPath, CancellationToken cancellationToken) =>
            inner.RenderAsync(imagePath, extension, plan, outputExtension, quality, outputPath, cancellationToken);

        public bool CanWrite(string extension) => inner.CanWrite(extension);
    }
}
