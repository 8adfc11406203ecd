using System.IO.Compression;
using System.Text;
using Attachments.Application.Common.FileTypes;

namespace Attachments.UnitTests.FileTypes;

/// <summary>Bytes made to pass for something else: polyglots and formats only ImageMagick's riskier coders read.</summary>
public class HostileContentDetectionTests
{
    private static readonly byte[] GifHeader = "GIF89a"u8.ToArray();
    private static readonly byte[] JpegHeader = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8];
    private static readonly byte[] PngHeader = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[64]];

    [Test]
    public void Detect_GifFollowedByJar_ReturnsPolyglot() =>
        Assert.That(Detect([.. GifHeader, .. new byte[100], .. Zip("META-INF/MANIFEST.MF", "Exploit.class")], "photo.gif"), Is.EqualTo(KnownFileTypes.Polyglot));

    [Test]
    public void Detect_JpegFollowedByZip_ReturnsPolyglot() =>
        Assert.That(Detect([.. JpegHeader, .. new byte[100], .. Zip("readme.txt")], "photo.jpg"), Is.EqualTo(KnownFileTypes.Polyglot));

    [Test]
    public void Detect_PdfFollowedByZipWithComment_ReturnsPolyglot() =>
        Assert.That(Detect([.. "%PDF-1.4\n"u8, .. new byte[100], .. Zip(comment: "a comment after the end record", "x.txt")], "a.pdf"), Is.EqualTo(KnownFileTypes.Polyglot));

    [Test]
    public void Detect_TextLongerThanSampleFollowedByZip_ReturnsPolyglot() =>
        Assert.That(Detect([.. Encoding.ASCII.GetBytes(new string('a', 10_000)), .. Zip("x.txt")], "notes.txt"), Is.EqualTo(KnownFileTypes.Polyglot));

    [Test]
    public void Detect_ZipDirectorySignatureNotAtTheEnd_IsIgnored()
    {
        // The end record's comment length does not reach the end of the file, so this is no zip directory.
        byte[] bytes = [.. PngHeader, 0x50, 0x4B, 0x05, 0x06, .. new byte[18], .. new byte[40]];

        Assert.That(Detect(bytes, "photo.png"), Is.EqualTo(KnownFileTypes.Png));
    }

    [Test]
    public void Detect_PlainZip_IsStillZip() =>
        Assert.That(Detect(Zip("readme.txt"), "a.zip"), Is.EqualTo(KnownFileTypes.Zip));

    [Test]
    public void Detect_GifWhoseWidthOpensScriptComment_ReturnsPolyglot() =>
        Assert.That(Detect([.. GifHeader, .. "/*"u8, 0x0A, 0x00, 0x00, 0x00, 0x00, .. "*/=alert(1)/*"u8, .. new byte[32]], "a.gif"), Is.EqualTo(KnownFileTypes.Polyglot));

    [Test]
    public void Detect_JpegWhoseSegmentLengthOpensScriptComment_ReturnsPolyglot() =>
        Assert.That(Detect([0xFF, 0xD8, 0xFF, 0xE0, .. "/*"u8, .. new byte[64], .. "*/=alert(1)/*"u8], "a.jpg"), Is.EqualTo(KnownFileTypes.Polyglot));

    [Test]
    public void Detect_OrdinaryGifHeader_IsGif() =>
        Assert.That(Detect([.. GifHeader, 0x10, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, .. new byte[32]], "a.gif"), Is.EqualTo(KnownFileTypes.Gif));

    [TestCase("%!PS-Adobe-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n", "photo.jpg", TestName = "Detect_PostScriptNamedJpg_ReturnsPostScript")]
    [TestCase("%!\n(/etc/passwd) (r) file\n", "photo.png", TestName = "Detect_BarePostScriptNamedPng_ReturnsPostScript")]
    public void Detect_PostScript_ReturnsPostScript(string text, string fileName) =>
        Assert.That(Detect(Encoding.ASCII.GetBytes(text), fileName), Is.EqualTo(KnownFileTypes.PostScript));

    [Test]
    public void Detect_BinaryEps_ReturnsPostScript() =>
        Assert.That(Detect([0xC5, 0xD0, 0xD3, 0xC6, .. new byte[64]], "logo.jpg"), Is.EqualTo(KnownFileTypes.PostScript));

    [TestCase("label:@/etc/passwd", TestName = "Detect_LabelFileRead_ReturnsMagickPseudoFile")]
    [TestCase("ephemeral:/tmp/delete-me", TestName = "Detect_EphemeralDelete_ReturnsMagickPseudoFile")]
    [TestCase("  msl:/tmp/x.msl\n", TestName = "Detect_MslReference_ReturnsMagickPseudoFile")]
    [TestCase("TEXT:/etc/passwd", TestName = "Detect_UpperCaseTextRead_ReturnsMagickPseudoFile")]
    [TestCase("url:http://127.0.0.1/x.jpg", TestName = "Detect_UrlFetch_ReturnsMagickPseudoFile")]
    public void Detect_MagickFileSpecification_ReturnsMagickPseudoFile(string text) =>
        Assert.That(Detect(Encoding.ASCII.GetBytes(text), "photo.jpg"), Is.EqualTo(KnownFileTypes.MagickPseudoFile));

    [TestCase("image over 0,0 0,0 'label:@/etc/passwd'\n", TestName = "Detect_MvgImagePrimitive_ReturnsMvg")]
    [TestCase("fill 'url(https://127.0.0.1/x.jpg\"|ls \"-la)'\n", TestName = "Detect_MvgFillUrl_ReturnsMvg")]
    public void Detect_MvgWithoutGraphicContext_ReturnsMvg(string text) =>
        Assert.That(Detect(Encoding.ASCII.GetBytes(text), "photo.png"), Is.EqualTo(KnownFileTypes.MagickVectorGraphics));

    [TestCase("label: shipping\ntext: hello\n", TestName = "Detect_YamlLikeText_IsPlainText")]
    [TestCase("Image over the weekend: 3 photos\n", TestName = "Detect_ProseStartingWithImage_IsPlainText")]
    [TestCase("% not PostScript\n", TestName = "Detect_PercentLine_IsPlainText")]
    public void Detect_TextThatOnlyResemblesAPayload_IsPlainText(string text) =>
        Assert.That(Detect(Encoding.ASCII.GetBytes(text), "notes.txt"), Is.EqualTo(KnownFileTypes.PlainText));

    [Test]
    public void Detect_XbmNamedGif_ReturnsXbm() =>
        Assert.That(
            Detect(Encoding.ASCII.GetBytes("#define icon_width 2\n#define icon_height 2\nstatic char icon_bits[] = { 0x01, 0x02 };\n"), "icon.gif"),
            Is.EqualTo(KnownFileTypes.Xbm));

    [Test]
    public void Detect_XpmNamedGif_ReturnsXpm() =>
        Assert.That(
            Detect(Encoding.ASCII.GetBytes("/* XPM */\nstatic char *icon[] = {\n\"1 1 1 1\",\n\"a c #FF0000\",\n\"a\"\n};\n"), "icon.gif"),
            Is.EqualTo(KnownFileTypes.Xpm));

    [Test]
    public void Detect_HostileTypes_AreNeitherImagesNorAllowedByDefault()
    {
        FileType[] hostile = [KnownFileTypes.Polyglot, KnownFileTypes.PostScript, KnownFileTypes.MagickPseudoFile, KnownFileTypes.Xbm, KnownFileTypes.Xpm];
        var allowedByDefault = new Application.Common.Options.UploadOptions().AllowedFileTypes;

        Assert.Multiple(() =>
        {
            Assert.That(hostile.Where(t => t.IsImage), Is.Empty);
            Assert.That(hostile.Select(t => t.Extension).Intersect(allowedByDefault), Is.Empty);
        });
    }

    private static FileType? Detect(byte[] bytes, string? fileName)
    {
        using var stream = new MemoryStream(bytes);
        return FileTypeDetector.Detect(stream, fileName);
    }

    private static byte[] Zip(params string[] entryNames) => Zip(comment: null, entryNames);

    private static byte[] Zip(string? comment, params string[] entryNames)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (comment is not null)
                archive.Comment = comment;

            foreach (var name in entryNames)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write("content");
            }
        }

        return buffer.ToArray();
    }
}
