namespace Attachments.Api.Envelope;

/// <summary><c>{"code":0,"msg":"","data":…}</c>, the Attachment API envelope.</summary>
public class ApiResponse<T>(int code, string msg, T data)
{
    public int Code { get; } = code;

    public string Msg { get; } = msg;

    public T Data { get; } = data;
}

/// <summary>A page of a list: the envelope plus <c>total</c> (all matches) and <c>limit</c> (page size).</summary>
public sealed class ApiListResponse<T>(IReadOnlyList<T> data, long total, int limit)
    : ApiResponse<IReadOnlyList<T>>(ApiCodes.Ok, string.Empty, data)
{
    public long Total { get; } = total;

    public int Limit { get; } = limit;
}

public static class ApiResponse
{
    public static ApiResponse<T> Ok<T>(T data) => new(ApiCodes.Ok, string.Empty, data);

    public static ApiResponse<object?> Error(int status, string msg) => new(ApiCodes.ForStatus(status), msg, null);
}
