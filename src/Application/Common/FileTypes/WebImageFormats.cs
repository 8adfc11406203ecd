namespace Attachments.Application.Common.FileTypes;

/// <summary>Which format an uploaded image is stored in: browsers show every one of these.</summary>
public static class WebImageFormats
{
    private static readonly Dictionary<string, string> OutputByInput = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jpg"] = "jpg",
        ["png"] = "png",
        ["gif"] = "gif",
        ["webp"] = "webp",
        ["bmp"] = "png",
        ["ico"] = "png",
        ["tiff"] = "png",
        ["heic"] = "jpg",
        ["avif"] = "jpg",
    };

    private static readonly Dictionary<string, string> MimeTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jpg"] = "image/jpeg",
        ["jpeg"] = "image/jpeg",
        ["png"] = "image/png",
        ["gif"] = "image/gif",
        ["webp"] = "image/webp",
    };

    public static bool IsWebFormat(string extension) => MimeTypes.ContainsKey(extension);

    /// <summary>The stored extension for an image whose bytes say <paramref name="detectedExtension"/>.</summary>
    public static string OutputFor(string detectedExtension) =>
        OutputByInput.TryGetValue(detectedExtension, out var output) ? output : "png";

    public static string MimeTypeOf(string extension) => MimeTypes[extension];
}
