using Attachments.IntegrationTests.Faults;
using Attachments.IntegrationTests.Images;
using Attachments.IntegrationTests.Support;
using ImageMagick;
using Npgsql;
using static Attachments.IntegrationTests.Jobs.JobRequests;

namespace Attachments.IntegrationTests.Jobs;

/// <summary>
/// Two instances as real processes on one database and storage folder; the one working on a job is SIGKILLed while
/// it holds a batch (held there by a lock the test takes), and the other, once the batch's lease has run out, does
/// the batch again and completes the job.
/// </summary>
public sealed class JobTakeoverTests : ProcessTestBase
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Jobs:BatchLease"] = "00:00:02",
        ["Jobs:PollInterval"] = "00:00:00.100",
        ["Jobs:BatchSize"] = "2",
        ["Jobs:MaxConcurrency"] = "1",
        ["Storage:OperationLease"] = "00:00:01",
        ["Storage:SweepInterval"] = "00:00:00.250",
        ["Storage:StagedMaxAge"] = "00:00:02",
    };

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Rebuild_InstanceKilledWhileItHoldsABatch_TheOtherRedoesItAndCompletesTheJob()
    {
        var survivor = await StartServiceAsync(Settings);
        var dying = await StartServiceAsync(Settings);
        using var client = await survivor.LoggedInClientAsync();
        using var dyingClient = await dying.LoggedInClientAsync();
        var images = new List<(long Id, string Location)>();
        for (uint side = 60; side < 64; side++)
        {
            var image = await UploadOkAsync(client, GeneratedImages.TwoHalves(MagickFormat.Jpeg, side, side), $"image-{side}.jpg");
            images.Add((image.GetProperty("id").GetInt64(), image.GetProperty("file_location").GetString()!));
        }

        string id;
        long heldBatch;
        await using (var blocker = new NpgsqlConnection(ConnectionString))
        {
            // The first image's thumbnail waits for this row lock, so the instance that plans the job holds its first batch.
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var lockRow = new NpgsqlCommand($"select id from attachments where id = {images[0].Id} for update", blocker, transaction))
                await lockRow.ExecuteScalarAsync();

            id = Id(await StartAsync(dyingClient, ThumbRebuild));
            heldBatch = await WaitForAsync(
                $"select id from job_batches where job_id = '{id}' and '{images[0].Location}' = any(units) and finished_at is null " +
                $"and claimed_by = (select started_by from jobs where id = '{id}')");
            await dying.KillAsync();
            await transaction.RollbackAsync();
        }

        var job = await WaitAsync(client, id);

        var (claimedBy, attempts) = await BatchAsync(heldBatch);
        Assert.Multiple(async () =>
        {
            Assert.That(State(job), Is.EqualTo("completed"), job.ToString());
            Assert.That(Number(job, "total"), Is.EqualTo(images.Count));
            Assert.That(Number(job, "processed"), Is.EqualTo(images.Count), "the batch redone is counted once");
            Assert.That(Number(job, "thumbnails_built"), Is.EqualTo(images.Count));
            Assert.That(Number(job, "failed"), Is.Zero);
            Assert.That(claimedBy, Is.Not.EqualTo(await QueryScalarAsync<string>($"select started_by from jobs where id = '{id}'")), "done by the survivor");
            Assert.That(attempts, Is.EqualTo(2));
        });
        await StorageConsistency.AssertHoldsWithinAsync(ConnectionString, Storage, Patience);
    }

    [Test]
    public async Task Scan_InstanceKilledWhilePlanning_TheOtherPlansAgainAndIndexesEverything()
    {
        var survivor = await StartServiceAsync(Settings);
        var dying = await StartServiceAsync(Settings);
        using var client = await survivor.LoggedInClientAsync();
        using var dyingClient = await dying.LoggedInClientAsync();
        var files = Enumerable.Range(0, 5).Select(i => $"uploads/202601/15/{i:D16}.pdf").ToList();
        foreach (var (location, i) in files.Select((l, i) => (l, i)))
            Storage.Write(location, TestFiles.Pdf($"scanned {i}"));

        string id;
        await using (var blocker = new NpgsqlConnection(ConnectionString))
        {
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("lock table attachments in access exclusive mode", blocker, transaction))
                await lockTable.ExecuteNonQueryAsync();

            id = Id(await StartAsync(dyingClient, Scan));
            await dying.KillAsync();
            await transaction.RollbackAsync();
        }

        var job = await WaitAsync(client, id);

        Assert.Multiple(async () =>
        {
            Assert.That(State(job), Is.EqualTo("completed"), job.ToString());
            Assert.That(Number(job, "indexed"), Is.EqualTo(files.Count));
            Assert.That(Number(job, "processed"), Is.EqualTo(files.Count));
            Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.EqualTo(files.Count));
        });
        await AssertConsistentAsync();
    }

    /// <summary>Polls until <paramref name="sql"/> returns a row; returns its first column.</summary>
    private async Task<long> WaitForAsync(string sql)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            if (await command.ExecuteScalarAsync() is long found)
                return found;

            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Nothing within {Patience}: {sql}");

            await Task.Delay(50);
        }
    }

    private async Task<(string ClaimedBy, int Attempts)> BatchAsync(long batch)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select claimed_by, attempts from job_batches where id = {batch}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        return (reader.GetString(0), reader.GetInt32(1));
    }
}
