using Attachments.Api.Envelope;
using Attachments.Application.Categories.Commands.DeleteCategory;
using Attachments.Application.Categories.Commands.MoveAttachments;
using Attachments.Application.Categories.Commands.SaveCategory;
using Attachments.Application.Categories.Common;
using Attachments.Application.Categories.Queries.ListCategories;
using Attachments.Domain.Constants;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Attachments.Api.Controllers;

[Route("api/attachment/category")]
public sealed class CategoriesController : ApiControllerBase
{
    /// <summary>All categories in one page: <c>total</c> and <c>limit</c> are both the number of categories.</summary>
    [HttpGet("list")]
    [Authorize]
    public async Task<ApiListResponse<CategoryDto>> List(CancellationToken cancellationToken)
    {
        var categories = await Mediator.Send(new ListCategoriesQuery(), cancellationToken);
        return new ApiListResponse<CategoryDto>(categories, categories.Count, categories.Count);
    }

    [HttpPost("detail")]
    [Authorize(Policy = Permissions.AttachmentManage)]
    public async Task<ApiResponse<CategoryDto>> Save(SaveCategoryRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Ok(await Mediator.Send(new SaveCategoryCommand(request.Id, request.Title ?? string.Empty), cancellationToken));

    [HttpPost("delete")]
    [Authorize(Policy = Permissions.AttachmentManage)]
    public async Task<ApiResponse<object?>> Delete(DeleteCategoryRequest request, CancellationToken cancellationToken)
    {
        await Mediator.Send(new DeleteCategoryCommand(request.Id ?? 0), cancellationToken);
        return ApiResponse.Ok<object?>(null);
    }

    /// <summary><c>POST /api/attachment/category</c>: move attachments into a category (0 = none).</summary>
    [HttpPost("")]
    [Authorize(Policy = Permissions.AttachmentManage)]
    public async Task<ApiResponse<MoveAttachmentsResult>> Move(MoveAttachmentsRequest request, CancellationToken cancellationToken) =>
        ApiResponse.Ok(await Mediator.Send(new MoveAttachmentsCommand(request.CategoryId, request.Ids ?? []), cancellationToken));
}

public sealed record SaveCategoryRequest(long? Id, string? Title);

public sealed record DeleteCategoryRequest(long? Id);

public sealed record MoveAttachmentsRequest(long? CategoryId, IReadOnlyList<long>? Ids);
