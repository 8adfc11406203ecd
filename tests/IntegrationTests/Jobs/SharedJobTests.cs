using System.Globalization;
using System.Text.Json;
using Attachments.Infrastructure.Jobs;
using Attachments.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Attachments.IntegrationTests.Jobs.JobRequests;

namespace Attachments.IntegrationTests.Jobs;

/// <summary>Jobs live in the database: every instance on it sees them, and their batches are shared among the instances.</summary>
public sealed class SharedJobTests : JobsTestBase
{
    private const string Day = "uploads/202601/15/";

    [Test]
    public async Task Scan_StartedThroughOneInstance_IsSeenWithItsProgressThroughAnother()
    {
        var files = Enumerable.Range(0, 3).Select(i => PutFile(Day + NewName("pdf"), TestFiles.Pdf($"seen {i}"))).ToList();
        using var starter = await LoggedInClientAsync(InstanceWith());
        var other = await LoggedInClientAsync();

        JsonElement running, startedAgain;
        await using (var blocker = new NpgsqlConnection(TestEnvironment.ConnectionString))
        {
            // Holds the job at planning, so the other instance surely sees it running.
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("lock table attachments in access exclusive mode", blocker, transaction))
                await lockTable.ExecuteNonQueryAsync();

            var started = await StartAsync(starter, Scan);
            running = await GetAsync(other, Id(started));
            startedAgain = await StartAsync(other, Scan);
            await transaction.RollbackAsync();
        }

        var finished = await WaitAsync(other, Id(running));
        var asTheStarterSeesIt = await GetAsync(starter, Id(running));
        using var list = await other.GetAsync("/api/attachment/jobs");
        var listed = (await ReadJsonAsync(list)).GetProperty("data").EnumerateArray().Select(Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(State(running), Is.EqualTo("running"));
            Assert.That(Id(startedAgain), Is.EqualTo(Id(running)), "one scan at a time across instances");
            Assert.That(State(finished), Is.EqualTo("completed"), finished.ToString());
            Assert.That(Number(finished, "total"), Is.EqualTo(files.Count));
            Assert.That(Number(finished, "processed"), Is.EqualTo(files.Count));
            Assert.That(Number(finished, "indexed"), Is.EqualTo(files.Count));
            Assert.That(asTheStarterSeesIt.ToString(), Is.EqualTo(finished.ToString()));
            Assert.That(listed, Does.Contain(Id(finished)));
        });
    }

    [Test]
    public async Task Scan_WithTwoInstancesAndManyBatches_IsWorkedOnByBoth()
    {
        const int FileCount = 40;
        for (var i = 0; i < FileCount; i++)
            PutFile(Day + NewName("pdf"), TestFiles.Pdf("shared " + i.ToString(CultureInfo.InvariantCulture)));
        (string, string?)[] settings = [("Jobs:BatchSize", "1"), ("Jobs:MaxConcurrency", "1"), ("Jobs:PollInterval", "00:00:00.020")];
        var first = InstanceWith(settings);
        var second = InstanceWith(settings);
        using var client = await LoggedInClientAsync(first);
        var names = (First: InstanceName(first), Second: InstanceName(second));

        var job = await RunAsync(client, Scan);

        var claimedBy = await ClaimersAsync(Id(job));
        Assert.Multiple(async () =>
        {
            Assert.That(Number(job, "indexed"), Is.EqualTo(FileCount));
            Assert.That(Number(job, "processed"), Is.EqualTo(FileCount));
            Assert.That(Number(job, "failed"), Is.Zero);
            Assert.That(await CountRowsAsync(), Is.EqualTo(FileCount));
            Assert.That(claimedBy, Does.Contain(names.First).And.Contain(names.Second), string.Join(", ", claimedBy));
        });
    }

    private static string InstanceName(AttachmentsApiFactory factory) => factory.Services.GetRequiredService<JobWorker>().Instance;

    /// <summary>The instances that did the job's batches of files.</summary>
    private static async Task<IReadOnlyList<string>> ClaimersAsync(string jobId)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select distinct claimed_by from job_batches where job_id = @job and units is not null and finished_at is not null", connection);
        command.Parameters.AddWithValue("job", jobId);
        var claimers = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            claimers.Add(reader.GetString(0));
        return claimers;
    }
}
