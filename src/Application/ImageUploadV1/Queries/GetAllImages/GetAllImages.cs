using System.Runtime.CompilerServices;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.ImageUploadV1.Common;
using AutoMapper;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.ImageUploadV1.Queries.GetAllImages;

/// <summary>Every image, newest first; <paramref name="Page"/> and <paramref name="PageSize"/> are optional.</summary>
public sealed record GetAllImagesQuery(int? Page = null, int? PageSize = null) : IRequest<IAsyncEnumerable<ImageInformationDto>>;

public sealed class GetAllImagesQueryHandler(IApplicationDbContext db, IMapper mapper)
    : IRequestHandler<GetAllImagesQuery, IAsyncEnumerable<ImageInformationDto>>
{
    public Task<IAsyncEnumerable<ImageInformationDto>> Handle(GetAllImagesQuery request, CancellationToken cancellationToken)
    {
        var images = db.Attachments.AsNoTracking()
            .Where(a => a.IsImage)
            .OrderByDescending(a => a.CreatedTime).ThenByDescending(a => a.Id)
            .AsQueryable();

        if (request.PageSize is { } size)
            images = images.Skip(((request.Page ?? 1) - 1) * size).Take(size);

        return Task.FromResult(Stream(images.AsAsyncEnumerable(), cancellationToken));
    }

    // Rows are mapped and written one by one as the response is serialised: memory stays flat however many there are.
    private async IAsyncEnumerable<ImageInformationDto> Stream(
        IAsyncEnumerable<Domain.Entities.Attachment> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken))
            yield return mapper.Map<ImageInformationDto>(row);
    }
}
