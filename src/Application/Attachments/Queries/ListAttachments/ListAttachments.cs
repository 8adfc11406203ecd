using Attachments.Application.Attachments.Common;
using Attachments.Application.Common;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;
using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Queries.ListAttachments;

/// <param name="CategoryId">Absent or 0 lists every category.</param>
/// <param name="Q">Part of the display name, alt text, caption or a tag, any case.</param>
/// <param name="Tag">One tag, exactly.</param>
/// <param name="Type"><c>image</c> or <c>file</c>.</param>
/// <param name="Cursor">The <c>cursor</c> of the previous page: continues after its last row, and <paramref name="Current"/> is ignored.</param>
public sealed record ListAttachmentsQuery(
    int Current = 1, int PageSize = 20, long? CategoryId = null, string? Q = null, string? Type = null, string? Cursor = null, string? Tag = null)
    : IRequest<PagedList<AttachmentDto>>;

public static class AttachmentTypes
{
    public const string Image = "image";
    public const string File = "file";
}

/// <summary>
/// Newest first, by (created_time, id). Totals without a name filter come from attachment_counts; a deep page finds the
/// hour it starts in from attachment_hour_counts and skips only that hour's rows (docs/decisions/021-list-at-scale.md).
/// </summary>
public sealed class ListAttachmentsQueryHandler(IApplicationDbContext db, IMapper mapper)
    : IRequestHandler<ListAttachmentsQuery, PagedList<AttachmentDto>>
{
    /// <summary>A name filter's total is counted exactly up to here; beyond it the list says it is at least this.</summary>
    public const int ExactTotalCap = 10_000;

    public async Task<PagedList<AttachmentDto>> Handle(ListAttachmentsQuery request, CancellationToken cancellationToken)
    {
        var matches = Filter(db.Attachments.AsNoTracking(), request);
        long total;
        var estimated = false;
        List<Attachment> rows;
        if (HasNameFilter(request))
        {
            rows = await ReadPageAsync(matches, request, null, cancellationToken);
            // A first page that holds every match is its own count: a selective search costs one trigram scan, not two.
            (total, estimated) = string.IsNullOrEmpty(request.Cursor) && request.Current == 1 && rows.Count <= request.PageSize
                ? (rows.Count, false)
                : await CountUpToCapAsync(matches, cancellationToken);
        }
        else
        {
            total = await Totals(db.AttachmentCounts.AsNoTracking(), request).SumAsync(c => c.Count, cancellationToken);
            rows = await ReadPageAsync(matches, request, total, cancellationToken);
        }

        var cursor = rows.Count > request.PageSize ? new ListCursor(rows[request.PageSize - 1].CreatedTime, rows[request.PageSize - 1].Id).Encode() : null;
        var page = rows.Take(request.PageSize);

        return new PagedList<AttachmentDto>(mapper.Map<List<AttachmentDto>>(page), total, request.PageSize, estimated, cursor);
    }

    /// <summary>One row more than the page, which tells whether a next page exists.</summary>
    private async Task<List<Attachment>> ReadPageAsync(IQueryable<Attachment> matches, ListAttachmentsQuery request, long? exactTotal, CancellationToken cancellationToken)
    {
        var take = request.PageSize + 1;
        if (!string.IsNullOrEmpty(request.Cursor) && ListCursor.TryDecode(request.Cursor, out var after))
            return await Newest(After(matches, after)).Take(take).ToListAsync(cancellationToken);

        var offset = (long)(request.Current - 1) * request.PageSize;
        if (offset == 0)
            return await Newest(matches).Take(take).ToListAsync(cancellationToken);
        if (offset >= exactTotal)
            return [];

        if (!HasNameFilter(request) && await StartOfAsync(matches, request, offset, cancellationToken) is { } start)
            return await Newest(From(matches, start)).Take(take).ToListAsync(cancellationToken);

        // A name filter has no per-hour counts; its pages past the first are few while its total is exact, and the
        // cursor serves the rest.
        return offset > int.MaxValue ? [] : await Newest(matches).Skip((int)offset).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>The key of the row at <paramref name="offset"/>: the hour it falls in from the hour counts, then an index-only skip within that hour.</summary>
    private async Task<ListCursor?> StartOfAsync(IQueryable<Attachment> matches, ListAttachmentsQuery request, long offset, CancellationToken cancellationToken)
    {
        long before = 0;
        DateTimeOffset? hourStart = null;
        await foreach (var hour in HourCounts(db.AttachmentHourCounts.AsNoTracking(), request).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (before + hour.Count > offset)
            {
                hourStart = hour.Hour;
                break;
            }

            before += hour.Count;
        }

        if (hourStart is not { } start)
            return null;

        var key = await StartKeys(matches, start).Skip((int)(offset - before)).FirstOrDefaultAsync(cancellationToken);
        return key is null ? null : new ListCursor(key.CreatedTime, key.Id);
    }

    private static async Task<(long Total, bool Estimated)> CountUpToCapAsync(IQueryable<Attachment> matches, CancellationToken cancellationToken)
    {
        var counted = await matches.Select(a => a.Id).Take(ExactTotalCap + 1).LongCountAsync(cancellationToken);
        return counted > ExactTotalCap ? (ExactTotalCap, true) : (counted, false);
    }

    internal static IQueryable<Attachment> Newest(IQueryable<Attachment> matches) =>
        matches.OrderByDescending(a => a.CreatedTime).ThenByDescending(a => a.Id);

    // created_time <= t is the index condition that seeks; the rest only sorts out rows of that same instant.
    internal static IQueryable<Attachment> After(IQueryable<Attachment> matches, ListCursor cursor) =>
        matches.Where(a => a.CreatedTime <= cursor.CreatedTime && (a.CreatedTime < cursor.CreatedTime || a.Id < cursor.Id));

    internal static IQueryable<Attachment> From(IQueryable<Attachment> matches, ListCursor start) =>
        matches.Where(a => a.CreatedTime <= start.CreatedTime && (a.CreatedTime < start.CreatedTime || a.Id <= start.Id));

    internal static IQueryable<RowKey> StartKeys(IQueryable<Attachment> matches, DateTimeOffset hour) =>
        Newest(matches.Where(a => a.CreatedTime >= hour && a.CreatedTime < hour.AddHours(1))).Select(a => new RowKey { CreatedTime = a.CreatedTime, Id = a.Id });

    internal static IQueryable<AttachmentCount> Totals(IQueryable<AttachmentCount> counts, ListAttachmentsQuery request)
    {
        if (request.CategoryId is long category and > 0)
            counts = counts.Where(c => c.CategoryId == category);
        if (IsImage(request) is { } isImage)
            counts = counts.Where(c => c.IsImage == isImage);
        return counts;
    }

    internal static IQueryable<HourCount> HourCounts(IQueryable<AttachmentHourCount> counts, ListAttachmentsQuery request)
    {
        var category = request.CategoryId is > 0 ? request.CategoryId.Value : AttachmentHourCount.EveryCategory;
        counts = counts.Where(c => c.CategoryId == category);
        if (IsImage(request) is { } isImage)
            counts = counts.Where(c => c.IsImage == isImage);
        return counts.GroupBy(c => c.Hour).Select(g => new HourCount { Hour = g.Key, Count = g.Sum(c => c.Count) }).OrderByDescending(h => h.Hour);
    }

    internal static IQueryable<Attachment> Filter(IQueryable<Attachment> attachments, ListAttachmentsQuery request)
    {
        if (request.CategoryId is > 0)
            attachments = attachments.Where(a => a.CategoryId == request.CategoryId);

        if (IsImage(request) is { } isImage)
            attachments = attachments.Where(a => a.IsImage == isImage);

        if (!string.IsNullOrWhiteSpace(request.Q))
        {
            // search_text LIKE '%…%' is what the trigram index ix_attachments_search_trgm serves.
            var pattern = "%" + LikePatterns.Escape(request.Q.Trim().ToLowerInvariant()) + "%";
            attachments = attachments.Where(a => EF.Functions.Like(a.SearchText, pattern, LikePatterns.EscapeCharacter));
        }

        if (!string.IsNullOrWhiteSpace(request.Tag))
        {
            // tags @> ARRAY[tag], which the GIN index ix_attachments_tags serves; tags are stored trimmed.
            var tag = request.Tag.Trim();
            attachments = attachments.Where(a => new[] { tag }.All(t => a.Tags.Contains(t)));
        }

        return attachments;
    }

    /// <summary>A text search or a tag: rows the per-category counts cannot count.</summary>
    private static bool HasNameFilter(ListAttachmentsQuery request) => !string.IsNullOrWhiteSpace(request.Q) || !string.IsNullOrWhiteSpace(request.Tag);

    private static bool? IsImage(ListAttachmentsQuery request) => request.Type switch
    {
        AttachmentTypes.Image => true,
        AttachmentTypes.File => false,
        _ => null,
    };

    // Initialised, not constructed, so that EF Core can order by their members.
    internal sealed record RowKey
    {
        public DateTimeOffset CreatedTime { get; init; }

        public long Id { get; init; }
    }

    internal sealed record HourCount
    {
        public DateTimeOffset Hour { get; init; }

        public long Count { get; init; }
    }
}
