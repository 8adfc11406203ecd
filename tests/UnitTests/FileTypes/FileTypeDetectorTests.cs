using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Attachments.Application.Common.FileTypes;

namespace Attachments.UnitTests.FileTypes;

public class FileTypeDetectorTests
{
    private const string OpenXmlContentTypes = "[Content_Types].xml";

    [TestCase(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "jpg", "image/jpeg", FileCategory.Image,
        TestName = "Detect_JpegSignature_ReturnsJpg")]
    [TestCase(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "png", "image/png", FileCategory.Image,
        TestName = "Detect_PngSignature_ReturnsPng")]
    [TestCase(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x37, 0x61 }, "gif", "image/gif", FileCategory.Image,
        TestName = "Detect_Gif87aSignature_ReturnsGif")]
    [TestCase(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "gif", "image/gif", FileCategory.Image,
        TestName = "Detect_Gif89aSignature_ReturnsGif")]
    [TestCase(new byte[] { 0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, "webp", "image/webp", FileCategory.Image,
        TestName = "Detect_RiffWebpSignature_ReturnsWebp")]
    [TestCase(new byte[] { 0x49, 0x49, 0x2A, 0x00 }, "tiff", "image/tiff", FileCategory.Image,
        TestName = "Detect_TiffLittleEndianSignature_ReturnsTiff")]
    [TestCase(new byte[] { 0x4D, 0x4D, 0x00, 0x2A }, "tiff", "image/tiff", FileCategory.Image,
        TestName = "Detect_TiffBigEndianSignature_ReturnsTiff")]
    [TestCase(new byte[] { 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x10, 0x10, 0x00, 0x00, 0x01, 0x00, 0x20, 0x00, 0x28, 0x00, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00 }, "ico", "image/x-icon", FileCategory.Image,
        TestName = "Detect_IconSignature_ReturnsIco")]
    [TestCase(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, "pdf", "application/pdf", FileCategory.Document,
        TestName = "Detect_PdfSignature_ReturnsPdf")]
    [TestCase(new byte[] { 0x7B, 0x5C, 0x72, 0x74, 0x66, 0x31 }, "rtf", "application/rtf", FileCategory.Document,
        TestName = "Detect_RtfSignature_ReturnsRtf")]
    [TestCase(new byte[] { 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C }, "7z", "application/x-7z-compressed", FileCategory.Archive,
        TestName = "Detect_SevenZipSignature_Returns7z")]
    [TestCase(new byte[] { 0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x00 }, "rar", "application/vnd.rar", FileCategory.Archive,
        TestName = "Detect_Rar4Signature_ReturnsRar")]
    [TestCase(new byte[] { 0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x01, 0x00 }, "rar", "application/vnd.rar", FileCategory.Archive,
        TestName = "Detect_Rar5Signature_ReturnsRar")]
    [TestCase(new byte[] { 0x1F, 0x8B, 0x08, 0x00 }, "gz", "application/gzip", FileCategory.Archive,
        TestName = "Detect_GzipSignature_ReturnsGz")]
    [TestCase(new byte[] { 0x42, 0x5A, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26 }, "bz2", "application/x-bzip2", FileCategory.Archive,
        TestName = "Detect_Bzip2Signature_ReturnsBz2")]
    [TestCase(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00 }, "xz", "application/x-xz", FileCategory.Archive,
        TestName = "Detect_XzSignature_ReturnsXz")]
    [TestCase(new byte[] { 0x49, 0x44, 0x33, 0x04, 0x00 }, "mp3", "audio/mpeg", FileCategory.Audio,
        TestName = "Detect_Id3Signature_ReturnsMp3")]
    [TestCase(new byte[] { 0xFF, 0xFB, 0x90, 0x64 }, "mp3", "audio/mpeg", FileCategory.Audio,
        TestName = "Detect_Mpeg1Layer3Frame_ReturnsMp3")]
    [TestCase(new byte[] { 0xFF, 0xF3, 0x48, 0xC4 }, "mp3", "audio/mpeg", FileCategory.Audio,
        TestName = "Detect_Mpeg2Layer3Frame_ReturnsMp3")]
    [TestCase(new byte[] { 0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x41, 0x56, 0x45 }, "wav", "audio/wav", FileCategory.Audio,
        TestName = "Detect_RiffWaveSignature_ReturnsWav")]
    [TestCase(new byte[] { 0x4F, 0x67, 0x67, 0x53, 0x00, 0x02 }, "ogg", "audio/ogg", FileCategory.Audio,
        TestName = "Detect_OggSignature_ReturnsOgg")]
    [TestCase(new byte[] { 0x66, 0x4C, 0x61, 0x43, 0x00, 0x00, 0x00, 0x22 }, "flac", "audio/flac", FileCategory.Audio,
        TestName = "Detect_FlacSignature_ReturnsFlac")]
    [TestCase(new byte[] { 0xFF, 0xF1, 0x50, 0x80 }, "aac", "audio/aac", FileCategory.Audio,
        TestName = "Detect_AdtsMpeg4Signature_ReturnsAac")]
    [TestCase(new byte[] { 0xFF, 0xF9, 0x50, 0x80 }, "aac", "audio/aac", FileCategory.Audio,
        TestName = "Detect_AdtsMpeg2Signature_ReturnsAac")]
    [TestCase(new byte[] { 0x4D, 0x54, 0x68, 0x64, 0x00, 0x00, 0x00, 0x06 }, "mid", "audio/midi", FileCategory.Audio,
        TestName = "Detect_MidiSignature_ReturnsMid")]
    [TestCase(new byte[] { 0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x41, 0x56, 0x49, 0x20 }, "avi", "video/x-msvideo", FileCategory.Video,
        TestName = "Detect_RiffAviSignature_ReturnsAvi")]
    [TestCase(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6D }, "webm", "video/webm", FileCategory.Video,
        TestName = "Detect_EbmlWebmDocType_ReturnsWebm")]
    [TestCase(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0xA3, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x88, 0x6D, 0x61, 0x74, 0x72, 0x6F, 0x73, 0x6B, 0x61 }, "mkv", "video/x-matroska", FileCategory.Video,
        TestName = "Detect_EbmlMatroskaDocType_ReturnsMkv")]
    [TestCase(new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00 }, "exe", "application/vnd.microsoft.portable-executable", FileCategory.Executable,
        TestName = "Detect_MzSignature_ReturnsExe")]
    [TestCase(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01 }, "elf", "application/x-elf", FileCategory.Executable,
        TestName = "Detect_ElfSignature_ReturnsElf")]
    [TestCase(new byte[] { 0xCF, 0xFA, 0xED, 0xFE, 0x0C, 0x00, 0x00, 0x01 }, "macho", "application/x-mach-binary", FileCategory.Executable,
        TestName = "Detect_MachO64Signature_ReturnsMacho")]
    [TestCase(new byte[] { 0xFE, 0xED, 0xFA, 0xCE, 0x00, 0x00, 0x00, 0x12 }, "macho", "application/x-mach-binary", FileCategory.Executable,
        TestName = "Detect_MachO32BigEndianSignature_ReturnsMacho")]
    public void Detect_KnownSignature_ReturnsType(byte[] header, string extension, string mimeType, FileCategory category)
    {
        var result = Detect(Padded(header));

        Assert.That(result, Is.EqualTo(new FileType(extension, mimeType, category)));
    }

    [TestCase("isom", "isom,iso2,avc1,mp41", "mp4", "video/mp4", FileCategory.Video)]
    [TestCase("mp42", "mp42,isom", "mp4", "video/mp4", FileCategory.Video)]
    [TestCase("XAVC", "XAVC,mp42,iso2", "mp4", "video/mp4", FileCategory.Video)]
    [TestCase("qt  ", "qt  ", "mov", "video/quicktime", FileCategory.Video)]
    [TestCase("3gp4", "3gp4,isom", "3gp", "video/3gpp", FileCategory.Video)]
    [TestCase("M4A ", "M4A ,mp42,isom", "m4a", "audio/mp4", FileCategory.Audio)]
    [TestCase("heic", "mif1,heic", "heic", "image/heic", FileCategory.Image)]
    [TestCase("mif1", "mif1,heic", "heic", "image/heic", FileCategory.Image)]
    [TestCase("avif", "avif,mif1,miaf,MA1B", "avif", "image/avif", FileCategory.Image)]
    [TestCase("mif1", "avif,mif1,miaf", "avif", "image/avif", FileCategory.Image)]
    public void Detect_IsoMediaBrands_ReturnsType(
        string majorBrand, string compatibleBrands, string extension, string mimeType, FileCategory category)
    {
        var result = Detect(IsoMedia(majorBrand, compatibleBrands.Split(',')));

        Assert.That(result, Is.EqualTo(new FileType(extension, mimeType, category)));
    }

    [Test]
    public void Detect_IsoMediaWithUnknownBrands_ReturnsNull()
    {
        var result = Detect(IsoMedia("zzzz", "zzzz", "yyyy"));

        Assert.That(result, Is.Null);
    }

    [Test]
    public void Detect_BitmapWithSaneHeader_ReturnsBmp()
    {
        var result = Detect(Bitmap());

        Assert.That(result, Is.EqualTo(new FileType("bmp", "image/bmp", FileCategory.Image)));
    }

    [Test]
    public void Detect_TextStartingWithBM_ReturnsTxt()
    {
        var result = Detect(Utf8("BMW 320i, 2004, blue, 140000 km\n"));

        Assert.That(result?.Extension, Is.EqualTo("txt"));
    }

    [Test]
    public void Detect_IconWithZeroImages_ReturnsNull()
    {
        var result = Detect(Padded([0x00, 0x00, 0x01, 0x00, 0x00, 0x00]));

        Assert.That(result, Is.Null);
    }

    [Test]
    public void Detect_UstarHeader_ReturnsTar()
    {
        var tar = new byte[1024];
        Encoding.ASCII.GetBytes("hello.txt").CopyTo(tar, 0);
        Encoding.ASCII.GetBytes("ustar\u000000").CopyTo(tar, 257);

        var result = Detect(tar);

        Assert.That(result, Is.EqualTo(new FileType("tar", "application/x-tar", FileCategory.Archive)));
    }

    [TestCase("Main.class", "class")]
    [TestCase("tool", "macho")]
    [TestCase("photo.jpg", "macho")]
    public void Detect_CafeBabe_IsExecutableNamedByExtension(string fileName, string extension)
    {
        var result = Detect(Padded([0xCA, 0xFE, 0xBA, 0xBE, 0x00, 0x00, 0x00, 0x34]), fileName);

        Assert.That(result?.Category, Is.EqualTo(FileCategory.Executable));
        Assert.That(result?.Extension, Is.EqualTo(extension));
    }

    [TestCase("camera/Canon_40D.jpg")]
    [TestCase("camera/DSCN0010.jpg")]
    [TestCase("camera/DSCN0021.jpg")]
    [TestCase("camera/Nikon_D70.jpg")]
    [TestCase("camera/Pentax_K10D.jpg")]
    [TestCase("camera/no_exif.jpg")]
    public void Detect_CameraJpeg_ReturnsJpg(string relativePath)
    {
        var result = DetectFixture(relativePath);

        Assert.That(result, Is.EqualTo(new FileType("jpg", "image/jpeg", FileCategory.Image)));
    }

    [Test]
    public void Detect_IphoneHeic_ReturnsHeic()
    {
        var result = DetectFixture("heic/IMG_5195.HEIC");

        Assert.That(result, Is.EqualTo(new FileType("heic", "image/heic", FileCategory.Image)));
    }

    [TestCase("tiff/Arbitro.tiff")]
    [TestCase("tiff/Jobagent.tiff")]
    public void Detect_TiffFixture_ReturnsTiff(string relativePath)
    {
        var result = DetectFixture(relativePath);

        Assert.That(result, Is.EqualTo(new FileType("tiff", "image/tiff", FileCategory.Image)));
    }

    [TestCase(new[] { OpenXmlContentTypes, "_rels/.rels", "word/document.xml" }, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [TestCase(new[] { OpenXmlContentTypes, "_rels/.rels", "xl/workbook.xml" }, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [TestCase(new[] { OpenXmlContentTypes, "_rels/.rels", "ppt/presentation.xml" }, "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")]
    public void Detect_OfficeOpenXml_ReturnsDocument(string[] entries, string extension, string mimeType)
    {
        var result = Detect(Zip(entries), "upload.zip");

        Assert.That(result, Is.EqualTo(new FileType(extension, mimeType, FileCategory.Document)));
    }

    [TestCase("application/vnd.oasis.opendocument.text", "odt")]
    [TestCase("application/vnd.oasis.opendocument.spreadsheet", "ods")]
    [TestCase("application/vnd.oasis.opendocument.presentation", "odp")]
    public void Detect_OpenDocument_ReturnsDocument(string mimeType, string extension)
    {
        var zip = ZipWithContent(
            ("mimetype", mimeType),
            ("content.xml", "<office:document-content/>"),
            ("META-INF/manifest.xml", "<manifest:manifest/>"));

        var result = Detect(zip);

        Assert.That(result, Is.EqualTo(new FileType(extension, mimeType, FileCategory.Document)));
    }

    [Test]
    public void Detect_ZipWithManifestAndClasses_ReturnsJar()
    {
        var result = Detect(Zip("META-INF/MANIFEST.MF", "com/example/Main.class"), "library.zip");

        Assert.That(result, Is.EqualTo(new FileType("jar", "application/java-archive", FileCategory.Executable)));
    }

    [Test]
    public void Detect_OfficeDocumentHoldingClassFile_ReturnsJar()
    {
        var result = Detect(Zip(OpenXmlContentTypes, "word/document.xml", "Evil.class"), "report.docx");

        Assert.That(result?.Extension, Is.EqualTo("jar"));
        Assert.That(result?.Category, Is.EqualTo(FileCategory.Executable));
    }

    [Test]
    public void Detect_ZipWithAndroidManifestAndDex_ReturnsApk()
    {
        var result = Detect(Zip("AndroidManifest.xml", "classes.dex", "resources.arsc"));

        Assert.That(result, Is.EqualTo(
            new FileType("apk", "application/vnd.android.package-archive", FileCategory.Executable)));
    }

    [Test]
    public void Detect_PlainZip_ReturnsZip()
    {
        var result = Detect(Zip("readme.txt", "photos/cat.jpg"));

        Assert.That(result, Is.EqualTo(new FileType("zip", "application/zip", FileCategory.Archive)));
    }

    [Test]
    public void Detect_PlainZipNamedDocx_ReturnsZip()
    {
        var result = Detect(Zip("word/document.xml"), "report.docx");

        Assert.That(result?.Extension, Is.EqualTo("zip"));
    }

    [Test]
    public void Detect_ZipWithOtherMimetypeEntry_ReturnsZip()
    {
        var result = Detect(ZipWithContent(("mimetype", "application/epub+zip")));

        Assert.That(result?.Extension, Is.EqualTo("zip"));
    }

    [Test]
    public void Detect_CorruptZip_ReturnsNull()
    {
        var result = Detect(Padded([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]));

        Assert.That(result, Is.Null);
    }

    [Test]
    public void Detect_Zip_LeavesStreamOpen()
    {
        using var stream = new MemoryStream(Zip("readme.txt"));

        _ = FileTypeDetector.Detect(stream, null);

        Assert.That(stream.CanRead, Is.True);
    }

    [TestCase("report.doc", "doc", "application/msword", FileCategory.Document)]
    [TestCase("report.xls", "xls", "application/vnd.ms-excel", FileCategory.Document)]
    [TestCase("REPORT.XLS", "xls", "application/vnd.ms-excel", FileCategory.Document)]
    [TestCase("deck.ppt", "ppt", "application/vnd.ms-powerpoint", FileCategory.Document)]
    [TestCase("setup.msi", "msi", "application/x-msi", FileCategory.Executable)]
    [TestCase("setup.msi. ", "msi", "application/x-msi", FileCategory.Executable)]
    public void Detect_CompoundFile_ChoosesFlavourByExtension(
        string fileName, string extension, string mimeType, FileCategory category)
    {
        var result = Detect(CompoundFile(), fileName);

        Assert.That(result, Is.EqualTo(new FileType(extension, mimeType, category)));
    }

    [TestCase("setup.exe")]
    [TestCase("mail.msg")]
    [TestCase("doc")]
    [TestCase("")]
    [TestCase(null)]
    public void Detect_CompoundFileWithOtherExtension_ReturnsNull(string? fileName)
    {
        var result = Detect(CompoundFile(), fileName);

        Assert.That(result, Is.Null);
    }

    [TestCase("hello world\n", null, "txt", "text/plain")]
    [TestCase("hello world\n", "notes.txt", "txt", "text/plain")]
    [TestCase("hello world\n", "page.html", "txt", "text/plain")]
    [TestCase("hello world\n", "virus.exe", "txt", "text/plain")]
    [TestCase("name,amount\r\nAnna,12\r\n", "data.csv", "csv", "text/csv")]
    [TestCase("name,amount\r\nAnna,12\r\n", "DATA.CSV", "csv", "text/csv")]
    [TestCase("# Title\n\nSome *markdown*.\n", "README.md", "md", "text/markdown")]
    [TestCase("Grüße aus Köln – ünïcödé 🎉\tdone\f\n", null, "txt", "text/plain")]
    [TestCase("\uFEFFwith a byte order mark\n", null, "txt", "text/plain")]
    public void Detect_PlainText_ReturnsText(string text, string? fileName, string extension, string mimeType)
    {
        var result = Detect(Utf8(text), fileName);

        Assert.That(result, Is.EqualTo(new FileType(extension, mimeType, FileCategory.Text)));
    }

    [TestCase("<!DOCTYPE html><title>x</title>", "html", "text/html")]
    [TestCase("  \r\n<HTML><body>hi</body></HTML>", "html", "text/html")]
    [TestCase("\uFEFF<html>", "html", "text/html")]
    [TestCase("<head><title>x</title></head>", "html", "text/html")]
    [TestCase("<body onload=alert(1)>", "html", "text/html")]
    [TestCase("<iframe src=\"https://example.com\"></iframe>", "html", "text/html")]
    [TestCase("Dear customer,\nplease see <ScRiPt>alert(1)</script>", "html", "text/html")]
    [TestCase("<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"/>", "html", "text/html")]
    [TestCase("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>", "svg", "image/svg+xml")]
    [TestCase("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "svg", "image/svg+xml")]
    [TestCase("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "html", "text/html")]
    [TestCase("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<note>hi</note>", "xml", "application/xml")]
    public void Detect_Markup_ReturnsMarkup(string text, string extension, string mimeType)
    {
        var result = Detect(Utf8(text), "notes.txt");

        Assert.That(result, Is.EqualTo(new FileType(extension, mimeType, FileCategory.Markup)));
    }

    [TestCase("#!/bin/sh\necho hi\n", null, "sh", "text/x-shellscript")]
    [TestCase("#!/bin/sh\necho hi\n", "notes.txt", "sh", "text/x-shellscript")]
    [TestCase("#!/usr/bin/env python3\nprint('hi')\n", "tool.py", "py", "text/x-python")]
    [TestCase("Hello <?php system($_GET['c']); ?>", "notes.txt", "php", "application/x-httpd-php")]
    [TestCase("<?PHP echo 1;", null, "php", "application/x-httpd-php")]
    [TestCase("@echo off\r\necho hi\r\n", "run.bat", "bat", "application/x-msdos-program")]
    [TestCase("@echo off\r\necho hi\r\n", "run.cmd", "cmd", "application/x-msdos-program")]
    [TestCase("Write-Host hi\n", "run.ps1", "ps1", "text/x-powershell")]
    [TestCase("MsgBox \"hi\"\n", "run.vbs", "vbs", "text/vbscript")]
    [TestCase("console.log(1);\n", "app.js", "js", "text/javascript")]
    [TestCase("print('hi')\n", "tool.py", "py", "text/x-python")]
    [TestCase("print \"hi\";\n", "tool.pl", "pl", "text/x-perl")]
    [TestCase("puts 'hi'\n", "tool.rb", "rb", "text/x-ruby")]
    [TestCase("echo hi\n", "C:\\fakepath\\run.SH", "sh", "text/x-shellscript")]
    public void Detect_Script_ReturnsScript(string text, string? fileName, string extension, string mimeType)
    {
        var result = Detect(Utf8(text), fileName);

        Assert.That(result, Is.EqualTo(new FileType(extension, mimeType, FileCategory.Script)));
    }

    [Test]
    public void Detect_TextLongerThanSampleSplitInsideCharacter_ReturnsTxt()
    {
        var text = new string('a', (8 * 1024) - 1) + "é and more text after the sample";

        var result = Detect(Utf8(text));

        Assert.That(result?.Extension, Is.EqualTo("txt"));
    }

    [Test]
    public void Detect_SignaturesLaterInText_AreIgnored()
    {
        var result = Detect(Utf8("Both %PDF-1.7 and GIF89a appear here, but not at the start.\n"));

        Assert.That(result?.Extension, Is.EqualTo("txt"));
    }

    [TestCase(new byte[] { 0x68, 0x69, 0x00, 0x68, 0x69 })]
    [TestCase(new byte[] { 0x68, 0x69, 0x01, 0x68, 0x69 })]
    [TestCase(new byte[] { 0x68, 0x69, 0x1B, 0x5B, 0x30, 0x6D })]
    [TestCase(new byte[] { 0x68, 0x69, 0xC3, 0x28 })]
    [TestCase(new byte[] { 0xFF, 0xFE, 0x68, 0x00, 0x69, 0x00 })]
    public void Detect_TextWithControlsOrInvalidUtf8_ReturnsNull(byte[] bytes)
    {
        var result = Detect(bytes);

        Assert.That(result, Is.Null);
    }

    [Test]
    public void Detect_RandomBinary_ReturnsNull()
    {
        var bytes = new byte[4096];
        new Random(20240601).NextBytes(bytes);
        bytes[0] = 0x00;
        bytes[1] = 0x13;

        var result = Detect(bytes);

        Assert.That(result, Is.Null);
    }

    [Test]
    public void Detect_EmptyStream_ReturnsNull()
    {
        var result = Detect([], "photo.jpg");

        Assert.That(result, Is.Null);
    }

    [Test]
    public void Detect_PdfNamedJpg_ReturnsPdf()
    {
        var result = Detect(Padded(Utf8("%PDF-1.4\n%\u00E2\u00E3\n")), "photo.jpg");

        Assert.That(result, Is.EqualTo(new FileType("pdf", "application/pdf", FileCategory.Document)));
    }

    [Test]
    public void Detect_ExecutableNamedJpg_ReturnsExecutable()
    {
        var result = Detect(Padded([0x4D, 0x5A, 0x90, 0x00]), "photo.jpg");

        Assert.That(result?.Category, Is.EqualTo(FileCategory.Executable));
        Assert.That(result?.Extension, Is.EqualTo("exe"));
    }

    [Test]
    public void Detect_PngNamedHtml_ReturnsPng()
    {
        var result = Detect(Padded([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "index.html");

        Assert.That(result?.Extension, Is.EqualTo("png"));
    }

    [TestCase(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "<script>alert(1)</script>", "gif")]
    [TestCase(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "<?php system($_GET['c']); ?>", "jpg")]
    [TestCase(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "<html><body>hi</body></html>", "png")]
    public void Detect_ImageWithMarkupPayload_ReturnsImage(byte[] signature, string payload, string extension)
    {
        var bytes = Padded([.. signature, .. Utf8(payload)]);

        var result = Detect(bytes, "payload.php");

        Assert.That(result?.Extension, Is.EqualTo(extension));
        Assert.That(result?.IsImage, Is.True);
    }

    [Test]
    public void Detect_StreamNotAtStart_RewindsFirst()
    {
        using var stream = new MemoryStream(Padded([0x25, 0x50, 0x44, 0x46, 0x2D]));
        stream.Seek(17, SeekOrigin.Begin);

        var result = FileTypeDetector.Detect(stream, null);

        Assert.That(result?.Extension, Is.EqualTo("pdf"));
    }

    private static FileType? Detect(byte[] bytes, string? fileName = null)
    {
        using var stream = new MemoryStream(bytes);
        stream.Seek(0, SeekOrigin.End);
        return FileTypeDetector.Detect(stream, fileName);
    }

    private static FileType? DetectFixture(string relativePath)
    {
        using var stream = File.OpenRead(Fixtures.Image(relativePath));
        return FileTypeDetector.Detect(stream, Path.GetFileName(relativePath));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Padded(byte[] header) => [.. header, .. new byte[64]];

    private static byte[] CompoundFile() =>
        Padded([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]]);

    private static byte[] IsoMedia(string majorBrand, params string[] compatibleBrands)
    {
        var boxSize = 16 + (4 * compatibleBrands.Length);
        var box = new byte[boxSize];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)boxSize);
        Encoding.ASCII.GetBytes("ftyp" + majorBrand).CopyTo(box, 4);
        for (var i = 0; i < compatibleBrands.Length; i++)
            Encoding.ASCII.GetBytes(compatibleBrands[i]).CopyTo(box, 16 + (4 * i));

        return [.. box, 0, 0, 0, 8, .. "mdat"u8];
    }

    private static byte[] Bitmap()
    {
        const int headerSize = 14 + 40;
        var bitmap = new byte[headerSize + 4];
        "BM"u8.CopyTo(bitmap);
        BinaryPrimitives.WriteUInt32LittleEndian(bitmap.AsSpan(2), (uint)bitmap.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bitmap.AsSpan(10), headerSize);
        BinaryPrimitives.WriteUInt32LittleEndian(bitmap.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bitmap.AsSpan(18), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bitmap.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(bitmap.AsSpan(26), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(bitmap.AsSpan(28), 24);
        return bitmap;
    }

    private static byte[] Zip(params string[] entryNames) =>
        ZipWithContent([.. entryNames.Select(name => (name, "content"))]);

    private static byte[] ZipWithContent(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                // OpenDocument requires the mimetype entry stored uncompressed.
                var level = name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal;
                using var writer = new StreamWriter(archive.CreateEntry(name, level).Open());
                writer.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
