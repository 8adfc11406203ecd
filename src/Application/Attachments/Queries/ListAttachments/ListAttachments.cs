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
/// <param name="Q">Part of the display name, any case.</param>
/// <param name="Type"><c>image</c> or <c>file</c>.</param>
public sealed record ListAttachmentsQuery(int Current = 1, int PageSize = 20, long? CategoryId = null, string? Q = null, string? Type = null)
    : IRequest<PagedList<AttachmentDto>>;

public static class AttachmentTypes
{
    public const string Image = "image";
    public const string File = "file";
}

public sealed class ListAttachmentsQueryHandler(IApplicationDbContext db, IMapper mapper)
    : IRequestHandler<ListAttachmentsQuery, PagedList<AttachmentDto>>
{
    public async Task<PagedList<AttachmentDto>> Handle(ListAttachmentsQuery request, CancellationToken cancellationToken)
    {
        var matches = Filter(db.Attachments.AsNoTracking(), request);
        var total = await matches.LongCountAsync(cancellationToken);
        var page = await Page(matches, request).ToListAsync(cancellationToken);

        return new PagedList<AttachmentDto>(mapper.Map<List<AttachmentDto>>(page), total, request.PageSize);
    }

    internal static IQueryable<Attachment> Page(IQueryable<Attachment> matches, ListAttachmentsQuery request) =>
        matches
            .OrderByDescending(a => a.CreatedTime).ThenByDescending(a => a.Id)
            .Skip((request.Current - 1) * request.PageSize)
            .Take(request.PageSize);

    internal static IQueryable<Attachment> Filter(IQueryable<Attachment> attachments, ListAttachmentsQuery request)
    {
        if (request.CategoryId is > 0)
            attachments = attachments.Where(a => a.CategoryId == request.CategoryId);

        if (request.Type == AttachmentTypes.Image)
            attachments = attachments.Where(a => a.IsImage);
        else if (request.Type == AttachmentTypes.File)
            attachments = attachments.Where(a => !a.IsImage);

        if (!string.IsNullOrWhiteSpace(request.Q))
        {
            // lower(file_name) LIKE '%…%' is what the trigram index ix_attachments_file_name_trgm serves.
            var pattern = "%" + LikePatterns.Escape(request.Q.Trim().ToLowerInvariant()) + "%";
            attachments = attachments.Where(a => EF.Functions.Like(a.FileName.ToLower(), pattern, LikePatterns.EscapeCharacter));
        }

        return attachments;
    }
}
