using Attachments.Infrastructure.Data;
using Attachments.Infrastructure.Files;
using Microsoft.Extensions.Logging;

namespace Attachments.Infrastructure.Startup;

/// <summary>
/// The start-up work on what every instance shares — the storage (a bucket made or checked), the schema, the first
/// user — done by one instance at a time,
/// under a PostgreSQL advisory lock held on a connection of its own for the whole of it. Replicas started together
/// wait for the first one and then find the work done, instead of racing on the same DDL and inserts. Every step
/// must therefore see work already done and do nothing. Per-instance work (the storage folder's own lock, the sweep
/// of pending file operations) stays outside: it is safe to run everywhere at once.
/// </summary>
public sealed class SharedStartupWork(
    AdvisoryLocks locks, IStoredFiles storage, DatabaseInitialiser database, TimeProvider time, ILogger<SharedStartupWork> logger)
{
    public const string LockName = "attachments:startup";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var waited = false;
        await using (await locks.AcquireAsync(LockName, Waiting, cancellationToken))
        {
            if (waited)
                logger.LogInformation("The other instance's start-up work is done (waited {Seconds:0.0} s); checking it", time.GetElapsedTime(started).TotalSeconds);

            // Steps that must happen once for the deployment go here, in order.
            await storage.InitialiseAsync(cancellationToken);
            await database.InitialiseAsync(cancellationToken);
        }

        void Waiting()
        {
            waited = true;
            logger.LogInformation(
                "Another instance is doing the start-up work (storage check, migrations, bootstrap admin); waiting for its lock {LockName}", LockName);
        }
    }
}
