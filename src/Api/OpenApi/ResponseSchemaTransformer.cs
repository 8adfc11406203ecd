using System.Text.Json.Serialization.Metadata;
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

        return Task.CompletedTask;
    }

    private static bool IsResponseType(Type type) =>
        type.Namespace is { } ns
        && (ns.StartsWith("Attachments.Application.", StringComparison.Ordinal) || ns == "Attachments.Api.Envelope");
}
