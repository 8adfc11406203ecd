using Attachments.Application.Categories.Common;
using Attachments.Application.Common.Interfaces;
using AutoMapper;
using AutoMapper.QueryableExtensions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Categories.Queries.ListCategories;

/// <summary>Every category, hidden ones included, oldest first (by id).</summary>
public sealed record ListCategoriesQuery : IRequest<IReadOnlyList<CategoryDto>>;

public sealed class ListCategoriesQueryHandler(IApplicationDbContext db, IMapper mapper)
    : IRequestHandler<ListCategoriesQuery, IReadOnlyList<CategoryDto>>
{
    public async Task<IReadOnlyList<CategoryDto>> Handle(ListCategoriesQuery request, CancellationToken cancellationToken) =>
        await db.AttachmentCategories.AsNoTracking()
            .OrderBy(c => c.Id)
            .ProjectTo<CategoryDto>(mapper.ConfigurationProvider, CategoryMappingProfile.CountsParameter(db))
            .ToListAsync(cancellationToken);
}
