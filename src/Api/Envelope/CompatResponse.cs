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
