namespace Attachments.Application.Common.Options;

/// <summary>What the scan job does with the images it finds; read from the <c>Jobs</c> section beside the job worker's own settings, by the instance that starts a scan.</summary>
public sealed class ScanOptions
{
    public const string SectionName = "Jobs";

    /// <summary>
    /// Whether a scan stores the images it indexes as an upload would (auto-oriented, metadata stripped), in place.
    /// Off, they are indexed as found, EXIF and GPS included, until the same bytes are uploaded again.
    /// </summary>
    public bool ScanProcessesImages { get; set; } = true;
}
