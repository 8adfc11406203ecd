using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Faults;

/// <summary>
/// Each process keeps its temp files in <c>.tmp/&lt;instance&gt;/</c> with an <c>instance.lock</c> it holds
/// for life: another process can tell a live folder (lock refused) from a dead one (lock granted).
/// </summary>
public sealed class InstanceFolderTests : ProcessTestBase
{
    private static readonly TimeSpan LogWait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task InstanceLock_IsRefusedToOtherProcessesWhileItRuns_AndFreedBySigkill()
    {
        var service = await StartServiceAsync();
        var folder = Path.Combine(StorageRoot, ".tmp", SingleRunningInstance());
        var lockPath = Path.Combine(folder, "instance.lock");

        Assert.That(() => new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose(),
            Throws.InstanceOf<IOException>(), "the lock of a running process");

        await service.KillAsync();

        Assert.That(File.Exists(lockPath), Is.True, "SIGKILL runs no clean-up, so the folder stays");
        Assert.That(() => new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose(),
            Throws.Nothing, "the kernel drops the lock of a killed process");
    }

    [Test]
    public async Task Start_BesideARunningInstance_LeavesItsFolderAndJournalAlone()
    {
        var first = await StartServiceAsync();
        var folder = Path.Combine(StorageRoot, ".tmp", SingleRunningInstance());

        // What the running instance could hold mid-request: a staged upload, and a file placed for a row it
        // has not committed yet, with its journal record. Recovering it by mistake would delete both.
        var staged = Path.Combine(folder, "0123456789abcdef0123456789abcdef.upload");
        await File.WriteAllBytesAsync(staged, TestFiles.Pdf("still streaming"));
        const string placed = "uploads/202601/15/00112233aabbccdd.pdf";
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(placed))!);
        await File.WriteAllBytesAsync(PathOf(placed), TestFiles.Pdf("not committed yet"));
        var record = Path.Combine(folder, "fedcba9876543210fedcba9876543210.intent.json");
        await File.WriteAllTextAsync(record, $$"""{"kind":"place","locations":["{{placed}}"]}""");

        var second = await StartServiceAsync();
        var summary = await second.WaitForOutputAsync("dead instance folders", LogWait);

        Assert.Multiple(() =>
        {
            Assert.That(summary, Does.Contain("Recovered 0 dead instance folders"));
            Assert.That(File.Exists(staged), Is.True, "the staged upload");
            Assert.That(File.Exists(record), Is.True, "the journal record");
            Assert.That(File.Exists(PathOf(placed)), Is.True, "the placed file");
            Assert.That(StorageConsistency.RunningInstanceFolders(StorageRoot), Has.Count.EqualTo(2));
            Assert.That(first.HasExited, Is.False);
        });
    }

    [Test]
    public async Task Start_AfterAGracefulStop_FindsNoDeadFolder()
    {
        var service = await StartServiceAsync();
        using (var client = await service.LoggedInClientAsync())
            await UploadOkAsync(client, TestFiles.Pdf("kept"), "kept.pdf");

        await service.StopAsync();
        var temp = Directory.EnumerateFileSystemEntries(Path.Combine(StorageRoot, ".tmp")).ToList();
        var again = await RestartAsync(service);

        Assert.Multiple(async () =>
        {
            Assert.That(temp, Is.Empty, "a graceful stop removes its own temp folder");
            Assert.That(await again.WaitForOutputAsync("dead instance folders", LogWait), Does.Contain("Recovered 0 dead instance folders"));
        });
        await AssertConsistentAsync();
    }

    private string SingleRunningInstance()
    {
        var running = StorageConsistency.RunningInstanceFolders(StorageRoot);
        Assert.That(running, Has.Count.EqualTo(1), "one running instance, one locked folder");
        return running[0];
    }
}
