namespace Attachments.Application.Common.Interfaces;

public enum UploadOutcome
{
    /// <summary>New bytes became a new attachment.</summary>
    Stored,

    /// <summary>The bytes were already stored; the existing attachment was answered.</summary>
    Deduplicated,

    /// <summary>An attachment's bytes were replaced, keeping its location.</summary>
    Replaced,
}
