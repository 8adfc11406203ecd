using System.Reflection;
using System.Text.Json;
using Attachments.Application.Common.Interfaces;
using Attachments.IntegrationTests.Support;
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
    public async Task Shutdown_WhileAJobRuns_LeavesItRunningAndAnotherInstanceFinishesIt()
    {
        PutFile("uploads/202601/15/" + NewName("pdf"), TestFiles.Pdf("left for the others"));
        var stopping = InstanceWith();
        using var client = await LoggedInClientAsync(stopping);
        var survivor = await LoggedInClientAsync();

        string id;
        JsonElement whenStopped;
        await using (var blocker = new NpgsqlConnection(TestEnvironment.ConnectionString))
        {
            // Holds the job at its first query, so the instance stops while it plans.
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("lock table attachments in access exclusive mode", blocker, transaction))
                await lockTable.ExecuteNonQueryAsync();

            id = JobRequests.Id(await StartAsync(client, Scan));
            await stopping.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            whenStopped = await GetAsync(survivor, id);
            await transaction.RollbackAsync();
        }

        var finished = await WaitAsync(survivor, id);
        Assert.Multiple(() =>
        {
            Assert.That(State(whenStopped), Is.EqualTo("running"), "an instance stopping does not fail the job");
            Assert.That(Errors(whenStopped), Is.Empty);
            Assert.That(State(finished), Is.EqualTo("completed"), finished.ToString());
            Assert.That(Number(finished, "indexed"), Is.EqualTo(1));
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
            if (targetMethod.Name == nameof(IFileStorage.EnumerateLocationsAsync))
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
