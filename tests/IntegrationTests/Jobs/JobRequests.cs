using System.Text.Json;
using Attachments.IntegrationTests.Support;

namespace Attachments.IntegrationTests.Jobs;

/// <summary>Starts background jobs over HTTP and polls their status until they end.</summary>
internal static class JobRequests
{
    public const string Scan = "/api/attachment/scan";
    public const string ThumbRebuild = "/api/attachment/thumb/rebuild";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>POSTs and asserts 202 with the envelope; returns the job.</summary>
    public static async Task<JsonElement> StartAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(path, content: null);
        var body = await IntegrationTestBase.ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(202), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(0), body.ToString());
        return body.GetProperty("data");
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/api/attachment/jobs/{id}");
        var body = await IntegrationTestBase.ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        return body.GetProperty("data");
    }

    /// <summary>Polls until the job is no longer running; fails the test after a minute.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var job = await GetAsync(client, id);
            if (State(job) != "running")
                return job;

            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Job {id} still running after {Timeout}: {job}");

            await Task.Delay(50);
        }
    }

    /// <summary>Starts a job, waits for it and asserts that it completed.</summary>
    public static async Task<JsonElement> RunAsync(HttpClient client, string path)
    {
        var started = await StartAsync(client, path);
        var job = await WaitAsync(client, Id(started));
        Assert.That(State(job), Is.EqualTo("completed"), job.ToString());
        return job;
    }

    public static string Id(JsonElement job) => job.GetProperty("id").GetString()!;

    public static string State(JsonElement job) => job.GetProperty("state").GetString()!;

    public static long Number(JsonElement job, string name) => job.GetProperty(name).GetInt64();

    public static IReadOnlyList<string> Errors(JsonElement job) =>
        [.. job.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!)];
}
