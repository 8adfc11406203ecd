using System.Globalization;
using System.Text.Json;
using Attachments.Api.Observability;
using Attachments.Application.Common.Interfaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Attachments.Api.Envelope;

/// <summary>
/// Writes an error in the envelope of the dialect the request was made in, counts it, and logs each refusal (4xx)
/// once, so the <c>request_id</c> a client reports can always be found; 5xx are logged where their cause is known.
/// </summary>
public sealed class EnvelopeWriter(IOptions<JsonOptions> json, IRejectionMetrics metrics, ILogger<EnvelopeWriter> logger)
{
    private static readonly string[] CompatPaths = ["/UploadImage", "/DeleteImage", "/GetAllImages"];

    public static bool IsCompatDialect(HttpRequest request) => IsCompatPath(request.Path);

    public static bool IsCompatPath(PathString path) =>
        CompatPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

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
        if (status < StatusCodes.Status500InternalServerError)
            logger.LogInformation("{Method} {Path} answered {Status}: {Message}", context.Request.Method, context.Request.Path, status, message);
        return ErrorBody(context.Request, status, message);
    }

    /// <param name="retryAfter">For refusals that pass (429, 503, 507): sent as <c>Retry-After</c> in whole seconds, at least 1.</param>
    public async Task WriteErrorAsync(HttpContext context, int status, string message, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        if (response.HasStarted)
            return;

        response.StatusCode = status;
        if (retryAfter is { } wait)
            response.Headers[HeaderNames.RetryAfter] = RetryAfterSeconds(wait).ToString(CultureInfo.InvariantCulture);

        response.ContentType = "application/json; charset=utf-8";
        var body = Error(context, status, message);
        await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), json.Value.JsonSerializerOptions, context.RequestAborted);
    }

    public static int RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
