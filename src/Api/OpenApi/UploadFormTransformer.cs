using Attachments.Api.Uploads;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Attachments.Api.OpenApi;

/// <summary>
/// Uploads bind <see cref="UploadForm"/> by streaming the multipart body themselves, so the generator sees no
/// form fields; this describes the form the binder reads.
/// </summary>
internal sealed class UploadFormTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var form = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Type == typeof(UploadForm));
        if (form is null)
            return Task.CompletedTask;

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
            properties["category_id"] = Integer("Category to file the attachment in; omitted or 0 = none.");
            properties["id"] = Integer("An existing attachment to replace the file of.");
            properties["chunks"] = Integer("Chunked upload: the number of chunks. Sending it makes this request one chunk.");
            properties["chunk"] = Integer("Chunked upload: this chunk's index, from 0.");
            properties["file_name"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Chunked upload: the whole file's name." };
            properties["md5"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Chunked upload: the whole file's MD5 (hex), which identifies the upload." };
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
                    },
                },
            },
        };
        return Task.CompletedTask;
    }

    private static OpenApiSchema Integer(string description) =>
        new() { Type = JsonSchemaType.Integer, Format = "int64", Description = description };
}
