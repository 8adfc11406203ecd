namespace Attachments.Application.Common.Models;

/// <param name="Total">How many items match, across all pages.</param>
/// <param name="Limit">The page size asked for.</param>
public sealed record PagedList<T>(IReadOnlyList<T> Items, long Total, int Limit);
