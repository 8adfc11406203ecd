using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Attachments.Api.OpenApi;

/// <summary>
/// One line per operation for the API browser, kept here rather than as attributes so the controllers stay thin.
/// Keyed like <see cref="ErrorStatuses"/>; an XML-doc summary on the action, if any, is kept as the description.
/// </summary>
internal sealed class OperationSummaries : IOpenApiOperationTransformer
{
    public static readonly IReadOnlyDictionary<string, string> ByOperation = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["POST /api/login"] = "Log in: exchange user name and password for a bearer token",
        ["POST /api/attachment/upload"] = "Upload a file, or one chunk of a large file",
        ["GET /api/attachment/list"] = "List attachments, a page at a time, filtered by category, name or type",
        ["GET /api/attachment/detail"] = "Get one attachment",
        ["POST /api/attachment/edit"] = "Rename an attachment or move its file",
        ["POST /api/attachment/delete"] = "Delete attachments with their files and thumbnails",
        ["POST /api/attachment/scan"] = "Start indexing files found under uploads/ (background job)",
        ["POST /api/attachment/thumb/rebuild"] = "Start rebuilding every thumbnail (background job)",
        ["GET /api/attachment/jobs"] = "List running and recent background jobs",
        ["GET /api/attachment/jobs/{id}"] = "Get a background job's progress",
        ["GET /api/attachment/category/list"] = "List all categories",
        ["POST /api/attachment/category/detail"] = "Create a category (no id) or rename one",
        ["POST /api/attachment/category/delete"] = "Delete an empty category",
        ["POST /api/attachment/category"] = "Move attachments into a category",
        ["GET /api/user/list"] = "List users",
        ["POST /api/user/save"] = "Create a user (no id) or change one",
        ["POST /api/user/delete"] = "Delete a user",
        ["POST /UploadImage"] = "上傳圖片 — upload an image (v1)",
        ["DELETE /DeleteImage"] = "Delete an image by its stored file name (v1)",
        ["GET /GetAllImages"] = "List images, newest first, optionally a page at a time (v1)",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var key = ErrorStatuses.Key(context.Description.HttpMethod ?? "GET", "/" + (context.Description.RelativePath ?? string.Empty).TrimEnd('/'));
        if (ByOperation.TryGetValue(key, out var summary))
        {
            if (operation.Summary is { Length: > 0 } existing && operation.Description is null)
                operation.Description = existing;

            operation.Summary = summary;
        }

        return Task.CompletedTask;
    }
}
