using System.Security.Cryptography;
using System.Text;
using ImageMagick;

namespace Attachments.Application.FunctionalTests.Support;

/// <summary>Small files made in the tests; different arguments give different bytes.</summary>
internal static class TestFiles
{
    public static byte[] Pdf(string text = "Hello") => Encoding.ASCII.GetBytes(
        $"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] Png(uint width = 400, uint height = 300, string colour = "#3366cc")
    {
        using var image = new MagickImage(new MagickColor(colour), width, height);
        return image.ToByteArray(MagickFormat.Png);
    }

    /// <summary>Recognised from its bytes, and on no list of allowed types.</summary>
    public static byte[] Html() => Encoding.ASCII.GetBytes("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>");

    public static string Md5Of(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));
}
