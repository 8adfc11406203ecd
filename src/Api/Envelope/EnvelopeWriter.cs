using System.Text.Json;
using Attachments.Api.Observability;
using Attachments.Application.Common.Interfaces;
using Attachments.Infrastructure.Observability;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Attachments.Api.Envelope;

/// <summary>Writes an error in the envelope of the dialect the request was made in, and counts it.</summary>
public sealed class EnvelopeWriter(IOptions<JsonOptions> json, AttachmentsMetrics metrics)
{
    private static readonly string[] CompatPaths = ["/UploadImage", "/DeleteImage", "/GetAllImages"];

    public static bool IsCompatDialect(HttpRequest request) =>
        CompatPaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The error body alone, not counted; prefer <see cref="Error"/> or <see cref="WriteErrorAsync"/>.</summary>
    public static object ErrorBody(HttpRequest request, int status, string message) =>
        IsCompatDialect(request)
            ? new CompatErrorResponse(message, request.HttpContext.TraceIdentifier)
            : ApiResponse.Error(status, message, request.HttpContext.TraceIdentifier);

    /// <summary>The error body for a response about to be sent, counted in <c>attachments.rejections</c>.</summary>
    public object Error(HttpContext context, int status, string message)
    {
        var compat = IsCompatDialect(context.Request);
        metrics.Rejected(status, RejectionReasons.For(status), compat ? ApiDialects.V1 : ApiDialects.Cms);
        return ErrorBody(context.Request, status, message);
    }

    public async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        var response = context.Response;
        if (response.HasStarted)
            return;

        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        var body = Error(context, status, message);
        await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), json.Value.JsonSerializerOptions, context.RequestAborted);
    }
}
