using ImageMagick;

namespace Attachments.Infrastructure.Imaging;

/// <summary>The coder for each extension the type detector gives; ImageMagick never guesses one.</summary>
internal static class MagickFormats
{
    private static readonly Dictionary<string, MagickFormat> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jpg"] = MagickFormat.Jpeg,
        ["png"] = MagickFormat.Png,
        ["gif"] = MagickFormat.Gif,
        ["webp"] = MagickFormat.WebP,
        ["bmp"] = MagickFormat.Bmp,
        ["ico"] = MagickFormat.Ico,
        ["tiff"] = MagickFormat.Tiff,
        ["heic"] = MagickFormat.Heic,
        ["avif"] = MagickFormat.Avif,
    };

    public static IReadOnlyCollection<MagickFormat> All => ByExtension.Values;

    /// <summary>Whether this build of ImageMagick writes <paramref name="extension"/> (AVIF needs libheif with an AV1 encoder).</summary>
    public static bool CanWrite(string extension) =>
        ByExtension.TryGetValue(extension, out var format) && Writable.GetOrAdd(format, f => MagickFormatInfo.Create(f)?.SupportsWriting == true);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<MagickFormat, bool> Writable = new();

    public static MagickFormat For(string extension) =>
        ByExtension.TryGetValue(extension, out var format)
            ? format
            : throw new ArgumentException($"No image coder is enabled for '{extension}'.", nameof(extension));
}
