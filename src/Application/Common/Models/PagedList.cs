namespace Attachments.Application.Common.Models;

/// <param name="Total">How many items match, across all pages; a lower bound when <paramref name="TotalEstimated"/>.</param>
/// <param name="Limit">The page size asked for.</param>
/// <param name="TotalEstimated">True when counting stopped at a cap and <paramref name="Total"/> is that cap.</param>
/// <param name="Cursor">Asks for the page after this one; null on the last page.</param>
public sealed record PagedList<T>(IReadOnlyList<T> Items, long Total, int Limit, bool TotalEstimated = false, string? Cursor = null);
