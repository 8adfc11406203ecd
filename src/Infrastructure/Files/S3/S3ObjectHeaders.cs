using Attachments.Application.Common.FileTypes;

namespace Attachments.Infrastructure.Files.S3;

/// <summary>
/// The headers stored with an object, which the bucket answers with when it serves the object itself (a presigned
/// redirect, a public bucket, a CDN): the type its extension names, and non-images as downloads, never shown inline.
/// </summary>
internal static class S3ObjectHeaders
{
    public static string ContentTypeOf(string key) =>
        KnownFileTypes.ServedContentTypes.TryGetValue(ExtensionOf(key), out var type) ? type : "application/octet-stream";

    public static string? DispositionOf(string key) =>
        WebImageFormats.IsWebFormat(ExtensionOf(key).ToLowerInvariant()) ? null : "attachment";

    private static string ExtensionOf(string key) => Path.GetExtension(key).TrimStart('.');
}
