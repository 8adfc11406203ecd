using System.Text.Json;
using Attachments.IntegrationTests.Envelope;
using Npgsql;
using static Attachments.IntegrationTests.Jobs.JobRequests;

namespace Attachments.IntegrationTests.Jobs;

public sealed class JobStatusTests : JobsTestBase
{
    private static readonly string[] Counters =
        ["total", "processed", "indexed", "images_processed", "thumbnails_built", "skipped", "duplicates", "ignored", "already_indexed", "failed"];

    [Test]
    public async Task Scan_Post_Returns202WithTheRunningJobAndWhereToPollIt()
    {
        var client = await LoggedInClientAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        using var response = await client.PostAsync(Scan, content: null);

        var body = await ReadJsonAsync(response);
        var job = body.GetProperty("data");
        var id = JobRequests.Id(job);
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(202), body.ToString());
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(0));
            Assert.That(body.GetProperty("msg").GetString(), Is.Empty);
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/api/attachment/jobs/{id}"));
            Assert.That(id, Does.Match("^[0-9a-f]{32}$"));
            Assert.That(job.GetProperty("job_id").GetString(), Is.EqualTo(id));
            Assert.That(job.GetProperty("kind").GetString(), Is.EqualTo("scan"));
            Assert.That(State(job), Is.EqualTo("running"));
            Assert.That(job.GetProperty("started_at").GetInt64(), Is.InRange(before - 1, before + 60));
            Assert.That(job.GetProperty("finished_at").ValueKind, Is.EqualTo(JsonValueKind.Null));
            foreach (var counter in Counters)
                Assert.That(Number(job, counter), Is.Zero, counter);
            Assert.That(Errors(job), Is.Empty);
        });

        var finished = await WaitAsync(client, id);
        Assert.That(State(finished), Is.EqualTo("completed"), finished.ToString());
    }

    [Test]
    public async Task Scan_PostWhileOneIsRunning_ReturnsTheRunningJobAndOtherKindsStillStart()
    {
        var client = await LoggedInClientAsync();
        JsonElement first, second, rebuild, whileBlocked;

        // Holding this lock keeps the jobs waiting on their first query, so they are surely still running.
        await using (var blocker = new NpgsqlConnection(TestEnvironment.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("lock table attachments in access exclusive mode", blocker, transaction))
                await lockTable.ExecuteNonQueryAsync();

            first = await StartAsync(client, Scan);
            second = await StartAsync(client, Scan);
            rebuild = await StartAsync(client, ThumbRebuild);
            whileBlocked = await GetAsync(client, JobRequests.Id(first));
            await transaction.RollbackAsync();
        }

        var finished = await WaitAsync(client, JobRequests.Id(first));
        var rebuilt = await WaitAsync(client, JobRequests.Id(rebuild));
        Assert.Multiple(() =>
        {
            Assert.That(JobRequests.Id(second), Is.EqualTo(JobRequests.Id(first)), "one scan at a time: the second POST gets the first");
            Assert.That(State(second), Is.EqualTo("running"));
            Assert.That(State(whileBlocked), Is.EqualTo("running"));
            Assert.That(JobRequests.Id(rebuild), Is.Not.EqualTo(JobRequests.Id(first)));
            Assert.That(rebuild.GetProperty("kind").GetString(), Is.EqualTo("thumb_rebuild"));
            Assert.That(State(finished), Is.EqualTo("completed"));
            Assert.That(State(rebuilt), Is.EqualTo("completed"));
        });
    }

    [Test]
    public async Task Scan_AfterTheRunningOneEnded_StartsANewJob()
    {
        var client = await LoggedInClientAsync();
        var first = await RunAsync(client, Scan);

        var second = await StartAsync(client, Scan);

        Assert.That(JobRequests.Id(second), Is.Not.EqualTo(JobRequests.Id(first)));
        await WaitAsync(client, JobRequests.Id(second));
    }

    [TestCase("0123456789abcdef0123456789abcdef")]
    [TestCase("not-a-job")]
    public async Task GetJob_UnknownId_Returns404(string id)
    {
        var client = await LoggedInClientAsync();

        using var response = await client.GetAsync($"/api/attachment/jobs/{id}");

        var body = await ErrorEnvelope.AssertAsync(response, 404, ErrorEnvelope.Error);
        Assert.That(ErrorEnvelope.Msg(body), Does.Contain(id));
    }

    [Test]
    public async Task ListJobs_AfterAScanAndARebuild_ListsThemNewestFirst()
    {
        var client = await LoggedInClientAsync();
        var scan = await RunAsync(client, Scan);
        var rebuild = await RunAsync(client, ThumbRebuild);

        using var response = await client.GetAsync("/api/attachment/jobs");

        var body = await ReadJsonAsync(response);
        var jobs = body.GetProperty("data").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
            Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(0));
            Assert.That(body.GetProperty("total").GetInt64(), Is.EqualTo(jobs.Count));
            Assert.That(body.GetProperty("limit").GetInt32(), Is.GreaterThanOrEqualTo(jobs.Count));
            Assert.That(jobs.Select(JobRequests.Id).Take(2), Is.EqualTo(new[] { JobRequests.Id(rebuild), JobRequests.Id(scan) }));
            Assert.That(jobs[0].GetProperty("kind").GetString(), Is.EqualTo("thumb_rebuild"));
            Assert.That(State(jobs[1]), Is.EqualTo("completed"));
        });
    }
}
