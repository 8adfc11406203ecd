using Attachments.Api.Controllers;
using Attachments.Application.Attachments.Commands.DeleteAttachments;
using Attachments.Application.Categories.Commands.MoveAttachments;
using Attachments.Application.Users.Commands.SaveUser;
using Attachments.Domain.Constants;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Attachments.Api.OpenApi;

/// <summary>
/// The JSON request bodies as their validators accept them. The generator calls every parameter of a positional record
/// required and every nullable one nullable, but the binder reads an absent field as null and the validator decides: a
/// field is required here when the validator refuses it absent, nullable when it takes null for absent. The bounds
/// are the validators' own constants.
/// </summary>
internal static class RequestBodySchemas
{
    // Built anew on every use: the document is made from these schema objects, so none is shared between two documents.
    private static Dictionary<Type, RequestBody> ByType => new()
    {
        [typeof(LoginRequest)] = new(new()
        {
            ["user_name"] = Text(MaxLengths.UserName),
            ["password"] = Text(1024),
        }),
        [typeof(PresignUploadRequest)] = new(new()
        {
            ["file_name"] = Text(MaxLengths.OriginalFileName, "The file's name with its extension, as a multipart upload's file part carries it."),
            ["file_size"] = Integer(1, "Exactly the bytes that will be sent; more than Upload:MaxFileSizeBytes is refused with 413."),
            ["category_id"] = Optional(Integer(0, "Category to file the attachment in; absent or 0 = none.")),
        }),
        [typeof(CompleteUploadRequest)] = new(new()
        {
            ["upload_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid", Description = "The upload_id that presign answered." },
        }),
        [typeof(EditAttachmentRequest)] = new(
            new()
            {
                ["id"] = Id(),
                ["file_name"] = Optional(Text(MaxLengths.FileName, "The new display name.")),
                ["file_location"] = Optional(Text(MaxLengths.FileLocation,
                    "Where to move the file: `uploads/<folders>/<name>.<ext>`, with the extension it has now.")),
                ["focus_x"] = Optional(Fraction("The focal point every crop keeps in view, from the left edge (0) to the right (1); images only.")),
                ["focus_y"] = Optional(Fraction("The focal point, from the top edge (0) to the bottom (1).")),
                ["visibility"] = Optional(Choice(["public", "private"], "`private` moves the files under private/ and serves them only on signed, expiring links.")),
                ["alt"] = Optional(Text(MaxLengths.Alt, "Alternative text for the image; \"\" clears it.", minLength: 0)),
                ["caption"] = Optional(Text(MaxLengths.Caption, "A caption; \"\" clears it.", minLength: 0)),
                ["tags"] = Optional(new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "The tags, replacing the ones before ([] clears them); trimmed, each kept once in any case.",
                    Items = Text(MaxLengths.Tag).Schema,
                    MaxItems = MaxLengths.Tags,
                }),
            },
            AnyOf: ["file_name", "file_location", "focus_x", "focus_y", "visibility", "alt", "caption", "tags"]),
        [typeof(SignUrlRequest)] = new(new()
        {
            ["id"] = Id(),
            ["w"] = Optional(Integer(1, "Width of the box, in pixels.")),
            ["h"] = Optional(Integer(1, "Height of the box, in pixels.")),
            ["fit"] = Optional(Choice(["inside", "cover", "contain"], "inside (default): scale into the box; cover: fill it, cut around the focal point; contain: fit and pad.")),
            ["fmt"] = Optional(Choice([.. Application.Delivery.ImageTransform.Formats], "auto: AVIF, then WebP, by the browser's Accept; omitted: the stored format.")),
            ["q"] = Optional(Bounded(1, 100, "Quality of JPEG, WebP and AVIF.")),
            ["dpr"] = Optional(new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "1", Maximum = "4", Description = "Multiplies the box (1–4)." }),
        }),
        [typeof(DeleteAttachmentsRequest)] = new(
            new()
            {
                ["id"] = Optional(Id("One attachment to delete.")),
                ["ids"] = Optional(Ids(DeleteAttachmentsCommandValidator.MaxIds, "Attachments to delete; with `id`, both are deleted.")),
                ["permanent"] = Optional(new OpenApiSchema
                {
                    Type = JsonSchemaType.Boolean,
                    Description = "true deletes for ever, from the library or the trash; absent or false moves to the trash (for Attachments:TrashRetention).",
                }),
            },
            AnyOf: ["id", "ids"]),
        [typeof(RestoreAttachmentsRequest)] = new(
            new()
            {
                ["id"] = Optional(Id("One attachment to restore from the trash.")),
                ["ids"] = Optional(Ids(DeleteAttachmentsCommandValidator.MaxIds, "Attachments to restore; with `id`, both are restored.")),
            },
            AnyOf: ["id", "ids"]),
        [typeof(MoveAttachmentsRequest)] = new(new()
        {
            ["category_id"] = Integer(0, "The category to move them to; 0 takes them out of any category."),
            ["ids"] = Ids(MoveAttachmentsCommandHandler.MaxIds, "Attachments to move."),
        }),
        [typeof(SaveCategoryRequest)] = new(new()
        {
            ["id"] = Optional(Integer(0, "The category to rename; absent or 0 creates one.")),
            ["title"] = Text(MaxLengths.CategoryTitle, "Stored trimmed; no control characters, line breaks or bidi controls."),
        }),
        [typeof(DeleteCategoryRequest)] = new(new() { ["id"] = Id() }),
        [typeof(SaveUserRequest)] = new(new()
        {
            ["id"] = Optional(Integer(0, "The user to change; absent or 0 creates one.")),
            ["user_name"] = Text(MaxLengths.UserName),
            ["password"] = Optional(Text(SaveUserCommandValidator.MaximumPasswordLength,
                "Required for a new user; absent keeps a changed user's password.", SaveUserCommandValidator.MinimumPasswordLength)),
            ["permissions"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "Every permission the user holds ([] for none); replaces the ones held before.",
                Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. Permissions.All.Select(p => (System.Text.Json.Nodes.JsonNode)p)] },
                UniqueItems = true,
            },
        }),
        [typeof(DeleteUserRequest)] = new(new() { ["id"] = Id() }),
    };

    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (context.JsonPropertyInfo is not null || type.Namespace != typeof(LoginRequest).Namespace)
            return Task.CompletedTask;

        if (!ByType.TryGetValue(type, out var body))
            throw new InvalidOperationException($"The request body {type.Name} has no entry in {nameof(RequestBodySchemas)}; say what its validator accepts.");

        var generated = schema.Properties?.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
        if (!generated.SetEquals(body.Properties.Keys))
        {
            throw new InvalidOperationException(
                $"{type.Name} has the fields [{string.Join(", ", generated)}] but {nameof(RequestBodySchemas)} describes [{string.Join(", ", body.Properties.Keys)}].");
        }

        schema.Properties = body.Properties.ToDictionary(p => p.Key, p => (IOpenApiSchema)p.Value.Schema);
        schema.Required = body.Properties.Where(p => p.Value.Required).Select(p => p.Key).ToHashSet();
        if (body.AnyOf is { } anyOf)
            schema.AnyOf = [.. anyOf.Select(name => (IOpenApiSchema)Present(name, body.Properties[name].Schema))];

        return Task.CompletedTask;
    }

    /// <summary>
    /// A branch of <c>anyOf</c> that holds when the field is there and not null. Whole object schemas rather than bare
    /// <c>required</c> lists, so generated clients get a union type that refuses a body without any of them.
    /// </summary>
    private static OpenApiSchema Present(string name, OpenApiSchema field)
    {
        var value = (OpenApiSchema)field.CreateShallowCopy();
        value.Type &= ~JsonSchemaType.Null;
        value.Description = null;
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema> { [name] = value },
            Required = new HashSet<string> { name },
        };
    }

    private static Field Id(string? description = null) => Integer(1, description);

    private static Field Integer(long minimum, string? description = null) =>
        new(new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = Invariant(minimum), Description = description });

    private static Field Fraction(string description) =>
        new(new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double", Minimum = "0", Maximum = "1", Description = description });

    private static Field Bounded(long minimum, long maximum, string description) =>
        new(new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = Invariant(minimum), Maximum = Invariant(maximum), Description = description });

    private static Field Choice(string[] values, string description) =>
        new(new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (System.Text.Json.Nodes.JsonNode)v)], Description = description });

    private static Field Ids(int maxItems, string description) => new(new OpenApiSchema
    {
        Type = JsonSchemaType.Array,
        Description = description,
        Items = Id().Schema,
        MinItems = 1,
        MaxItems = maxItems,
    });

    private static Field Text(int maxLength, string? description = null, int minLength = 1) =>
        new(new OpenApiSchema { Type = JsonSchemaType.String, MinLength = minLength, MaxLength = maxLength, Description = description });

    /// <summary>May be left out, or sent as null, which means the same.</summary>
    private static Field Optional(Field field)
    {
        field.Schema.Type |= JsonSchemaType.Null;
        return field with { Required = false };
    }

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Field(OpenApiSchema Schema, bool Required = true)
    {
        public static implicit operator Field(OpenApiSchema schema) => new(schema);
    }

    /// <param name="AnyOf">Fields of which at least one must be sent (not null).</param>
    private sealed record RequestBody(Dictionary<string, Field> Properties, string[]? AnyOf = null);
}
