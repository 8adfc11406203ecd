namespace Attachments.Application.Common.Models;

/// <summary>The request a client makes to put a direct upload's bytes in storage: <paramref name="Method"/> <paramref name="Url"/> with <paramref name="Headers"/>.</summary>
/// <remarks>Header names are lower-case, as HTTP/2 writes them; the API's JSON would lower-case them anyway.</remarks>
public sealed record DirectUploadUrl(string Url, string Method, IReadOnlyDictionary<string, string> Headers);
