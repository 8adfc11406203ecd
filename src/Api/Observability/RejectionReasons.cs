namespace Attachments.Api.Observability;

/// <summary>The <c>reason</c> tag of <c>attachments.rejections</c>, from the status an error is answered with.</summary>
public static class RejectionReasons
{
    public static string For(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "invalid_request",
        StatusCodes.Status401Unauthorized => "unauthenticated",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status408RequestTimeout => "timeout",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status413PayloadTooLarge => "too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_type",
        StatusCodes.Status422UnprocessableEntity => "undecodable",
        StatusCodes.Status429TooManyRequests => "rate_limited",
        StatusCodes.Status500InternalServerError => "internal_error",
        StatusCodes.Status503ServiceUnavailable => "unavailable",
        StatusCodes.Status504GatewayTimeout => "timeout",
        StatusCodes.Status507InsufficientStorage => "disk_full",
        _ => "other",
    };
}
