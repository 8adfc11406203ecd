using System.Text.Json.Serialization.Metadata;
using Attachments.Api.Envelope;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Attachments.Api.OpenApi;

/// <summary>Makes the document say what the serialiser really does with numbers and absent fields.</summary>
internal static class ResponseSchemaTransformer
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // The web defaults read "5" as 5, so the generator offers string too; responses always write numbers,
        // and clients should send them.
        if (schema.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        // Envelopes and DTOs are only ever written, with every property (nulls included).
        var info = context.JsonTypeInfo;
        if (info.Kind == JsonTypeInfoKind.Object && IsResponseType(info.Type) && schema.Properties is { Count: > 0 } properties)
            schema.Required = new HashSet<string>(properties.Keys);

        if (context.JsonPropertyInfo is null && schema.Properties is { Count: > 0 } envelope)
            DescribeSuccessEnvelope(info.Type, envelope);

        return Task.CompletedTask;
    }

    /// <summary>
    /// These envelopes are written only on success (errors have their own types, see <see cref="ErrorSchemas"/>), so
    /// <c>code</c> is always 0 and <c>message</c> always "OK". Clients narrow on them to tell success from failure.
    /// </summary>
    private static void DescribeSuccessEnvelope(Type type, IDictionary<string, IOpenApiSchema> properties)
    {
        if (!type.IsGenericType)
            return;

        var definition = type.GetGenericTypeDefinition();
        var data = type.GetGenericArguments()[0];
        if (definition == typeof(ApiResponse<>) || definition == typeof(ApiListResponse<>) || definition == typeof(ApiPageResponse<>))
        {
            properties["code"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Enum = [ApiCodes.Ok] };
            properties["msg"] = new OpenApiSchema { Type = JsonSchemaType.String };
        }
        else if (definition == typeof(CompatResponse<>))
        {
            properties["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [CompatResponse.OkMessage] };
        }
        else
        {
            return;
        }

        // Handlers answer a DTO or a list, never null; object-typed data is only ever null (the deletes), and the
        // upload's object is described by UploadFormTransformer.
        if (data == typeof(object))
            properties["data"] = new OpenApiSchema { Type = JsonSchemaType.Null };
        else if (properties["data"] is OpenApiSchema inline && inline.Type is { } dataType)
            inline.Type = dataType & ~JsonSchemaType.Null;
    }

    private static bool IsResponseType(Type type) =>
        type.Namespace is { } ns
        && (ns.StartsWith("Attachments.Application.", StringComparison.Ordinal) || ns == "Attachments.Api.Envelope");
}
