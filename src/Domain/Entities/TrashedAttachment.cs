namespace Attachments.Domain.Entities;

/// <summary>
/// A deleted attachment kept for <c>Attachments:TrashRetention</c>: its row moved out of <c>attachments</c> (so lists,
/// counts and de-duplication no longer see it) and its files to <see cref="TrashLocations"/>, where no URL reaches them.
/// Restoring puts both back as they were; the derivatives are not kept (they are made again on request).
/// </summary>
public sealed class TrashedAttachment
{
    public const string Root = "trash";

    public long Id { get; set; }

    public string FileName { get; set; } = string.Empty;

    public string OriginalFileName { get; set; } = string.Empty;

    /// <summary>Where the file was and goes back to; nothing else may hold it then.</summary>
    public string FileLocation { get; set; } = string.Empty;

    public long FileSize { get; set; }

    public string FileMd5 { get; set; } = string.Empty;

    public string MimeType { get; set; } = string.Empty;

    public int Width { get; set; }

    public int Height { get; set; }

    public long? CategoryId { get; set; }

    public bool IsImage { get; set; }

    public bool IsProcessed { get; set; }

    public AttachmentStatus Status { get; set; }

    public long? UserId { get; set; }

    public DateTimeOffset CreatedTime { get; set; }

    public DateTimeOffset UpdatedTime { get; set; }

    public string Alt { get; set; } = string.Empty;

    public string Caption { get; set; } = string.Empty;

    public List<string> Tags { get; set; } = [];

    public Visibility Visibility { get; set; }

    public double FocusX { get; set; }

    public double FocusY { get; set; }

    public string? BlurHash { get; set; }

    public string? DominantColor { get; set; }

    public DateTimeOffset DeletedTime { get; set; }

    /// <summary>The user who deleted it; null when that user is gone.</summary>
    public long? DeletedBy { get; set; }

    /// <summary>The attachment's stored files under <c>trash/&lt;id&gt;/</c>, thumbnail first, as <see cref="Attachment.StoredLocations"/> orders them.</summary>
    public IReadOnlyList<string> TrashLocations => [.. ToAttachment().StoredLocations.Select(TrashLocationFor)];

    // The id keeps apart two trashed attachments that were once stored at the same location (edit can move one there).
    private string TrashLocationFor(string storedLocation) => $"{Root}/{Id}/{storedLocation}";

    public static TrashedAttachment Of(Attachment attachment, DateTimeOffset deletedTime, long? deletedBy) => new()
    {
        Id = attachment.Id,
        FileName = attachment.FileName,
        OriginalFileName = attachment.OriginalFileName,
        FileLocation = attachment.FileLocation,
        FileSize = attachment.FileSize,
        FileMd5 = attachment.FileMd5,
        MimeType = attachment.MimeType,
        Width = attachment.Width,
        Height = attachment.Height,
        CategoryId = attachment.CategoryId,
        IsImage = attachment.IsImage,
        IsProcessed = attachment.IsProcessed,
        Status = attachment.Status,
        UserId = attachment.UserId,
        CreatedTime = attachment.CreatedTime,
        UpdatedTime = attachment.UpdatedTime,
        Alt = attachment.Alt,
        Caption = attachment.Caption,
        Tags = [.. attachment.Tags],
        Visibility = attachment.Visibility,
        FocusX = attachment.FocusX,
        FocusY = attachment.FocusY,
        BlurHash = attachment.BlurHash,
        DominantColor = attachment.DominantColor,
        DeletedTime = deletedTime,
        DeletedBy = deletedBy,
    };

    /// <summary>The attachment as it was before it was deleted.</summary>
    public Attachment ToAttachment() => new()
    {
        Id = Id,
        FileName = FileName,
        OriginalFileName = OriginalFileName,
        FileLocation = FileLocation,
        FileSize = FileSize,
        FileMd5 = FileMd5,
        MimeType = MimeType,
        Width = Width,
        Height = Height,
        CategoryId = CategoryId,
        IsImage = IsImage,
        IsProcessed = IsProcessed,
        Status = Status,
        UserId = UserId,
        CreatedTime = CreatedTime,
        UpdatedTime = UpdatedTime,
        Alt = Alt,
        Caption = Caption,
        Tags = [.. Tags],
        Visibility = Visibility,
        FocusX = FocusX,
        FocusY = FocusY,
        BlurHash = BlurHash,
        DominantColor = DominantColor,
    };
}
