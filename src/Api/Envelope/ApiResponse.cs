using System.Text.Json.Serialization;

namespace Attachments.Api.Envelope;

/// <summary><c>{"code":0,"msg":"","data":…}</c>, the Attachment API envelope.</summary>
public class ApiResponse<T>(int code, string msg, T data)
{
    public int Code { get; } = code;

    public string Msg { get; } = msg;

    public T Data { get; } = data;
}

/// <summary>A page of a list: the envelope plus <c>total</c> (all matches) and <c>limit</c> (page size).</summary>
public class ApiListResponse<T>(IReadOnlyList<T> data, long total, int limit)
    : ApiResponse<IReadOnlyList<T>>(ApiCodes.Ok, string.Empty, data)
{
    public long Total { get; } = total;

    public int Limit { get; } = limit;
}

/// <summary>
/// A page of a list that can be long: <c>total_estimated</c> says <c>total</c> is a lower bound (counting stopped at a cap),
/// and <c>cursor</c> asks for the next page (null on the last one).
/// </summary>
public sealed class ApiPageResponse<T>(IReadOnlyList<T> data, long total, int limit, bool totalEstimated, string? cursor)
    : ApiListResponse<T>(data, total, limit)
{
    [JsonPropertyOrder(1)]
    public bool TotalEstimated { get; } = totalEstimated;

    [JsonPropertyOrder(1)]
    public string? Cursor { get; } = cursor;
}

public static class ApiResponse
{
    public static ApiResponse<T> Ok<T>(T data) => new(ApiCodes.Ok, string.Empty, data);

    public static ApiErrorResponse Error(int status, string msg, string requestId) => new(ApiCodes.ForStatus(status), msg, requestId);
}

/// <summary><c>{"code":-1,"msg":"…","data":null,"request_id":"…"}</c>: the id is the one in the <c>X-Request-Id</c> header and the logs.</summary>
public sealed class ApiErrorResponse(int code, string msg, string requestId) : ApiResponse<object?>(code, msg, null)
{
    [JsonPropertyOrder(1)]
    public string RequestId { get; } = requestId;
}
