using System.Reflection;
using Attachments.Application.Common.Interfaces;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Attachments.IntegrationTests.Jobs.JobRequests;

namespace Attachments.IntegrationTests.Jobs;

public sealed class JobFailureTests : JobsTestBase
{
    [Test]
    public async Task Scan_WhenTheStorageCannotBeListed_FailsWithoutDetailsAndTheNextScanCanStart()
    {
        var own = FactoryWith();
        // The storage of the run's provider (Disk or S3), its listing made to fail.
        await using var factory = own.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Decorate<IFileStorage>((inner, _) => ListingFailsStorage.Wrap(inner))));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(client));

        var started = await StartAsync(client, Scan);
        var failed = await WaitAsync(client, JobRequests.Id(started));
        var next = await StartAsync(client, Scan);

        Assert.Multiple(() =>
        {
            Assert.That(State(failed), Is.EqualTo("failed"));
            Assert.That(failed.GetProperty("finished_at").GetInt64(), Is.Positive);
            Assert.That(Errors(failed), Has.Count.EqualTo(1));
            Assert.That(Errors(failed)[0], Does.StartWith("The job stopped"));
            Assert.That(Errors(failed)[0], Does.Not.Contain(ListingFailsStorage.Secret));
            Assert.That(JobRequests.Id(next), Is.Not.EqualTo(JobRequests.Id(started)), "a failed job does not block the next one");
        });
        await WaitAsync(client, JobRequests.Id(next));
    }

    [Test]
    public async Task Shutdown_WhileAJobRuns_CancelsItAndMarksItFailed()
    {
        var factory = FactoryWith();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LoginAsync(client));
        var jobs = factory.Services.GetRequiredService<IBackgroundJobs>();

        await using var blocker = new NpgsqlConnection(TestEnvironment.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("lock table attachments in access exclusive mode", blocker, transaction))
            await lockTable.ExecuteNonQueryAsync();

        var started = await StartAsync(client, Scan);
        client.Dispose();
        var stopping = factory.DisposeAsync().AsTask();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        await transaction.RollbackAsync();

        var job = jobs.Find(JobRequests.Id(started));
        Assert.That(job, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(job!.State, Is.EqualTo("failed"));
            Assert.That(job.FinishedAt, Is.Not.Null);
            Assert.That(job.Errors, Has.Some.Contains("shut down"));
        });
    }

    /// <summary>Storage whose listing throws; every other member goes to the real one.</summary>
    public class ListingFailsStorage : DispatchProxy
    {
        public const string Secret = "/srv/secret/storage";

        private IFileStorage _inner = null!;

        public static IFileStorage Wrap(IFileStorage inner)
        {
            var proxy = Create<IFileStorage, ListingFailsStorage>();
            ((ListingFailsStorage)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IFileStorage.EnumerateLocations))
                throw new IOException($"Permission denied: {Secret}/uploads");

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
