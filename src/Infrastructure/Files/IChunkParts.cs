using Attachments.Application.Common.Interfaces;

namespace Attachments.Infrastructure.Files;

/// <summary>A chunk store the storage sweeper can clear of abandoned uploads.</summary>
public interface IChunkParts : IChunkStore
{
    /// <summary>Deletes the parts of uploads that received nothing since <paramref name="cutoff"/>; returns how many uploads went.</summary>
    Task<int> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
