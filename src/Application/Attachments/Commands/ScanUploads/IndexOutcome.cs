namespace Attachments.Application.Attachments.Commands.ScanUploads;

public enum IndexOutcome
{
    Indexed,

    /// <summary>A type that may not be stored, or a name whose extension the bytes contradict.</summary>
    Skipped,

    /// <summary>The same bytes already have a row elsewhere (md5 is unique).</summary>
    Duplicate,

    /// <summary>The location has a row already: made by a request meanwhile, or by this unit before its instance died.</summary>
    AlreadyIndexed,
}
