namespace Attachments.Application.Common.Models;

/// <summary>Temp files written by the image processor; the caller places or deletes them.</summary>
public sealed record ProcessedImage(string ImagePath, long Size, string ThumbnailPath, int Width, int Height);
