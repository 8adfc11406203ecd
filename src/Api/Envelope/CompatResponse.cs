using System.Text.Json.Serialization;

namespace Attachments.Api.Envelope;

/// <summary><c>{"message":"…","data":…}</c>, the Image Upload API v1 envelope.</summary>
public sealed class CompatResponse<T>(string message, T data)
{
    [JsonPropertyName("message")]
    public string Message { get; } = message;

    [JsonPropertyName("data")]
    public T Data { get; } = data;
}

public static class CompatResponse
{
    public const string OkMessage = "OK";

    public static CompatResponse<T> Ok<T>(T data) => new(OkMessage, data);
}

/// <summary><c>{"message":"…","data":null,"requestId":"…"}</c>: the id is the one in the <c>X-Request-Id</c> header and the logs.</summary>
public sealed class CompatErrorResponse(string message, string requestId)
{
    [JsonPropertyName("message")]
    public string Message { get; } = message;

    [JsonPropertyName("data")]
    public object? Data => null;

    [JsonPropertyName("requestId")]
    public string RequestId { get; } = requestId;
}
