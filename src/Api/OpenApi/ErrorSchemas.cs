using Microsoft.OpenApi;

namespace Attachments.Api.OpenApi;

/// <summary>The error bodies written by EnvelopeWriter, one per dialect.</summary>
internal static class ErrorSchemas
{
    public const string ApiError = "ApiError";
    public const string CompatError = "CompatError";

    public static OpenApiSchema Api() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "`code`: -1 for most errors, 1001 not logged in (401), 1002 missing permission (403).",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Enum = [-1, 1001, 1002] },
            ["msg"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, for a person." },
            ["data"] = new OpenApiSchema { Type = JsonSchemaType.Null },
        },
        Required = new HashSet<string> { "code", "msg", "data" },
    };

    public static OpenApiSchema Compat() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, for a person." },
            ["data"] = new OpenApiSchema { Type = JsonSchemaType.Null },
        },
        Required = new HashSet<string> { "message", "data" },
    };
}
