namespace Attachments.Api.Envelope;

/// <summary>Messages for statuses that the framework sets without an exception (no route, wrong method).</summary>
public static class StatusMessages
{
    public static string For(int status, HttpRequest request) => status switch
    {
        StatusCodes.Status404NotFound => $"Nothing is at {request.Method} {request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not accept {request.Method}.",
        StatusCodes.Status415UnsupportedMediaType => "The request body has a Content-Type this endpoint does not accept; send application/json.",
        StatusCodes.Status401Unauthorized => "Log in first.",
        StatusCodes.Status403Forbidden => "You are not allowed to do this.",
        _ => $"The request failed with status {status}.",
    };
}
