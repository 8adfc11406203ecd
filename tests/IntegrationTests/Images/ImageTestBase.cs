using System.Text.Json;
using Attachments.IntegrationTests.Support;
using Attachments.UnitTests;
using ImageMagick;

namespace Attachments.IntegrationTests.Images;

/// <summary>Reads back what an image upload left on disk: the stored file and its thumbnail.</summary>
public abstract class ImageTestBase : IntegrationTestBase
{
    protected static byte[] Fixture(string relativePath) => File.ReadAllBytes(Fixtures.Image(relativePath));

    protected static string LocationOf(JsonElement attachment) => attachment.GetProperty("file_location").GetString()!;

    protected static string ThumbOf(string location)
    {
        var slash = location.LastIndexOf('/');
        return $"{location[..(slash + 1)]}thumb_{location[(slash + 1)..]}";
    }

    protected static byte[] StoredBytes(string root, string location) => File.ReadAllBytes(StoredPath(root, location));

    /// <summary>Decoded from the bytes alone, so the format is the one the content has, not the one the name claims.</summary>
    protected static MagickImage ReadStored(string root, string location) => new(StoredBytes(root, location));

    protected static MagickImageCollection ReadStoredFrames(string root, string location) => new(StoredBytes(root, location));
}
