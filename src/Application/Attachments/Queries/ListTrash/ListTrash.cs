using Attachments.Application.Attachments.Common;
using Attachments.Application.Attachments.Queries.ListAttachments;
using Attachments.Application.Common;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Domain.Entities;
using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Attachments.Queries.ListTrash;

/// <summary>The trash, most recently deleted first; filters as the library's list, pages by <paramref name="Current"/>.</summary>
/// <param name="Q">Part of the display name, alt text or caption, any case.</param>
public sealed record ListTrashQuery(int Current = 1, int PageSize = 20, long? CategoryId = null, string? Q = null, string? Type = null, string? Tag = null)
    : IRequest<PagedList<AttachmentDto>>;

public sealed class ListTrashQueryHandler(IApplicationDbContext db, IMapper mapper) : IRequestHandler<ListTrashQuery, PagedList<AttachmentDto>>
{
    public async Task<PagedList<AttachmentDto>> Handle(ListTrashQuery request, CancellationToken cancellationToken)
    {
        // The trash holds what was deleted within the retention, a small table beside the library: an exact count
        // and an offset (over ix_trashed_attachments_deleted_time_id) are cheap here.
        var matches = Filter(db.TrashedAttachments.AsNoTracking(), request);
        var total = await matches.LongCountAsync(cancellationToken);
        var rows = await matches
            .OrderByDescending(t => t.DeletedTime).ThenByDescending(t => t.Id)
            .Skip((request.Current - 1) * request.PageSize)
            .Take(request.PageSize)
            .ToListAsync(cancellationToken);

        return new PagedList<AttachmentDto>(mapper.Map<List<AttachmentDto>>(rows), total, request.PageSize);
    }

    private static IQueryable<TrashedAttachment> Filter(IQueryable<TrashedAttachment> trashed, ListTrashQuery request)
    {
        if (request.CategoryId is > 0)
            trashed = trashed.Where(t => t.CategoryId == request.CategoryId);

        if (request.Type == AttachmentTypes.Image)
            trashed = trashed.Where(t => t.IsImage);
        else if (request.Type == AttachmentTypes.File)
            trashed = trashed.Where(t => !t.IsImage);

        if (!string.IsNullOrWhiteSpace(request.Q))
        {
            var pattern = "%" + LikePatterns.Escape(request.Q.Trim().ToLowerInvariant()) + "%";
            trashed = trashed.Where(t =>
                EF.Functions.Like(t.FileName.ToLower(), pattern, LikePatterns.EscapeCharacter)
                || EF.Functions.Like(t.Alt.ToLower(), pattern, LikePatterns.EscapeCharacter)
                || EF.Functions.Like(t.Caption.ToLower(), pattern, LikePatterns.EscapeCharacter));
        }

        if (!string.IsNullOrWhiteSpace(request.Tag))
        {
            var tag = request.Tag.Trim();
            trashed = trashed.Where(t => t.Tags.Contains(tag));
        }

        return trashed;
    }
}
