using System.Globalization;
using Attachments.Api.Uploads;
using Attachments.Application.Attachments.Commands.UploadChunk;
using Attachments.Application.Attachments.Common;
using Attachments.Domain.Constants;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Attachments.Api.OpenApi;

/// <summary>
/// Uploads bind <see cref="UploadForm"/> by streaming the multipart body themselves, so the generator sees no
/// form fields; this describes the form the binder reads.
/// </summary>
internal sealed class UploadFormTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var form = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Type == typeof(UploadForm));
        if (form is null)
            return;

        if (operation.Parameters is { } parameters)
        {
            foreach (var parameter in parameters.Where(p => string.Equals(p.Name, form.Name, StringComparison.OrdinalIgnoreCase)).ToList())
                parameters.Remove(parameter);
        }

        var isAttachmentApi = context.Description.RelativePath?.StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true;
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            ["file"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Format = "binary",
                Description = isAttachmentApi
                    ? "The file, or one chunk of it when `chunks` is sent. Its type is judged by its bytes, not its name."
                    : "The image (JPEG, PNG, GIF, WebP, …). Its type is judged by its bytes, not its name.",
            },
        };
        if (isAttachmentApi)
        {
            properties["category_id"] = Integer(0, null, "Category to file the attachment in; omitted or 0 = none.");
            properties["id"] = Integer(1, null, "An existing attachment to replace the file of.");
            properties["visibility"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = ["public", "private"],
                Description = "`private`: stored under private/ and served only on signed, expiring links (docs/api/delivery.md); omitted: public.",
            };
            properties["chunks"] = Integer(1, UploadChunkCommandValidator.MaxChunks, "Chunked upload: the number of chunks. Sending it makes this request one chunk.");
            properties["chunk"] = Integer(0, UploadChunkCommandValidator.MaxChunks - 1, "Chunked upload: this chunk's index, from 0 to chunks - 1.");
            properties["file_name"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                MinLength = 1,
                MaxLength = MaxLengths.OriginalFileName,
                Description = "Chunked upload: the whole file's name; without it, the name of the file part.",
            };
            properties["md5"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Pattern = "^[0-9a-fA-F]{32}$",
                Description = "Chunked upload: the whole file's MD5 (hex), which identifies the upload.",
            };
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = properties,
                        Required = new HashSet<string> { "file" },
                        DependentRequired = isAttachmentApi
                            ? new Dictionary<string, HashSet<string>> { ["chunks"] = ["chunk", "md5"] }
                            : null,
                    },
                },
            },
        };

        if (isAttachmentApi)
            await DescribeUploadResultAsync(operation, context, cancellationToken);
    }

    /// <summary>The action returns <c>data</c> as object: the attachment, or a chunk's progress before the last chunk.</summary>
    private static async Task DescribeUploadResultAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var progress = await context.GetOrCreateSchemaAsync(typeof(ChunkProgressDto), cancellationToken: cancellationToken);
        progress.Description = "A chunk was stored; the attachment follows when the last one arrives.";
        var envelope = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Enum = [0] },
                ["msg"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["data"] = new OpenApiSchema { AnyOf = [new OpenApiSchemaReference(nameof(AttachmentDto), context.Document), progress] },
            },
            Required = new HashSet<string> { "code", "msg", "data" },
        };
        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = "The stored attachment (a whole file, or the last chunk), or the progress of a chunked upload.",
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = envelope } },
        };
    }

    private static OpenApiSchema Integer(long minimum, long? maximum, string description) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int64",
        Minimum = minimum.ToString(CultureInfo.InvariantCulture),
        Maximum = maximum?.ToString(CultureInfo.InvariantCulture),
        Description = description,
    };
}
