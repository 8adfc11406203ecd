using System.Buffers.Binary;
using System.Buffers.Text;

namespace Attachments.Application.Attachments.Queries.ListAttachments;

/// <summary>
/// The sort key of the last row of a page, (created_time, id), as the opaque string the list answers in <c>cursor</c>:
/// base64url of a version byte, the time in unix microseconds (PostgreSQL's precision) and the id.
/// </summary>
public readonly record struct ListCursor(DateTimeOffset CreatedTime, long Id)
{
    private const byte Version = 1;
    private const int Length = 1 + sizeof(long) + sizeof(long);

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], (CreatedTime - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond);
        BinaryPrimitives.WriteInt64BigEndian(bytes[9..], Id);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string text, out ListCursor cursor)
    {
        cursor = default;
        Span<byte> bytes = stackalloc byte[Length + 3];
        if (text.Length > Base64Url.GetEncodedLength(Length) || !Base64Url.IsValid(text)
            || !Base64Url.TryDecodeFromChars(text, bytes, out var written)
            || written != Length || bytes[0] != Version)
            return false;

        var microseconds = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        var id = BinaryPrimitives.ReadInt64BigEndian(bytes[9..]);
        if (id <= 0 || microseconds < 0 || microseconds > (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond)
            return false;

        cursor = new ListCursor(DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond), id);
        return true;
    }
}
