using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Support;
using ImageMagick;

namespace Attachments.IntegrationTests.Faults;

/// <summary>
/// SIGKILL while large uploads are streaming in and images are being processed, with a steady flow of small
/// uploads around them: a second instance on the same storage and database, never restarted, removes what the
/// dead one had staged, and every upload the dead one had acknowledged is there, row and bytes.
/// </summary>
public sealed class ProcessKillTests : ProcessTestBase
{
    private const int SlowUploads = 3;
    private const int BigImages = 3;
    private const int SteadyClients = 2;
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Kill_WhileUploadsStreamAndImagesAreProcessed_TheOtherInstanceClearsTheStagedFilesAndKeepsEveryAcknowledgedUpload()
    {
        // One image at a time, so that while one is being processed the others wait, staged, for their turn.
        var service = await StartServiceAsync(new Dictionary<string, string> { ["Images:MaxConcurrentJobs"] = "1" });
        var survivor = await StartServiceAsync(new Dictionary<string, string>
        {
            // Short enough for the test to wait for; in production an hour, since a live instance's staged files
            // are told from a dead one's only by their age.
            ["Storage:StagedMaxAge"] = "00:00:05",
            ["Storage:SweepInterval"] = "00:00:00.500",
            ["Storage:OperationLease"] = "00:00:01",
        });
        var staging = Path.Combine(StorageRoot, ".tmp");
        using var client = await service.LoggedInClientAsync();
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;

        using var stop = new CancellationTokenSource();
        var acknowledged = new ConcurrentQueue<Acknowledged>();
        var steady = Enumerable.Range(0, SteadyClients).Select(c => SteadyUploadsAsync(client, c, acknowledged, stop.Token)).ToList();
        await WaitUntilAsync(() => acknowledged.Count >= 4, "the first acknowledged uploads");

        var streams = Enumerable.Range(0, SlowUploads).Select(i => SlowUploadAsync(service.BaseAddress, token, i, stop.Token)).ToList();
        var bigImages = Enumerable.Range(0, BigImages).Select(i => NoisyJpeg(3000, 2400, seed: i)).ToList();
        var imageSizes = bigImages.Select(i => (long)i.Length).ToHashSet();
        var images = bigImages.Select((image, i) => UploadImageIgnoringTheKillAsync(client, image, i, acknowledged)).ToList();
        await WaitUntilAsync(
            () => StagedUploads(staging).Count(length => length > 256 * 1024 && !imageSizes.Contains(length)) >= SlowUploads
                && StagedUploads(staging).Count(imageSizes.Contains) >= 2,
            () => $"the slow uploads to be streaming and the images to be staged for processing (staged: {string.Join(", ", StagedUploads(staging))}; image sizes {string.Join(", ", imageSizes)})");

        await service.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(steady.Concat(streams).Concat(images));

        var staged = Storage.StagedFiles().Count;
        await TestContext.Out.WriteLineAsync($"{acknowledged.Count} uploads acknowledged before the kill; {staged} files staged by the dead instance");
        Assert.That(staged, Is.GreaterThanOrEqualTo(SlowUploads + 1), "the kill landed mid-stream, with an image still to process");
        await StorageConsistency.AssertHoldsWithinAsync(ConnectionString, Storage, TimeSpan.FromSeconds(30));

        using var reader = survivor.CreateClient();
        foreach (var upload in acknowledged)
        {
            var md5 = await QueryScalarAsync<string>("select file_md5 from attachments where id = @id", ("id", upload.Id));
            Assert.That(md5.Trim(), Is.EqualTo(upload.Md5), $"the row of acknowledged upload {upload.Id}");
            var served = await reader.GetByteArrayAsync("/" + upload.Location);
            if (!upload.IsImage)
                Assert.That(Convert.ToHexStringLower(MD5.HashData(served)), Is.EqualTo(upload.Md5), $"the bytes served for {upload.Location}");
        }

        using var again = await survivor.LoggedInClientAsync();
        await UploadOkAsync(again, TestFiles.Pdf("after the kill"), "after.pdf");
    }

    private static async Task SteadyUploadsAsync(HttpClient client, int clientNumber, ConcurrentQueue<Acknowledged> acknowledged, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var isImage = i % 4 == 3;
            var content = isImage
                ? GeneratedImages.TwoHalves(MagickFormat.Png, (uint)(60 + i), (uint)(40 + clientNumber))
                : TestFiles.Pdf($"steady client {clientNumber}, upload {i}");
            try
            {
                using var response = await UploadAsync(client, content, isImage ? $"s{clientNumber}-{i}.png" : $"s{clientNumber}-{i}.pdf");
                if ((int)response.StatusCode == 200)
                    acknowledged.Enqueue(Acknowledged.From(await response.Content.ReadAsStringAsync(CancellationToken.None), content, isImage));
            }
            catch (HttpRequestException)
            {
                // The process was killed under this request: it was never acknowledged.
            }
        }
    }

    private static async Task UploadImageIgnoringTheKillAsync(HttpClient client, byte[] image, int number, ConcurrentQueue<Acknowledged> acknowledged)
    {
        try
        {
            using var response = await UploadAsync(client, image, $"big-{number}.jpg");
            if ((int)response.StatusCode == 200)
                acknowledged.Enqueue(Acknowledged.From(await response.Content.ReadAsStringAsync(CancellationToken.None), image, isImage: true));
        }
        catch (HttpRequestException)
        {
        }
    }

    /// <summary>A large PDF sent over a raw socket a little at a time, so it is mid-stream for as long as the test needs.</summary>
    private static async Task SlowUploadAsync(Uri server, string token, int number, CancellationToken stop)
    {
        const string boundary = "----attachments-slow-upload";
        const long declared = 64L * 1024 * 1024;
        var head = Encoding.ASCII.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow-{number}.pdf\"\r\n" +
            "Content-Type: application/octet-stream\r\n\r\n%PDF-1.4\n");
        var tail = Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n");
        var request = string.Create(CultureInfo.InvariantCulture,
            $"POST /api/attachment/upload HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {head.Length + declared + tail.Length}\r\n\r\n");
        var filler = new byte[16 * 1024];
        Array.Fill(filler, (byte)('a' + number));
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(server.Host, server.Port, stop);
            await using var network = tcp.GetStream();
            await network.WriteAsync(Encoding.ASCII.GetBytes(request), stop);
            await network.WriteAsync(head, stop);
            // More than two staging chunks (256 KB each, decision 023) at once: the staged file is over 256 KB at once.
            for (var i = 0; i < 40; i++)
                await network.WriteAsync(filler, stop);

            // Comfortably above the server's minimum body rate, far too slow to ever finish.
            while (!stop.IsCancellationRequested)
            {
                await network.WriteAsync(filler, stop);
                await Task.Delay(200, stop);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // Killed, or stopped by the test.
        }
    }

    /// <summary>Sizes of the uploads being staged.</summary>
    /// <remarks>A file renamed or deleted between the listing and its length being read is no longer staged.</remarks>
    private static IEnumerable<long> StagedUploads(string staging) =>
        new DirectoryInfo(staging).EnumerateFiles("*.upload").Select(LengthOrNone).Where(length => length >= 0);

    private static long LengthOrNone(FileInfo file)
    {
        try
        {
            return file.Length;
        }
        catch (FileNotFoundException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Noise compresses badly and takes real work to decode, resize and encode again; the EXIF orientation makes
    /// sure it must be (an upright JPEG is stored without decoding its pixels, decision 022).
    /// </summary>
    private static byte[] NoisyJpeg(uint width, uint height, int seed)
    {
        var pixels = new byte[width * height];
        new Random(seed).NextBytes(pixels);
        using var image = new MagickImage(pixels, new MagickReadSettings { Width = width, Height = height, Format = MagickFormat.Gray, Depth = 8 });
        image.Quality = 92;
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)6);
        image.SetProfile(exif);
        image.Orientation = Orientation.RightTop;
        return image.ToByteArray(MagickFormat.Jpeg);
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(condition, () => what);

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting for {what()}.");

            await Task.Delay(20);
        }
    }

    private sealed record Acknowledged(long Id, string Location, string Md5, bool IsImage)
    {
        public static Acknowledged From(string body, byte[] content, bool isImage)
        {
            var data = JsonDocument.Parse(body).RootElement.GetProperty("data");
            var md5 = Convert.ToHexStringLower(MD5.HashData(content));
            Assert.That(data.GetProperty("file_md5").GetString(), Is.EqualTo(md5));
            return new Acknowledged(data.GetProperty("id").GetInt64(), data.GetProperty("file_location").GetString()!, md5, isImage);
        }
    }
}
