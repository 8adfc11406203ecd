namespace Attachments.Application.Common.FileTypes;

/// <summary>What the bytes of a file say it is.</summary>
/// <param name="Extension">Lower-case extension without the dot, e.g. <c>jpg</c>, <c>pdf</c>.</param>
/// <param name="MimeType">The media type served for it.</param>
/// <param name="Category">What kind of file it is; decides whether it may be stored.</param>
public sealed record FileType(string Extension, string MimeType, FileCategory Category)
{
    public bool IsImage => Category == FileCategory.Image;
}
