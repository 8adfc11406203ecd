namespace Attachments.Api.OpenApi;

/// <summary>
/// The error statuses each operation can answer beyond those its metadata implies (see <see cref="ErrorResponsesTransformer"/>):
/// what its handler, validator and upload binder throw. Keyed by <c>METHOD path</c> as in the document;
/// a test checks that the keys and the document's operations are the same set.
/// </summary>
internal static class ErrorStatuses
{
    private const int BadRequest = StatusCodes.Status400BadRequest;
    private const int Unauthorized = StatusCodes.Status401Unauthorized;
    private const int Forbidden = StatusCodes.Status403Forbidden;
    private const int NotFound = StatusCodes.Status404NotFound;
    private const int TooSlow = StatusCodes.Status408RequestTimeout;
    private const int Conflict = StatusCodes.Status409Conflict;
    private const int TooLarge = StatusCodes.Status413PayloadTooLarge;
    private const int Unsupported = StatusCodes.Status415UnsupportedMediaType;
    private const int Unprocessable = StatusCodes.Status422UnprocessableEntity;
    private const int TooMany = StatusCodes.Status429TooManyRequests;
    private const int DiskFull = StatusCodes.Status507InsufficientStorage;

    public static readonly IReadOnlyDictionary<string, int[]> ByOperation = new Dictionary<string, int[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["POST /api/login"] = [BadRequest, Unauthorized, TooMany],
        ["POST /api/attachment/upload"] = [BadRequest, NotFound, TooSlow, Conflict, TooLarge, Unsupported, Unprocessable, TooMany, DiskFull],
        ["POST /api/attachment/upload/presign"] = [BadRequest, TooLarge, TooMany],
        ["PUT /api/attachment/upload/direct/{upload_id}"] = [BadRequest, Forbidden, NotFound, TooSlow, Conflict, TooLarge, DiskFull],
        ["POST /api/attachment/upload/complete"] = [BadRequest, NotFound, Conflict, TooLarge, Unsupported, Unprocessable, TooMany, DiskFull],
        ["GET /api/attachment/list"] = [BadRequest],
        ["GET /api/attachment/detail"] = [BadRequest, NotFound],
        ["POST /api/attachment/edit"] = [BadRequest, NotFound, Conflict],
        ["POST /api/attachment/url"] = [BadRequest, NotFound, Unsupported],
        ["POST /api/attachment/delete"] = [BadRequest, NotFound],
        ["POST /api/attachment/restore"] = [BadRequest, NotFound, Conflict],
        ["POST /api/attachment/scan"] = [],
        ["POST /api/attachment/thumb/rebuild"] = [],
        ["GET /api/attachment/jobs"] = [],
        ["GET /api/attachment/jobs/{id}"] = [NotFound],
        ["GET /api/attachment/category/list"] = [],
        ["POST /api/attachment/category/detail"] = [BadRequest, NotFound],
        ["POST /api/attachment/category/delete"] = [BadRequest, NotFound, Conflict],
        ["POST /api/attachment/category"] = [BadRequest, NotFound],
        ["GET /api/user/list"] = [],
        ["POST /api/user/save"] = [BadRequest, Unauthorized, Forbidden, NotFound, Conflict],
        ["POST /api/user/delete"] = [BadRequest, NotFound, Conflict],
        ["POST /UploadImage"] = [BadRequest, TooSlow, Conflict, TooLarge, Unsupported, Unprocessable, TooMany, DiskFull],
        ["DELETE /DeleteImage"] = [BadRequest, NotFound, Conflict],
        ["GET /GetAllImages"] = [BadRequest],
    };

    public static string Key(string method, string path) => $"{method.ToUpperInvariant()} {path}";
}
