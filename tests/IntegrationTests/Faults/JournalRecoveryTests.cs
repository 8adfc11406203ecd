using System.Security.Cryptography;
using System.Text.Json;
using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Support;
using ImageMagick;

namespace Attachments.IntegrationTests.Faults;

/// <summary>
/// A SIGKILL cannot be timed into the millisecond between moving a file and committing its row, so these
/// tests build exactly what such a kill leaves: rows as PostgreSQL keeps them (the open transaction rolled
/// back, or committed just before the kill), files where the process had put them, and the dead process's
/// temp folder with its unlocked instance.lock, journal records and temp files. Then the real process starts
/// on it and must repair each case, and say so in its summary line.
/// </summary>
public sealed class JournalRecoveryTests : ProcessTestBase
{
    private static readonly TimeSpan LogWait = TimeSpan.FromSeconds(10);

    private string _deadFolder = string.Empty;

    [Test]
    public async Task Restart_AfterKillsBetweenFilesAndCommit_UndoesEveryUncommittedChange()
    {
        var (service, seeded) = await SeedAsync("replaced", "half-copied", "moved");
        var image = await UploadImageAsync(service, "deleted.jpg");
        await service.KillAsync();
        CreateDeadFolder();

        // New upload: thumbnail and image placed, the insert rolled back.
        const string placed = "uploads/202601/15/aaaabbbbccccdddd.jpg";
        var placedThumb = StorageConsistency.ThumbOf(placed);
        WriteFile(placed, GeneratedImages.TwoHalves(MagickFormat.Jpeg, 64, 48));
        WriteFile(placedThumb, GeneratedImages.TwoHalves(MagickFormat.Jpeg, 32, 24));
        Record("place", new { locations = new[] { placedThumb, placed } });

        // Replace: the old content copied to a backup, the new renamed over it, the update rolled back.
        var replaced = seeded["replaced"];
        var replacedBackup = DeadTemp("backup");
        File.Copy(PathOf(replaced.Location), replacedBackup);
        var newContent = TestFiles.Pdf("replaced, second version");
        WriteFile(replaced.Location, newContent);
        Record("replace", new
        {
            attachmentId = replaced.Id, fileLocation = replaced.Location, oldMd5 = replaced.Md5, newMd5 = Md5(newContent),
            files = new[] { new { location = replaced.Location, backupPath = replacedBackup } },
        });

        // Replace killed while copying the backup: only a partial copy, the target not touched yet.
        var halfCopied = seeded["half-copied"];
        var plannedBackup = DeadTemp("backup");
        await File.WriteAllBytesAsync(plannedBackup + ".partial", (await File.ReadAllBytesAsync(PathOf(halfCopied.Location)))[..100]);
        Record("replace", new
        {
            attachmentId = halfCopied.Id, fileLocation = halfCopied.Location, oldMd5 = halfCopied.Md5, newMd5 = Md5(TestFiles.Pdf("never arrived")),
            files = new[] { new { location = halfCopied.Location, backupPath = plannedBackup } },
        });

        // Delete: the rows deleted, the image and its thumbnail moved to the trash, the delete rolled back.
        var imageTrash = DeadTemp("trash");
        var thumbTrash = DeadTemp("trash");
        File.Move(PathOf(image.Location), imageTrash);
        File.Move(PathOf(StorageConsistency.ThumbOf(image.Location)), thumbTrash);
        Record("delete", new
        {
            files = new[]
            {
                new { attachmentId = image.Id, md5 = image.Md5, location = image.Location, trashPath = imageTrash },
                new { attachmentId = image.Id, md5 = image.Md5, location = StorageConsistency.ThumbOf(image.Location), trashPath = thumbTrash },
            },
        });

        // Edit: the row given a new location, the file renamed there, the update rolled back.
        var moved = seeded["moved"];
        const string movedTo = "uploads/banners/moved.pdf";
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(movedTo))!);
        File.Move(PathOf(moved.Location), PathOf(movedTo));
        Record("move", new
        {
            attachmentId = moved.Id, fromLocation = moved.Location, toLocation = movedTo,
            files = new[] { new { from = moved.Location, to = movedTo } },
        });

        // Temp files of requests that were under way: a half-streamed upload, a processed image, a half-written record.
        await File.WriteAllBytesAsync(DeadTemp("upload"), new byte[4096]);
        await File.WriteAllBytesAsync(DeadTemp("jpg"), GeneratedImages.TwoHalves(MagickFormat.Jpeg, 20, 20));
        await File.WriteAllTextAsync(Path.Combine(_deadFolder, $"{Guid.NewGuid():N}.intent.json.partial"), "{\"kind\":\"pla");

        var restarted = await RestartAsync(service);
        // Two dead folders: the one the killed process left, and the one built here.
        var summary = await restarted.WaitForOutputAsync("dead instance folders", LogWait);

        Assert.Multiple(() =>
        {
            Assert.That(summary, Does.Contain(
                "Recovered 2 dead instance folders: placed files removed 2, backups restored 1, backups dropped 0, " +
                "trash restored 2, trash deleted 0, temp files removed 4, moved files put back 1, chunked uploads released 0"));
            Assert.That(File.Exists(PathOf(placed)) || File.Exists(PathOf(placedThumb)), Is.False, "placed files without a row");
            Assert.That(StorageConsistency.Md5Of(PathOf(replaced.Location)), Is.EqualTo(replaced.Md5), "the replaced file is the old one again");
            Assert.That(StorageConsistency.Md5Of(PathOf(halfCopied.Location)), Is.EqualTo(halfCopied.Md5), "a half-made backup never overwrites");
            Assert.That(File.Exists(PathOf(image.Location)) && File.Exists(PathOf(StorageConsistency.ThumbOf(image.Location))), Is.True, "trash put back");
            Assert.That(File.Exists(PathOf(moved.Location)) && !File.Exists(PathOf(movedTo)), Is.True, "the file is back where its row says");
            Assert.That(Directory.Exists(_deadFolder), Is.False, "the dead folder is gone");
        });
        await AssertConsistentAsync();
        await AssertServedAsync(restarted, replaced);
    }

    [Test]
    public async Task Restart_AfterKillsBetweenCommitAndCleanUp_KeepsEveryCommittedChange()
    {
        var (service, seeded) = await SeedAsync("placed", "replaced", "deleted", "moved");
        await service.KillAsync();
        CreateDeadFolder();

        // New upload: committed, killed before its record was removed.
        var placed = seeded["placed"];
        Record("place", new { locations = new[] { placed.Location } });

        // Replace: committed, killed before the backup was dropped.
        var replaced = seeded["replaced"];
        var backup = DeadTemp("backup");
        File.Copy(PathOf(replaced.Location), backup);
        var newContent = TestFiles.Pdf("replaced, committed");
        WriteFile(replaced.Location, newContent);
        await ExecuteAsync("update attachments set file_md5 = @md5, file_size = @size where id = @id",
            ("md5", Md5(newContent)), ("size", (long)newContent.Length), ("id", replaced.Id));
        Record("replace", new
        {
            attachmentId = replaced.Id, fileLocation = replaced.Location, oldMd5 = replaced.Md5, newMd5 = Md5(newContent),
            files = new[] { new { location = replaced.Location, backupPath = backup } },
        });

        // Delete: committed, killed before the trash was emptied.
        var deleted = seeded["deleted"];
        var trash = DeadTemp("trash");
        File.Move(PathOf(deleted.Location), trash);
        await ExecuteAsync("delete from attachments where id = @id", ("id", deleted.Id));
        Record("delete", new { files = new[] { new { attachmentId = deleted.Id, md5 = deleted.Md5, location = deleted.Location, trashPath = trash } } });

        // Edit: committed, killed before its record was removed.
        var moved = seeded["moved"];
        const string movedTo = "uploads/banners/committed.pdf";
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(movedTo))!);
        File.Move(PathOf(moved.Location), PathOf(movedTo));
        await ExecuteAsync("update attachments set file_location = @to where id = @id", ("to", movedTo), ("id", moved.Id));
        Record("move", new
        {
            attachmentId = moved.Id, fromLocation = moved.Location, toLocation = movedTo,
            files = new[] { new { from = moved.Location, to = movedTo } },
        });

        var restarted = await RestartAsync(service);
        // Two dead folders: the one the killed process left, and the one built here.
        var summary = await restarted.WaitForOutputAsync("dead instance folders", LogWait);

        Assert.Multiple(() =>
        {
            Assert.That(summary, Does.Contain(
                "Recovered 2 dead instance folders: placed files removed 0, backups restored 0, backups dropped 1, " +
                "trash restored 0, trash deleted 1, temp files removed 0, moved files put back 0, chunked uploads released 0"));
            Assert.That(StorageConsistency.Md5Of(PathOf(placed.Location)), Is.EqualTo(placed.Md5));
            Assert.That(StorageConsistency.Md5Of(PathOf(replaced.Location)), Is.EqualTo(Md5(newContent)), "the new content stays");
            Assert.That(File.Exists(PathOf(deleted.Location)), Is.False);
            Assert.That(File.Exists(PathOf(movedTo)) && !File.Exists(PathOf(moved.Location)), Is.True);
            Assert.That(Directory.Exists(_deadFolder), Is.False);
        });
        await AssertConsistentAsync();
    }

    [Test]
    public async Task Restart_AfterKillWhileAssemblingAChunkedUpload_GivesThePartsBackForTheLastPartToComplete()
    {
        var service = await StartServiceAsync();
        var whole = TestFiles.Pdf(new string('c', 30_000));
        var md5 = Md5(whole);
        var parts = whole.Chunk((whole.Length + 2) / 3).ToList();
        using (var client = await service.LoggedInClientAsync())
        {
            await SendPartAsync(client, parts, 0, md5);
            await SendPartAsync(client, parts, 1, md5);
        }

        await service.KillAsync();
        CreateDeadFolder();

        // The last part arrived and the dead process had claimed the set: parts renamed away under its id.
        var key = $"1-{md5}";
        var upload = Path.Combine(StorageRoot, ".chunks", key);
        await File.WriteAllBytesAsync(Path.Combine(upload, "00002.part"), parts[2]);
        Directory.Move(upload, $"{upload}.assembling-{Path.GetFileName(_deadFolder)}-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(DeadTemp("upload"), whole[..12_345]);

        var restarted = await RestartAsync(service);
        var summary = await restarted.WaitForOutputAsync("dead instance folders", LogWait);
        Assert.That(summary, Does.Contain("temp files removed 1, moved files put back 0, chunked uploads released 1"));
        Assert.That(Directory.EnumerateFiles(upload).Select(Path.GetFileName), Is.EquivalentTo(new[] { "00000.part", "00001.part", "00002.part" }));

        using var again = await restarted.LoggedInClientAsync();
        var attachment = await SendPartAsync(again, parts, 2, md5);

        Assert.That(attachment.TryGetProperty("file_md5", out var stored) ? stored.GetString() : attachment.ToString(), Is.EqualTo(md5),
            "the client's retry of its last part completes the upload");
        await AssertConsistentAsync();
    }

    [Test]
    public async Task Start_WhenTheDatabaseCannotBeReached_RefusesToStartAndLeavesTheDeadFolderAsItIs()
    {
        CreateDeadFolder();
        const string placed = "uploads/202601/15/0011223344556677.pdf";
        WriteFile(placed, TestFiles.Pdf("its row may or may not exist"));
        Record("place", new { locations = new[] { placed } });
        var before = Directory.EnumerateFiles(_deadFolder).Order().ToList();
        var nowhere = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Port = FreePort(), Timeout = 3 }.ConnectionString;

        var (exitCode, output) = await ServiceProcess.RunUntilExitAsync(nowhere, StorageRoot);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero);
            Assert.That(output, Does.Contain("Failed to connect to"), "says what is wrong");
            Assert.That(output, Does.Not.Contain("Now listening on"));
            Assert.That(Directory.EnumerateFiles(_deadFolder).Order(), Is.EqualTo(before), "nothing judged without the database");
            Assert.That(File.Exists(PathOf(placed)), Is.True);
        });
    }

    /// <summary>Uploads one distinct PDF per name through a fresh process, leaving it running.</summary>
    private async Task<(ServiceProcess Service, Dictionary<string, Stored> Seeded)> SeedAsync(params string[] names)
    {
        var service = await StartServiceAsync();
        using var client = await service.LoggedInClientAsync();
        var seeded = new Dictionary<string, Stored>();
        foreach (var name in names)
            seeded[name] = Stored.From(await UploadOkAsync(client, TestFiles.Pdf(name), name + ".pdf"));

        return (service, seeded);
    }

    private static async Task<Stored> UploadImageAsync(ServiceProcess service, string name)
    {
        using var client = await service.LoggedInClientAsync();
        return Stored.From(await UploadOkAsync(client, GeneratedImages.TwoHalves(MagickFormat.Jpeg, 300, 200), name));
    }

    /// <summary>What a killed process leaves: its temp folder with an instance.lock nobody holds.</summary>
    private void CreateDeadFolder()
    {
        _deadFolder = Path.Combine(StorageRoot, ".tmp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_deadFolder);
        File.WriteAllBytes(Path.Combine(_deadFolder, "instance.lock"), []);
    }

    private string DeadTemp(string extension) => Path.Combine(_deadFolder, $"{Guid.NewGuid():N}.{extension}");

    /// <summary>A journal record as the process writes it: kind first, then the intent's fields.</summary>
    private void Record(string kind, object intent)
    {
        var fields = JsonSerializer.SerializeToNode(intent)!.AsObject();
        var record = new System.Text.Json.Nodes.JsonObject { ["kind"] = kind };
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            record[name] = value;
        }

        File.WriteAllText(Path.Combine(_deadFolder, $"{Guid.NewGuid():N}.intent.json"), record.ToJsonString());
    }

    private void WriteFile(string location, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(location))!);
        File.WriteAllBytes(PathOf(location), content);
    }

    private static async Task AssertServedAsync(ServiceProcess service, Stored stored)
    {
        using var client = service.CreateClient();
        var bytes = await client.GetByteArrayAsync("/" + stored.Location);
        Assert.That(Md5(bytes), Is.EqualTo(stored.Md5), $"GET /{stored.Location}");
    }

    private static async Task<JsonElement> SendPartAsync(HttpClient client, List<byte[]> parts, int index, string md5)
    {
        using var response = await UploadAsync(client, parts[index], "blob",
            ("chunk", index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("chunks", parts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("file_name", "report.pdf"), ("md5", md5));
        var body = await IntegrationTestBase.ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        return body.GetProperty("data");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Md5(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));

    private sealed record Stored(long Id, string Location, string Md5)
    {
        public static Stored From(JsonElement attachment) => new(
            attachment.GetProperty("id").GetInt64(),
            attachment.GetProperty("file_location").GetString()!,
            attachment.GetProperty("file_md5").GetString()!);
    }
}
