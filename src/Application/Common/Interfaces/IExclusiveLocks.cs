namespace Attachments.Application.Common.Interfaces;

/// <summary>Named locks every instance sees, held without a transaction (so a request may stream while it holds one).</summary>
public interface IExclusiveLocks
{
    /// <summary>Takes the lock named <paramref name="name"/> if nobody holds it, or answers null; disposing releases it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken);
}
