using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Attachments.Infrastructure.Files;

/// <summary>
/// For the crash tests only: with <c>Faults:PauseAt</c> set to a step of the write path, a request that reaches it
/// says so in the log and waits there for ever, so that a test can SIGKILL the process at exactly that step. Unset
/// (always, outside tests), it does nothing.
/// </summary>
public sealed class FaultPoints(IConfiguration configuration, ILogger<FaultPoints> logger)
{
    /// <summary>Staged content flushed, the transaction not committed yet.</summary>
    public const string BeforeCommit = "before-commit";

    /// <summary>Committed, no file changed yet.</summary>
    public const string AfterCommit = "after-commit";

    /// <summary>The first step of an operation done, the next not.</summary>
    public const string BetweenSteps = "between-steps";

    /// <summary>Every file changed and synced, the operation's row not deleted yet.</summary>
    public const string BeforeRowDeleted = "before-row-deleted";

    private readonly string? _pauseAt = configuration["Faults:PauseAt"];

    public async Task ReachedAsync(string point)
    {
        if (_pauseAt != point)
            return;

        logger.LogWarning("Fault point {Point} reached; waiting here until the process is killed", point);
        await Task.Delay(Timeout.Infinite, CancellationToken.None);
    }
}
