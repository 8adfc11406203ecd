namespace Attachments.Application.Common.Models;

/// <param name="ETag">A strong validator for the bytes, quoted as HTTP sends it.</param>
public sealed record StoredFileInfo(long Length, DateTimeOffset LastModified, string ETag);
