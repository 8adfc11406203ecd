namespace Attachments.Application.Attachments.Commands.ScanUploads;

public enum IndexOutcome
{
    Indexed,

    /// <summary>A type that may not be stored, or a name whose extension the bytes contradict.</summary>
    Skipped,

    /// <summary>The same bytes already have a row elsewhere (md5 is unique).</summary>
    Duplicate,

    /// <summary>Someone else created the row for this location meanwhile.</summary>
    AlreadyIndexed,
}
