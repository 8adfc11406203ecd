namespace Attachments.Application.Common.Models;

/// <summary>The request a client makes to put a direct upload's bytes in storage: <paramref name="Method"/> <paramref name="Url"/> with <paramref name="Headers"/>.</summary>
public sealed record DirectUploadUrl(string Url, string Method, IReadOnlyDictionary<string, string> Headers);
