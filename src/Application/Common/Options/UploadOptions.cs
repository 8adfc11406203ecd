namespace Attachments.Application.Common.Options;

public sealed class UploadOptions
{
    public const string SectionName = "Upload";

    public long MaxFileSizeBytes { get; set; } = 104_857_600;

    /// <summary>Parts of a chunked upload not completed within this time are deleted.</summary>
    public TimeSpan ChunkMaxAge { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan ChunkSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Extensions (as the bytes decide them) accepted besides images. Scripts, executables, HTML
    /// and SVG are absent by default; adding one here is a deliberate choice of the operator.
    /// </summary>
    public List<string> AllowedFileTypes { get; set; } =
    [
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "txt", "csv", "md",
        "zip", "7z", "rar", "gz", "tar", "bz2", "xz",
        "mp3", "wav", "ogg", "flac", "m4a", "aac",
        "mp4", "mov", "webm", "mkv", "avi",
    ];
}
