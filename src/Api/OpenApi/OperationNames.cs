using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Attachments.Api.OpenApi;

/// <summary>
/// Each operation's <c>operationId</c> and one-line summary, kept here rather than as attributes so the controllers stay
/// thin. Generated clients name their methods after the ids, so an id never changes once published.
/// Keyed like <see cref="ErrorStatuses"/>; an XML-doc summary on the action, if any, is kept as the description.
/// </summary>
internal sealed class OperationNames : IOpenApiOperationTransformer
{
    public static readonly IReadOnlyDictionary<string, (string Id, string Summary)> ByOperation = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
    {
        ["POST /api/login"] = ("login", "Log in: exchange user name and password for a bearer token"),
        ["POST /api/attachment/upload"] = ("uploadAttachment", "Upload a file, or one chunk of a large file"),
        ["POST /api/attachment/upload/presign"] = ("presignUpload", "Start a direct upload: a URL to send the file's bytes to"),
        ["PUT /api/attachment/upload/direct/{upload_id}"] = ("putDirectUpload", "Send a direct upload's bytes to the URL presign answered (disk storage; no token)"),
        ["POST /api/attachment/upload/complete"] = ("completeUpload", "Finish a direct upload: store the file sent to the URL"),
        ["GET /api/attachment/list"] = ("listAttachments", "List attachments (or the trash), a page at a time, filtered by category, name or type"),
        ["GET /api/attachment/detail"] = ("getAttachment", "Get one attachment"),
        ["POST /api/attachment/edit"] = ("editAttachment", "Rename an attachment, move its file, set its alt text, caption, tags, focal point or visibility"),
        ["POST /api/attachment/url"] = ("signAttachmentUrl", "A signed URL of an attachment, resized, cropped or converted when asked"),
        ["POST /api/attachment/delete"] = ("deleteAttachments", "Delete attachments: to the trash, or for ever"),
        ["POST /api/attachment/restore"] = ("restoreAttachments", "Bring attachments back from the trash"),
        ["POST /api/attachment/scan"] = ("startScan", "Start indexing files found under uploads/ (background job)"),
        ["POST /api/attachment/thumb/rebuild"] = ("startThumbnailRebuild", "Start rebuilding every thumbnail (background job)"),
        ["GET /api/attachment/jobs"] = ("listJobs", "List running and recent background jobs"),
        ["GET /api/attachment/jobs/{id}"] = ("getJob", "Get a background job's progress"),
        ["GET /api/attachment/category/list"] = ("listCategories", "List all categories"),
        ["POST /api/attachment/category/detail"] = ("saveCategory", "Create a category (no id) or rename one"),
        ["POST /api/attachment/category/delete"] = ("deleteCategory", "Delete an empty category"),
        ["POST /api/attachment/category"] = ("moveAttachmentsToCategory", "Move attachments into a category"),
        ["GET /api/user/list"] = ("listUsers", "List users"),
        ["POST /api/user/save"] = ("saveUser", "Create a user (no id) or change one"),
        ["POST /api/user/delete"] = ("deleteUser", "Delete a user"),
        ["POST /UploadImage"] = ("uploadImage", "上傳圖片 — upload an image (v1)"),
        ["DELETE /DeleteImage"] = ("deleteImage", "Delete an image by its stored file name (v1)"),
        ["GET /GetAllImages"] = ("getAllImages", "List images, newest first, optionally a page at a time (v1)"),
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var key = ErrorStatuses.Key(context.Description.HttpMethod ?? "GET", "/" + (context.Description.RelativePath ?? string.Empty).TrimEnd('/'));
        if (!ByOperation.TryGetValue(key, out var names))
            throw new InvalidOperationException($"{key} has no entry in {nameof(OperationNames)}; give it an operationId and a summary.");

        if (operation.Summary is { Length: > 0 } existing && operation.Description is null)
            operation.Description = existing;

        operation.OperationId = names.Id;
        operation.Summary = names.Summary;
        return Task.CompletedTask;
    }
}
