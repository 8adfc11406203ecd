namespace Attachments.Domain.Entities;

public class Attachment
{
    public long Id { get; set; }

    public string FileName { get; set; } = string.Empty;

    public string OriginalFileName { get; set; } = string.Empty;

    public string FileLocation { get; set; } = string.Empty;

    public long FileSize { get; set; }

    public string FileMd5 { get; set; } = string.Empty;

    public string MimeType { get; set; } = string.Empty;

    public int Width { get; set; }

    public int Height { get; set; }

    public long? CategoryId { get; set; }

    public AttachmentCategory? Category { get; set; }

    public bool IsImage { get; set; }

    /// <summary>
    /// False only for an image a scan indexed as it found it, metadata and all; the next upload of the same
    /// bytes, or a scan that processes images, swaps it for what an upload stores.
    /// </summary>
    public bool IsProcessed { get; set; } = true;

    public AttachmentStatus Status { get; set; } = AttachmentStatus.Visible;

    public long? UserId { get; set; }

    public DateTimeOffset CreatedTime { get; set; }

    public DateTimeOffset UpdatedTime { get; set; }

    /// <summary>Text that stands for the image where it cannot be seen (a page's <c>alt</c>); empty when not given.</summary>
    public string Alt { get; set; } = string.Empty;

    public string Caption { get; set; } = string.Empty;

    /// <summary>Editors' labels, each trimmed, none twice (any case).</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>
    /// What the list's <c>q</c> searches: the lower-cased name, alt text, caption and tags in one string, a column the
    /// database computes on every write (the Search migration) and the trigram index <c>ix_attachments_search_trgm</c> serves.
    /// </summary>
    public string SearchText { get; private set; } = string.Empty;

    /// <summary>Private files live outside <c>uploads/</c> and are served only on a signed, unexpired URL.</summary>
    public Visibility Visibility { get; set; } = Visibility.Public;

    /// <summary>The point every crop keeps in view, 0–1 from the left edge; 0.5 is the centre.</summary>
    public double FocusX { get; set; } = 0.5;

    /// <summary>0–1 from the top edge.</summary>
    public double FocusY { get; set; } = 0.5;

    /// <summary>A BlurHash (4×3 components) of an image, shown while it loads; null for other files and until made.</summary>
    public string? BlurHash { get; set; }

    /// <summary><c>#rrggbb</c>, the image's most common colour.</summary>
    public string? DominantColor { get; set; }

    /// <summary>Sizes and URL transforms made from this content.</summary>
    public List<AttachmentDerivative> Derivatives { get; set; } = [];

    /// <summary>The stored name, e.g. <c>9f86d081884c7d65.jpg</c>.</summary>
    public string StoredName => FileLocation[(FileLocation.LastIndexOf('/') + 1)..];

    public string? ThumbLocation => IsImage ? ThumbLocationFor(FileLocation) : null;

    /// <summary>Where the file is in storage: its <see cref="FileLocation"/>, under <c>private/</c> when private.</summary>
    public string StoredFileLocation => StoredLocationFor(FileLocation, Visibility);

    public string? StoredThumbLocation => ThumbLocation is { } thumb ? StoredLocationFor(thumb, Visibility) : null;

    /// <summary>The file and its thumbnail as stored, thumbnail first.</summary>
    public IReadOnlyList<string> StoredLocations => StoredThumbLocation is { } thumb ? [thumb, StoredFileLocation] : [StoredFileLocation];

    public const string PrivateRoot = "private";

    /// <summary>
    /// A private file is stored under <c>private/</c> + its location, which neither the static file server nor a
    /// public bucket policy on <c>uploads/</c> reaches: only a signed request to the service gets it.
    /// </summary>
    public static string StoredLocationFor(string location, Visibility visibility) =>
        visibility == Visibility.Private ? PrivateRoot + "/" + location : location;

    public static string ThumbLocationFor(string fileLocation)
    {
        var slash = fileLocation.LastIndexOf('/');
        return fileLocation[..(slash + 1)] + "thumb_" + fileLocation[(slash + 1)..];
    }
}
