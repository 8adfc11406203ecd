using System.Net.Http.Json;
using System.Text.Json;
using Attachments.IntegrationTests.Faults;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;
using Npgsql;

namespace Attachments.IntegrationTests.Durability;

/// <summary>
/// What a power cut could take from an acknowledged write, read from the real process's system calls under
/// <c>strace</c> (docs/decisions/016-roll-forward-file-operations.md): the staged bytes are fsynced before the
/// commit, renamed into place after it, and the directories whose entries changed are fsynced before the pending
/// operation is deleted and the response leaves. The test fails if strace is missing: it installs nothing.
/// </summary>
[DiskOnly("it traces the fsync and rename calls that put files in place on a local file system")]
public sealed class FsyncOrderTests : ProcessTestBase
{
    private static readonly TimeSpan TraceWait = TimeSpan.FromSeconds(15);

    private ServiceProcess? _service;
    private string _tracePath = string.Empty;

    private string Root => Path.GetFullPath(StorageRoot);

    [TearDown]
    public async Task StopTracedServiceAsync()
    {
        if (_service is null)
            return;

        var failed = TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed;
        await _service.DisposeAsync();
        if (failed)
        {
            await TestContext.Out.WriteLineAsync($"--- output of the traced service ---{Environment.NewLine}{_service.Output}");
            if (File.Exists(_tracePath))
                TestContext.AddTestAttachment(_tracePath, "strace output of the service");
        }
        else if (File.Exists(_tracePath))
        {
            File.Delete(_tracePath);
        }
    }

    [Test]
    public async Task Upload_Pdf_IsFsyncedBeforeTheCommitRenamedAfterItAndItsDirectoriesFsyncedBeforeTheResponse()
    {
        var client = await StartTracedServiceAsync();
        var existing = ExistingDirectories();

        var (upload, port) = await SendTracedAsync(client, c => UploadAsync(c, TestFiles.Pdf("durable"), "durable.pdf"));
        var trace = await TraceUntilResponseAsync(port);

        var location = upload.GetProperty("file_location").GetString()!;
        var target = PathOf(location);
        var rename = trace.RenamesTo(target).SingleOrDefault();
        Assert.That(rename, Is.Not.Null, $"no rename to {target}:{Environment.NewLine}{trace.Excerpt(0, int.MaxValue)}");
        var staged = rename!.Strings[0];
        Assert.That(staged, Does.StartWith(Path.Combine(Root, ".tmp") + "/").And.EndWith(".upload"));

        var response = trace.ResponseTo(port);
        var directories = ChangedDirectories(target, existing);
        var excerpt = trace.AssertInOrder(
            ("fsync of the staged upload", [trace.SyncsOf(staged).FirstOrDefault()]),
            ("the commit", [trace.LastSentToDatabaseBefore(DurabilityTrace.Commit, rename.Position)]),
            ("rename into uploads/", [rename]),
            ($"fsync of {string.Join(", ", directories.Select(Relative))}", [.. directories.Select(d => trace.SyncsOf(d, after: rename.Position).FirstOrDefault())]),
            ("delete of the pending operation", [trace.FirstSentToDatabaseAfter(DurabilityTrace.DeletePendingOperation, rename.Position)]),
            ("the response", [response]));
        Assert.That(directories.Select(Relative), Is.SupersetOf(new[] { "uploads/" + location.Split('/')[1], "uploads" }), "a first upload of the month creates uploads/yyyyMM/dd and uploads/yyyyMM");

        await TestContext.Out.WriteLineAsync(excerpt);
    }

    [Test]
    public async Task Upload_Jpeg_FsyncsBothStagedFilesBeforeEitherRenameAndTheDirectoryAfterBoth()
    {
        var client = await StartTracedServiceAsync();
        var existing = ExistingDirectories();

        var jpeg = await File.ReadAllBytesAsync(Fixtures.Image("camera/Canon_40D.jpg"));
        var (upload, port) = await SendTracedAsync(client, c => UploadAsync(c, jpeg, "camera.jpg"));
        var trace = await TraceUntilResponseAsync(port);

        var location = upload.GetProperty("file_location").GetString()!;
        var image = trace.RenamesTo(PathOf(location)).SingleOrDefault();
        var thumbnail = trace.RenamesTo(PathOf(StorageConsistency.ThumbOf(location))).SingleOrDefault();
        Assert.That(new[] { image, thumbnail }, Has.All.Not.Null, $"renames of the image and its thumbnail:{Environment.NewLine}{trace.Excerpt(0, int.MaxValue)}");
        Assert.That(new[] { image!.Strings[0], thumbnail!.Strings[0] }, Has.All.StartWith(Path.Combine(Root, ".tmp") + "/"));

        var response = trace.ResponseTo(port);
        var directories = ChangedDirectories(PathOf(location), existing);
        var excerpt = trace.AssertInOrder(
            ("fsync of the staged image and thumbnail", [trace.SyncsOf(image.Strings[0]).FirstOrDefault(), trace.SyncsOf(thumbnail.Strings[0]).FirstOrDefault()]),
            ("the commit", [trace.LastSentToDatabaseBefore(DurabilityTrace.Commit, thumbnail.Position)]),
            ("rename of the thumbnail", [thumbnail]),
            ("rename of the image", [image]),
            ($"fsync of {string.Join(", ", directories.Select(Relative))}", [.. directories.Select(d => trace.SyncsOf(d, after: image.Position).FirstOrDefault())]),
            ("delete of the pending operation", [trace.FirstSentToDatabaseAfter(DurabilityTrace.DeletePendingOperation, image.Position)]),
            ("the response", [response]));

        await TestContext.Out.WriteLineAsync(excerpt);
    }

    [Test]
    public async Task Delete_FsyncsTheDirectoryItRemovedTheFileFromBeforeTheResponse()
    {
        var client = await StartTracedServiceAsync();
        var (upload, uploadPort) = await SendTracedAsync(client, c => UploadAsync(c, TestFiles.Pdf("to delete"), "gone.pdf"));
        var location = upload.GetProperty("file_location").GetString()!;

        var (_, port) = await SendTracedAsync(client, c => c.PostAsJsonAsync("/api/attachment/delete", new { id = upload.GetProperty("id").GetInt64() }));
        var trace = await TraceUntilResponseAsync(port);

        Assert.That(File.Exists(PathOf(location)), Is.False, "the deleted file is gone");
        var uploaded = trace.ResponseTo(uploadPort)!;
        var response = trace.ResponseTo(port);
        var sync = trace.SyncsOf(Path.GetDirectoryName(PathOf(location))!, after: uploaded.Position).FirstOrDefault();
        var excerpt = trace.AssertInOrder(
            ("the upload's response", [uploaded]),
            ("the delete's commit", [sync is null ? null : trace.LastSentToDatabaseBefore(DurabilityTrace.Commit, sync.Position)]),
            ($"fsync of {Relative(Path.GetDirectoryName(PathOf(location))!)}", [sync]),
            ("delete of the pending operation", [sync is null ? null : trace.FirstSentToDatabaseAfter(DurabilityTrace.DeletePendingOperation, sync.Position)]),
            ("the response", [response]));

        await TestContext.Out.WriteLineAsync(excerpt);
    }

    [Test]
    public async Task Move_RenamesTheFileThenFsyncsTheOldAndTheNewDirectoryBeforeTheResponse()
    {
        var client = await StartTracedServiceAsync();
        var (upload, uploadPort) = await SendTracedAsync(client, c => UploadAsync(c, TestFiles.Pdf("to move"), "moved.pdf"));
        var from = PathOf(upload.GetProperty("file_location").GetString()!);
        var existing = ExistingDirectories();

        var (_, port) = await SendTracedAsync(client, c => c.PostAsJsonAsync(
            "/api/attachment/edit", new { id = upload.GetProperty("id").GetInt64(), file_location = "uploads/elsewhere/x.pdf" }));
        var trace = await TraceUntilResponseAsync(port);

        var to = PathOf("uploads/elsewhere/x.pdf");
        Assert.That(File.Exists(to) && !File.Exists(from), Is.True, "the file was moved");
        var uploaded = trace.ResponseTo(uploadPort)!;
        var rename = trace.RenamesTo(to).SingleOrDefault();
        Assert.That(rename?.Strings[0], Is.EqualTo(from), $"the rename from the old location:{Environment.NewLine}{trace.Excerpt(uploaded.Position, int.MaxValue)}");

        var response = trace.ResponseTo(port);
        var directories = ChangedDirectories(to, existing).Append(Path.GetDirectoryName(from)!).ToList();
        var excerpt = trace.AssertInOrder(
            ("the upload's response", [uploaded]),
            ("the move's commit", [trace.LastSentToDatabaseBefore(DurabilityTrace.Commit, rename!.Position)]),
            ("rename to the new location", [rename]),
            ($"fsync of {string.Join(", ", directories.Select(Relative))}", [.. directories.Select(d => trace.SyncsOf(d, after: rename.Position).FirstOrDefault())]),
            ("delete of the pending operation", [trace.FirstSentToDatabaseAfter(DurabilityTrace.DeletePendingOperation, rename.Position)]),
            ("the response", [response]));
        Assert.That(directories.Select(Relative), Is.EquivalentTo(new[] { "uploads/elsewhere", "uploads", Relative(Path.GetDirectoryName(from)!) }));

        await TestContext.Out.WriteLineAsync(excerpt);
    }

    private async Task<HttpClient> StartTracedServiceAsync()
    {
        _tracePath = StorageRoot + ".strace";
        _service = await ServiceProcess.StartAsync(ConnectionString, StorageRoot, traceSyscallsTo: _tracePath);
        return await _service.LoggedInClientAsync();
    }

    /// <summary>Sends one request on a connection of its own and returns the envelope's data and the client port.</summary>
    private static async Task<(JsonElement Data, int Port)> SendTracedAsync(HttpClient client, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        using var connection = TracedConnection.Like(client);
        using var response = await send(connection.Client);
        var body = await IntegrationTestBase.ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(0), body.ToString());
        return (body.GetProperty("data").Clone(), connection.Port);
    }

    /// <summary>The trace, once strace has written the start of the response sent to <paramref name="clientPort"/>.</summary>
    private async Task<DurabilityTrace> TraceUntilResponseAsync(int clientPort)
    {
        var databasePort = new NpgsqlConnectionStringBuilder(ConnectionString).Port;
        var deadline = DateTime.UtcNow + TraceWait;
        while (true)
        {
            var trace = new DurabilityTrace(SyscallTrace.Read(_tracePath), Root, databasePort);
            if (trace.ResponseTo(clientPort) is not null)
                return trace;

            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{_tracePath} shows no send to the client port {clientPort} within {TraceWait.TotalSeconds:0} s (is strace's -yy showing TCP endpoints?).");

            await Task.Delay(100);
        }
    }

    private HashSet<string> ExistingDirectories() =>
        [Root, .. Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories).Select(Path.GetFullPath)];

    /// <summary>
    /// The directories whose entries placing <paramref name="file"/> changed: its own, and the parent of each
    /// directory that did not exist before (making a directory adds an entry to its parent).
    /// </summary>
    private static List<string> ChangedDirectories(string file, HashSet<string> existingBefore)
    {
        var changed = new List<string> { Path.GetDirectoryName(file)! };
        for (var directory = Path.GetDirectoryName(file)!; !existingBefore.Contains(directory); directory = Path.GetDirectoryName(directory)!)
            changed.Add(Path.GetDirectoryName(directory)!);

        return changed;
    }

    private string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
}
