using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Attachments.IntegrationTests.Browser;
using Attachments.IntegrationTests.Faults;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Tus;

/// <summary>
/// The public tus client, tus-js-client from npm (<c>tests/Browser/tus.mjs</c>), against real processes of the API: an
/// upload stopped half-way, the instance that had it killed, resumed and finished on another instance; a refused
/// file's msg; and a PATCH cut off mid-body keeps the bytes that did arrive.
/// </summary>
public sealed class TusClientTests : ProcessTestBase
{
    private const int FileSize = 6 * 1024 * 1024;

    private readonly List<string> _folders = [];

    [TearDown]
    public void DeleteFiles()
    {
        foreach (var folder in _folders)
            Directory.Delete(folder, recursive: true);

        _folders.Clear();
    }

    [Test]
    public async Task UploadStoppedOnOneInstance_ResumesAfterARestartOnAnother_AndBecomesTheFile()
    {
        var first = await StartServiceAsync();
        var second = await StartServiceAsync();
        var file = LargePdf();

        var started = await RunAsync(first, "start", file, ("TUS_STOP_AT", "2500000"));
        var offset = started.GetProperty("offset").GetInt64();
        await first.KillAsync();
        var url = new Uri(second.BaseAddress, new Uri(started.GetProperty("url").GetString()!).AbsolutePath);
        var resumed = await RunAsync(second, "resume", file, ("TUS_UPLOAD_URL", url.ToString()));

        var detail = resumed.GetProperty("detail");
        Assert.Multiple(() =>
        {
            Assert.That(offset, Is.GreaterThanOrEqualTo(2_500_000).And.LessThan(FileSize), "the stopped upload kept what it had sent");
            Assert.That(resumed.GetProperty("resumedFrom").GetInt64(), Is.EqualTo(offset), "the other instance resumed at the same offset");
            Assert.That(detail.GetProperty("file_size").GetInt64(), Is.EqualTo(new FileInfo(file).Length));
            Assert.That(detail.GetProperty("file_md5").GetString(), Is.EqualTo(Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(file)))));
            Assert.That(detail.GetProperty("mime_type").GetString(), Is.EqualTo("application/pdf"));
            Assert.That(Storage.ListUnder(TestStorage.Chunks), Is.Empty, "no part is left");
        });
    }

    [Test]
    public async Task RefusedFile_FailsInTheClientWithTheServicesStatusAndMsg()
    {
        var service = await StartServiceAsync();
        var file = TempFile("payload.exe");
        await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(1_500_000));

        var refused = await RunAsync(service, "refused", file);

        Assert.Multiple(() =>
        {
            Assert.That(refused.GetProperty("status").GetInt32(), Is.EqualTo(415));
            Assert.That(refused.GetProperty("msg").GetString(), Does.Contain("not on the list of allowed types"));
            Assert.That(Storage.ListUnder(TestStorage.Chunks), Is.Empty);
        });
    }

    [Test]
    public async Task PatchCutOffMidBody_KeepsTheBytesThatArrived()
    {
        var service = await StartServiceAsync();
        using var client = await service.LoggedInClientAsync();
        var bytes = File.ReadAllBytes(LargePdf());
        var url = await TusRequests.CreatedAsync(client, bytes.Length, ("filename", "big.pdf"));

        const int Sent = 1_000_000;
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(service.BaseAddress.Host, service.BaseAddress.Port);
            var stream = socket.GetStream();
            var head = $"PATCH {url} HTTP/1.1\r\nHost: {service.BaseAddress.Authority}\r\nAuthorization: {client.DefaultRequestHeaders.Authorization}\r\n" +
                       $"Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: {bytes.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(bytes.AsMemory(0, Sent));
            await stream.FlushAsync();
            await Task.Delay(500);
        }

        long offset = 0;
        for (var attempt = 0; attempt < 50 && offset == 0; attempt++)
        {
            await Task.Delay(200);
            using var response = await client.SendAsync(TusRequests.Head(url));
            offset = TusRequests.Offset(response);
        }

        using var rest = await client.SendAsync(TusRequests.Patch(url, offset, bytes[(int)offset..]));
        Assert.Multiple(() =>
        {
            Assert.That(offset, Is.EqualTo(Sent), "every byte that arrived before the connection went is kept");
            Assert.That((int)rest.StatusCode, Is.EqualTo(204));
            Assert.That(TusRequests.Header(rest, "Upload-Attachment-Id"), Is.Not.Null);
        });
    }

    /// <summary>A PDF (by its magic bytes and trailer) larger than several 1 MiB PATCHes.</summary>
    private string LargePdf()
    {
        var path = TempFile("large.pdf");
        var filler = new byte[FileSize];
        new Random(14).NextBytes(filler);
        using var file = File.Create(path);
        file.Write("%PDF-1.4\n"u8);
        file.Write(filler);
        file.Write("\n%%EOF\n"u8);
        return path;
    }

    /// <summary>A path for a file named <paramref name="name"/> (as the client sends it), deleted after the test.</summary>
    private string TempFile(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "attachments-tus-tests", Guid.NewGuid().ToString("N")));
        _folders.Add(folder.FullName);
        return Path.Combine(folder.FullName, name);
    }

    private static async Task<JsonElement> RunAsync(ServiceProcess service, string phase, string file, params (string Key, string Value)[] extra)
    {
        var folder = Repository.File(Path.Combine("tests", "Browser"));
        Assert.That(Directory.Exists(Path.Combine(folder, "node_modules", "tus-js-client")), Is.True,
            $"{folder}/node_modules is missing tus-js-client: run 'npm ci --prefix tests/Browser' (scripts/test.sh does).");

        var environment = new Dictionary<string, string>
        {
            ["ATTACHMENTS_URL"] = service.BaseAddress.ToString().TrimEnd('/'),
            ["ATTACHMENTS_USER"] = ServiceProcess.AdminUserName,
            ["ATTACHMENTS_PASSWORD"] = ServiceProcess.AdminPassword,
            ["TUS_PHASE"] = phase,
            ["TUS_FILE"] = Path.GetFullPath(file),
        };
        foreach (var (key, value) in extra)
            environment[key] = value;

        var (exitCode, output) = await NodeScripts.RunAsync(folder, "tus.mjs", environment);
        await TestContext.Out.WriteLineAsync(output);
        Assert.That(exitCode, Is.EqualTo(0), output);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(l => l.StartsWith('{'));
        return JsonDocument.Parse(last).RootElement.Clone();
    }
}
