using System.Text;
using System.Threading.RateLimiting;
using Attachments.Domain.Constants;

namespace Attachments.Api.RateLimiting;

/// <summary>Fixed windows of login attempts keyed by the user name tried, whichever address it comes from.</summary>
public sealed class LoginUserNameLimiter(WindowPartitions partitions, WindowLimit limit) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        key => partitions.For("login-user-name:" + key, limit));

    /// <summary>A lease for one attempt, or null when the name cannot belong to any user and so needs no limit.</summary>
    public async ValueTask<RateLimitLease?> AcquireAsync(string? userName, CancellationToken cancellationToken) =>
        Key(userName) is { } key ? await _limiter.AcquireAsync(key, 1, cancellationToken) : null;

    public void Dispose() => _limiter.Dispose();

    // Login compares the trimmed name; case and Unicode form are folded too, so that variants of one name share
    // its limit. Names longer than any user's are refused by validation and would only grow the partition table.
    private static string? Key(string? userName)
    {
        var name = userName?.Trim();
        return string.IsNullOrEmpty(name) || name.Length > MaxLengths.UserName
            ? null
            : name.Normalize(NormalizationForm.FormC).ToUpperInvariant();
    }
}
