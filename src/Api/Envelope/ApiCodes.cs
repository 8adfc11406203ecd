namespace Attachments.Api.Envelope;

/// <summary>The <c>code</c> values of the Attachment API envelope.</summary>
public static class ApiCodes
{
    public const int Ok = 0;
    public const int Error = -1;
    public const int NotLoggedIn = 1001;
    public const int NotAuthorised = 1002;

    public static int ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => NotLoggedIn,
        StatusCodes.Status403Forbidden => NotAuthorised,
        < 400 => Ok,
        _ => Error,
    };
}
