using System.Globalization;
using System.Text.Json.Nodes;
using Attachments.Application.Attachments.Queries.ListAttachments;
using Attachments.Application.ImageUploadV1.Queries.GetAllImages;
using Attachments.Domain.Constants;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Attachments.Api.OpenApi;

/// <summary>
/// Query parameters as their validators accept them (bounds, enums, defaults, which are required); the generator knows
/// only their CLR types. Keyed like <see cref="ErrorStatuses"/>, then by parameter name.
/// </summary>
internal sealed class QueryParameterSchemas : IOpenApiOperationTransformer
{
    // Built anew on every use: the document is made from these schema objects, so none is shared between two documents.
    private static Dictionary<string, Dictionary<string, Parameter>> ByOperation =>
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["GET /api/attachment/list"] = new()
            {
                ["current"] = new(Integer32(1, @default: 1), Description: "Page number, from 1."),
                ["pageSize"] = new(Integer32(1, ListAttachmentsQueryValidator.MaxPageSize, @default: 20), Description: "Attachments per page."),
                ["category_id"] = new(Integer64(0), Description: "Only this category; absent or 0 = all."),
                ["q"] = new(new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = ListAttachmentsQueryValidator.MaxSearchLength },
                    Description: "Only attachments whose display name, alt text, caption or a tag contains this (case-insensitive)."),
                ["tag"] = new(new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Domain.Constants.MaxLengths.Tag },
                    Description: "Only attachments with exactly this tag."),
                ["type"] = new(new OpenApiSchema { Type = JsonSchemaType.String, Enum = [AttachmentTypes.Image, AttachmentTypes.File] },
                    Description: "Only images, or only other files; absent = both."),
                ["cursor"] = new(new OpenApiSchema { Type = JsonSchemaType.String },
                    Description: "The `cursor` of the previous page, unchanged: the page after it (then `current` is ignored). Not with `trashed`."),
                ["trashed"] = new(new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["0", "1", "false", "true"] },
                    Description: "1 lists the trash, most recently deleted first, each with `deleted_time` and no URLs; pages by `current`."),
            },
            ["GET /api/attachment/detail"] = new()
            {
                ["id"] = new(Integer64(1), Required: true),
            },
            ["PUT /api/attachment/upload/direct/{upload_id}"] = new()
            {
                ["expires"] = new(Integer64(0), Required: true, Description: "When the URL stops working (unix seconds); part of the signed URL."),
                ["s"] = new(new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 }, Required: true,
                    Description: "The URL's signature, its only credential; part of the signed URL."),
            },
            ["GET /GetAllImages"] = new()
            {
                ["page"] = new(Integer32(1), Description: "Page number, from 1 (default 1); only with pageSize."),
                ["pageSize"] = new(Integer32(1, GetAllImagesQueryValidator.MaxPageSize), Description: "Images per page; absent = every image."),
            },
            ["DELETE /DeleteImage"] = new()
            {
                ["FileName"] = new(new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = MaxLengths.FileLocation, Pattern = @"^[^/\\]+$" },
                    Required: true, Description: "The stored name (`fileName` of the upload), without folders."),
            },
        };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var key = ErrorStatuses.Key(context.Description.HttpMethod ?? "GET", "/" + (context.Description.RelativePath ?? string.Empty).TrimEnd('/'));
        if (!ByOperation.TryGetValue(key, out var described))
            return Task.CompletedTask;

        var parameters = (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query).ToDictionary(p => p.Name!, StringComparer.Ordinal);
        if (!parameters.Keys.ToHashSet().SetEquals(described.Keys))
        {
            throw new InvalidOperationException(
                $"{key} has the query parameters [{string.Join(", ", parameters.Keys)}] but {nameof(QueryParameterSchemas)} describes [{string.Join(", ", described.Keys)}].");
        }

        foreach (var (name, parameter) in described)
        {
            parameters[name].Schema = parameter.Schema;
            parameters[name].Required = parameter.Required;
            parameters[name].Description = parameter.Description;
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Integer32(int minimum, int? maximum = null, int? @default = null) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = minimum.ToString(CultureInfo.InvariantCulture),
        Maximum = maximum?.ToString(CultureInfo.InvariantCulture),
        Default = @default is { } value ? JsonValue.Create(value) : null,
    };

    private static OpenApiSchema Integer64(long minimum) =>
        new() { Type = JsonSchemaType.Integer, Format = "int64", Minimum = minimum.ToString(CultureInfo.InvariantCulture) };

    private sealed record Parameter(OpenApiSchema Schema, bool Required = false, string? Description = null);
}
