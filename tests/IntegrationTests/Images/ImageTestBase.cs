using System.Text;
using System.Text.Json;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;
using ImageMagick;

namespace Attachments.IntegrationTests.Images;

/// <summary>Reads back what an image upload stored: the file and its thumbnail (<see cref="TestStorage"/>).</summary>
public abstract class ImageTestBase : IntegrationTestBase
{
    protected static byte[] Fixture(string relativePath) => File.ReadAllBytes(Fixtures.Image(relativePath));

    protected static string LocationOf(JsonElement attachment) => attachment.GetProperty("file_location").GetString()!;

    protected static string ThumbOf(string location)
    {
        var slash = location.LastIndexOf('/');
        return $"{location[..(slash + 1)]}thumb_{location[(slash + 1)..]}";
    }

    internal static byte[] StoredBytes(TestStorage storage, string location) => storage.ReadAllBytes(location);

    /// <summary>Decoded from the bytes alone, so the format is the one the content has, not the one the name claims.</summary>
    internal static MagickImage ReadStored(TestStorage storage, string location) => new(StoredBytes(storage, location));

    internal static MagickImageCollection ReadStoredFrames(TestStorage storage, string location) => new(StoredBytes(storage, location));

    /// <summary>Asserts that <paramref name="bytes"/> hold an image with no EXIF, XMP or IPTC profile and no trace of them.</summary>
    protected static void AssertNoMetadata(byte[] bytes, string what)
    {
        using var image = new MagickImage(bytes);
        Assert.That(image.GetExifProfile(), Is.Null, $"EXIF in {what}");
        Assert.That(image.GetXmpProfile(), Is.Null, $"XMP in {what}");
        Assert.That(image.GetIptcProfile(), Is.Null, $"IPTC in {what}");
        Assert.That(Contains(bytes, "Exif"), Is.False, $"'Exif' bytes in {what}");
        Assert.That(Contains(bytes, "GPS"), Is.False, $"'GPS' bytes in {what}");
    }

    /// <summary>The GPS latitude in the image's EXIF profile, or null when it has none.</summary>
    protected static object? GpsLatitudeOf(byte[] bytes)
    {
        using var image = new MagickImage(bytes);
        return image.GetExifProfile()?.GetValue(ExifTag.GPSLatitude)?.GetValue();
    }

    protected static bool Contains(byte[] bytes, string marker) =>
        bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker)) >= 0;
}
