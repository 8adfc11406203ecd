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
            ["request_id"] = RequestId(),
        },
        Required = new HashSet<string> { "code", "msg", "data", "request_id" },
    };

    public static OpenApiSchema Compat() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, for a person." },
            ["data"] = new OpenApiSchema { Type = JsonSchemaType.Null },
            ["requestId"] = RequestId(),
        },
        Required = new HashSet<string> { "message", "data", "requestId" },
    };

    private static OpenApiSchema RequestId() => new()
    {
        Type = JsonSchemaType.String,
        Description = "The request's id, also in the X-Request-Id response header and on every log line of the request; "
            + "a sane X-Request-Id sent with the request (1–64 of A-Z a-z 0-9 . _ -) is kept.",
        MinLength = 1,
        MaxLength = 64,
        Pattern = "^[A-Za-z0-9._-]{1,64}$",
    };
}
