using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Attachments.Api.Envelope;

/// <summary>Writes an error in the envelope of the dialect the request was made in.</summary>
public sealed class EnvelopeWriter(IOptions<JsonOptions> json)
{
    private static readonly string[] CompatPaths = ["/UploadImage", "/DeleteImage", "/GetAllImages"];

    public static bool IsCompatDialect(HttpRequest request) =>
        CompatPaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public static object ErrorBody(HttpRequest request, int status, string message) =>
        IsCompatDialect(request)
            ? new CompatResponse<object?>(message, null)
            : ApiResponse.Error(status, message);

    public async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        var response = context.Response;
        if (response.HasStarted)
            return;

        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        var body = ErrorBody(context.Request, status, message);
        await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), json.Value.JsonSerializerOptions, context.RequestAborted);
    }
}
