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

    public static MagickFormat For(string extension) =>
        ByExtension.TryGetValue(extension, out var format)
            ? format
            : throw new ArgumentException($"No image coder is enabled for '{extension}'.", nameof(extension));
}
