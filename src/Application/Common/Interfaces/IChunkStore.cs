using Attachments.Application.Common.Models;

namespace Attachments.Application.Common.Interfaces;

/// <summary>
/// Parts of chunked uploads, kept in the storage (beside <c>uploads/</c>, never served) until the last one arrives,
/// so that parts sent to different instances add up.
/// </summary>
public interface IChunkStore
{
    /// <summary>Keeps part <paramref name="index"/> (replacing an earlier try) and returns the bytes held for the upload.</summary>
    Task<long> SavePartAsync(string uploadKey, int index, StagedFile part, CancellationToken cancellationToken);

    Task<int> CountPartsAsync(string uploadKey, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the parts for assembly, for as long as the claimer lives (any instance); null when another request holds them.
    /// </summary>
    Task<IChunkAssembly?> TryClaimAsync(string uploadKey, CancellationToken cancellationToken);

    Task DiscardAsync(string uploadKey, CancellationToken cancellationToken);
}

/// <summary>Claimed parts; disposing deletes them and ends the claim.</summary>
public interface IChunkAssembly : IAsyncDisposable
{
    /// <summary>Parts 0..<paramref name="chunks"/>-1, read one after another.</summary>
    /// <exception cref="Exceptions.ValidationException">A part is missing.</exception>
    Task<Stream> OpenConcatenatedAsync(int chunks, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps the parts for their upload instead of deleting them, so the client's retry of a part completes the set
    /// again; for refusals that say "try again" (503), where sending the whole file again would be waste.
    /// </summary>
    void Release();
}
