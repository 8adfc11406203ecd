using Attachments.Application.Attachments.Common;
using Attachments.Application.Common.Exceptions;
using Attachments.Domain.Entities;

namespace Attachments.Infrastructure.Files;

/// <summary>
/// The rule every location obeys, checked where it becomes a key: relative, under <c>uploads/</c> (a private file's
/// under <c>private/uploads/</c>, a derivative's under <c>derivatives/</c>), no empty,
/// <c>.</c> or <c>..</c> segment, no backslash or control character. A trashed attachment's files are under
/// <c>trash/&lt;id&gt;/</c> followed by one of the former two. A disk resolves paths the same way.
/// </summary>
public static class StoredLocation
{
    public static bool IsValid(string location)
    {
        var segments = location.Split('/');
        var stored = segments is [TrashedAttachment.Root, var id, .. var rest] && id.Length > 0 && id.All(char.IsAsciiDigit) ? rest : segments;
        return stored.Length > 1
            && (stored[0] == AttachmentLocations.Root
                || (stored[0] == AttachmentDerivative.Root && stored.Length == segments.Length)
                || (stored[0] == Attachment.PrivateRoot && stored.Length > 2 && stored[1] == AttachmentLocations.Root))
            && segments.All(s => s.Length > 0 && s != "." && s != "..")
            && !location.Any(c => c == '\\' || char.IsControl(c));
    }

    public static string Checked(string location) =>
        IsValid(location) ? location : throw new ValidationException($"'{location}' is not a location under {AttachmentLocations.Root}/.");
}
