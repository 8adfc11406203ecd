using Attachments.Application.Categories.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using AutoMapper;
using AutoMapper.QueryableExtensions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Categories.Commands.SaveCategory;

/// <param name="Id">0 or null creates a category; otherwise that category's title is changed.</param>
/// <param name="Title">Stored trimmed.</param>
public sealed record SaveCategoryCommand(long? Id, string Title) : IRequest<CategoryDto>;

public sealed class SaveCategoryCommandHandler(IApplicationDbContext db, TimeProvider time, IMapper mapper)
    : IRequestHandler<SaveCategoryCommand, CategoryDto>
{
    public async Task<CategoryDto> Handle(SaveCategoryCommand request, CancellationToken cancellationToken)
    {
        var title = request.Title.Trim();
        var id = request.Id is null or 0
            ? await CreateAsync(title, cancellationToken)
            : await UpdateAsync(request.Id.Value, title, cancellationToken);

        return await db.AttachmentCategories.AsNoTracking()
            .Where(c => c.Id == id)
            .ProjectTo<CategoryDto>(mapper.ConfigurationProvider, CategoryMappingProfile.CountsParameter(db))
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw NotFound(id);
    }

    private async Task<long> CreateAsync(string title, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var category = new AttachmentCategory { Title = title, CreatedTime = now, UpdatedTime = now };
        db.AttachmentCategories.Add(category);
        await db.SaveChangesAsync(cancellationToken);
        return category.Id;
    }

    private async Task<long> UpdateAsync(long id, string title, CancellationToken cancellationToken)
    {
        var category = await db.AttachmentCategories.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw NotFound(id);

        if (category.Title == title)
            return id;

        category.Title = title;
        category.UpdatedTime = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new NotFoundException($"Category {id} was deleted while it was being renamed.", e);
        }

        return id;
    }

    private static NotFoundException NotFound(long id) => new($"Category {id} does not exist.");
}
