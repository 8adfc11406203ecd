using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Microsoft.AspNetCore.Diagnostics;

namespace Attachments.Api.Envelope;

/// <summary>The one place where exceptions become statuses and envelopes; nothing else catches to answer.</summary>
public sealed class EnvelopeExceptionHandler(
    EnvelopeWriter writer, IDatabaseFailures databaseFailures, ILogger<EnvelopeExceptionHandler> logger)
    : IExceptionHandler
{
    public const string GenericMessage = "Something went wrong on our side; try again, and tell the administrator if it keeps happening.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var context = httpContext;
        if (context.RequestAborted.IsCancellationRequested)
        {
            logger.LogInformation("The client went away during {Method} {Path}", context.Request.Method, context.Request.Path);
            return true;
        }

        var (status, message) = Map(exception);
        TimeSpan? retryAfter = null;
        if (status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status507InsufficientStorage)
        {
            retryAfter = (exception as ServiceUnavailableException)?.RetryAfter ?? ServiceUnavailableException.DefaultRetryAfter;
            logger.LogWarning(exception, "{Method} {Path} answered {Status}: {Message}", context.Request.Method, context.Request.Path, status, message);
        }
        else if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error during {Method} {Path}", context.Request.Method, context.Request.Path);
        }

        await writer.WriteErrorAsync(context, status, message, retryAfter);
        return true;
    }

    private (int Status, string Message) Map(Exception exception) => exception switch
    {
        ValidationException e => (StatusCodes.Status400BadRequest, e.Message),
        UnauthenticatedException e => (StatusCodes.Status401Unauthorized, e.Message),
        ForbiddenAccessException e => (StatusCodes.Status403Forbidden, e.Message),
        NotFoundException e => (StatusCodes.Status404NotFound, e.Message),
        ConflictException e => (StatusCodes.Status409Conflict, e.Message),
        PayloadTooLargeException e => (StatusCodes.Status413PayloadTooLarge, e.Message),
        UnsupportedMediaTypeException e => (StatusCodes.Status415UnsupportedMediaType, e.Message),
        UnprocessableContentException e => (StatusCodes.Status422UnprocessableEntity, e.Message),
        ServiceUnavailableException e => (StatusCodes.Status503ServiceUnavailable, e.Message),
        _ when databaseFailures.IsUnavailable(exception) =>
            (StatusCodes.Status503ServiceUnavailable, "The database cannot be reached right now; nothing was stored. Try again shortly."),
        IOException e when IsDiskFull(e) =>
            (StatusCodes.Status507InsufficientStorage, "The server's disk is full; nothing was stored. Tell the administrator to free space."),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (StatusCodes.Status413PayloadTooLarge, "The request body is larger than allowed."),
        BadHttpRequestException e => (e.StatusCode, "The request could not be read: " + e.Message),
        IOException e when e.Message.Contains("Unexpected end of", StringComparison.OrdinalIgnoreCase) =>
            (StatusCodes.Status400BadRequest, "The request body ended early; the multipart form is incomplete."),
        InvalidDataException e => (StatusCodes.Status400BadRequest, "The multipart form is malformed: " + e.Message),
        _ => (StatusCodes.Status500InternalServerError, GenericMessage),
    };

    // ENOSPC (28) and EDQUOT (122) on Unix; ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL as HRESULTs on Windows.
    private static bool IsDiskFull(IOException exception) => OperatingSystem.IsWindows()
        ? (exception.HResult & 0xFFFF) is 0x70 or 0x27
        : exception.HResult is 28 or 122;
}
