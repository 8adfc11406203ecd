namespace Attachments.Application.Common.Models;

/// <summary>Temp files written by the image processor; the caller places or deletes them.</summary>
public sealed record ProcessedImage(string ImagePath, long Size, string ThumbnailPath, int Width, int Height, ImagePlaceholder? Placeholder = null);

/// <summary>What a page shows while the image loads: a BlurHash (4×3 components) and the most common colour, <c>#rrggbb</c>.</summary>
public sealed record ImagePlaceholder(string BlurHash, string DominantColor);

/// <summary>The point a crop keeps in view, as fractions of the width and height from the top left.</summary>
public readonly record struct FocalPoint(double X, double Y)
{
    public static readonly FocalPoint Centre = new(0.5, 0.5);
}

