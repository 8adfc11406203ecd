using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using static Attachments.Application.Common.FileTypes.KnownFileTypes;

namespace Attachments.Application.Common.FileTypes;

/// <summary>
/// Tells a file's type from its bytes. The client's file name is consulted only to choose between
/// formats whose bytes are identical, never to decide the category.
/// </summary>
public static partial class FileTypeDetector
{
    private const int SampleLength = 8 * 1024;
    private const int MaxOpenDocumentMimeTypeLength = 128;
    private const int ZipEndRecordLength = 22;

    private static readonly Signature[] Signatures =
    [
        new([0xFF, 0xD8, 0xFF], Jpeg),
        new([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], Png),
        new("GIF87a"u8.ToArray(), Gif),
        new("GIF89a"u8.ToArray(), Gif),
        new([0x49, 0x49, 0x2A, 0x00], Tiff),
        new([0x4D, 0x4D, 0x00, 0x2A], Tiff),
        new("%PDF-"u8.ToArray(), Pdf),
        new(@"{\rtf"u8.ToArray(), Rtf),
        new([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], SevenZip),
        new([0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x00], Rar),
        new([0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x01, 0x00], Rar),
        new([0x1F, 0x8B, 0x08], Gzip),
        new([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], Xz),
        new("ID3"u8.ToArray(), Mp3),
        new("OggS"u8.ToArray(), Ogg),
        new("fLaC"u8.ToArray(), Flac),
        new("MThd"u8.ToArray(), Midi),
        new("%!"u8.ToArray(), PostScript),
        new([0xC5, 0xD0, 0xD3, 0xC6], PostScript),
        new("MZ"u8.ToArray(), WindowsExecutable),
        new([0x7F, 0x45, 0x4C, 0x46], Elf),
        new([0xFE, 0xED, 0xFA, 0xCE], MachO),
        new([0xFE, 0xED, 0xFA, 0xCF], MachO),
        new([0xCE, 0xFA, 0xED, 0xFE], MachO),
        new([0xCF, 0xFA, 0xED, 0xFE], MachO),
    ];

    private static readonly byte[] CompoundFileMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] ZipLocalFileMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] ZipEmptyArchiveMagic = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] IconMagic = [0x00, 0x00, 0x01, 0x00];
    private static readonly byte[] EbmlMagic = [0x1A, 0x45, 0xDF, 0xA3];
    private static readonly byte[] EbmlDocTypeId = [0x42, 0x82];
    private static readonly byte[] FatBinaryOrClassMagic = [0xCA, 0xFE, 0xBA, 0xBE];
    private static readonly byte[] ZipEndMagic = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];

    private static readonly uint[] BitmapInfoHeaderSizes = [12, 16, 40, 52, 56, 64, 108, 124];

    private static readonly HashSet<string> AvifBrands = new(StringComparer.Ordinal) { "avif", "avis" };

    private static readonly HashSet<string> HeifBrands = new(StringComparer.Ordinal)
    {
        "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1",
    };

    private static readonly Dictionary<string, FileType> IsoMediaBrands = new(StringComparer.Ordinal)
    {
        ["isom"] = Mp4, ["iso2"] = Mp4, ["iso3"] = Mp4, ["iso4"] = Mp4, ["iso5"] = Mp4, ["iso6"] = Mp4,
        ["mp41"] = Mp4, ["mp42"] = Mp4, ["avc1"] = Mp4, ["dash"] = Mp4, ["MSNV"] = Mp4, ["mmp4"] = Mp4,
        ["M4V "] = Mp4, ["M4VH"] = Mp4, ["M4VP"] = Mp4, ["f4v "] = Mp4,
        ["qt  "] = QuickTime,
        ["M4A "] = M4a, ["M4B "] = M4a,
        ["3gp4"] = ThreeGpp, ["3gp5"] = ThreeGpp, ["3gp6"] = ThreeGpp, ["3g2a"] = ThreeGpp2,
    };

    private static readonly Dictionary<string, FileType> OpenDocumentMimeTypes = new(StringComparer.Ordinal)
    {
        [Odt.MimeType] = Odt,
        [Ods.MimeType] = Ods,
        [Odp.MimeType] = Odp,
    };

    private static readonly Dictionary<string, FileType> ScriptsByExtension = new(StringComparer.Ordinal)
    {
        ["bat"] = new("bat", "application/x-msdos-program", FileCategory.Script),
        ["cmd"] = new("cmd", "application/x-msdos-program", FileCategory.Script),
        ["ps1"] = new("ps1", "text/x-powershell", FileCategory.Script),
        ["vbs"] = new("vbs", "text/vbscript", FileCategory.Script),
        ["js"] = new("js", "text/javascript", FileCategory.Script),
        ["sh"] = ShellScript,
        ["py"] = new("py", "text/x-python", FileCategory.Script),
        ["pl"] = new("pl", "text/x-perl", FileCategory.Script),
        ["rb"] = new("rb", "text/x-ruby", FileCategory.Script),
        ["php"] = Php,
    };

    private static readonly string[] HtmlOpenings =
        ["<!doctype html", "<html", "<head", "<body", "<script", "<iframe"];

    private static readonly string[] MagickVectorOpenings = ["push graphic-context", "viewbox ", "graphic-context"];

    private static readonly char[] PathSeparators = ['/', '\\'];

    /// <summary>The type the bytes of <paramref name="content"/> show, or <c>null</c> when they match nothing known.</summary>
    /// <param name="content">A readable, seekable stream; it is rewound first and its position left anywhere.</param>
    /// <param name="clientFileName">The name the client sent; may be null or garbage.</param>
    public static FileType? Detect(Stream content, string? clientFileName)
    {
        ArgumentNullException.ThrowIfNull(content);

        var sample = ReadSample(content);
        if (sample.Length == 0)
            return null;

        var extension = ExtensionOf(clientFileName);

        // OLE2 and zip are containers: once the bytes say which one, an undecidable flavour is unknown, not text.
        if (sample.StartsWith(CompoundFileMagic))
            return CompoundFileByExtension(extension);
        if (sample.StartsWith(ZipLocalFileMagic) || sample.StartsWith(ZipEmptyArchiveMagic))
            return DetectZip(content);

        if (OpensScriptComment(sample))
            return Polyglot;

        // Images win even if their first KiB holds <?php, <script or <html: the image pipeline re-encodes them, destroying such payloads.
        var type = MatchSignature(sample)
            ?? DetectRiff(sample)
            ?? DetectIsoMedia(sample)
            ?? DetectBitmap(sample)
            ?? DetectIcon(sample, content.Length)
            ?? DetectMatroska(sample)
            ?? DetectMpegAudio(sample)
            ?? DetectBzip2(sample)
            ?? DetectFatBinaryOrClass(sample, extension)
            ?? DetectTar(sample)
            ?? DetectText(sample, isTruncated: content.Length > sample.Length, extension);

        return type is not null && EndsWithZipDirectory(content) ? Polyglot : type;
    }

    private static byte[] ReadSample(Stream content)
    {
        content.Position = 0;
        var buffer = new byte[SampleLength];
        var read = content.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return buffer[..read];
    }

    private static string ExtensionOf(string? clientFileName)
    {
        // Windows ignores trailing dots and spaces, so "setup.msi. " still runs as an installer.
        var name = (clientFileName ?? string.Empty).TrimEnd('.', ' ');
        var dot = name.LastIndexOf('.');
        return dot > name.LastIndexOfAny(PathSeparators) ? name[(dot + 1)..].Trim().ToLowerInvariant() : string.Empty;
    }

    /// <summary>
    /// A GIF whose width, or a JPEG whose first segment length, reads <c>/*</c> is the classic image/JavaScript
    /// polyglot: a script parser skips the binary header as a comment. No camera or editor writes such a header.
    /// </summary>
    private static bool OpensScriptComment(ReadOnlySpan<byte> sample) =>
        (sample.StartsWith("GIF8"u8) && sample.Length >= 8 && sample[6..].StartsWith("/*"u8))
        || (sample.StartsWith(JpegMagic) && sample.Length >= 6 && sample[4..].StartsWith("/*"u8));

    /// <summary>
    /// A zip is read from its end, so bytes that open as something else and end in a zip directory are both at once
    /// (GIFAR, JPEG+JAR): whatever the first format is, the file is also an archive a JVM or an unzip tool opens.
    /// </summary>
    private static bool EndsWithZipDirectory(Stream content)
    {
        var length = content.Length;
        if (length < ZipEndRecordLength)
            return false;

        var tail = new byte[(int)Math.Min(length, ZipEndRecordLength + ushort.MaxValue)];
        content.Position = length - tail.Length;
        content.ReadExactly(tail);

        // The end record is followed only by its comment, whose length it states.
        for (var at = tail.Length - ZipEndRecordLength; at >= 0; at--)
        {
            if (tail.AsSpan(at).StartsWith(ZipEndMagic)
                && at + ZipEndRecordLength + BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 20)) == tail.Length)
                return true;
        }

        return false;
    }

    private static FileType? MatchSignature(ReadOnlySpan<byte> sample)
    {
        foreach (var signature in Signatures)
        {
            if (sample.StartsWith(signature.Magic))
                return signature.Type;
        }

        return null;
    }

    // The OLE2 container looks the same for Word, Excel, PowerPoint and Windows Installer files.
    private static FileType? CompoundFileByExtension(string extension) => extension switch
    {
        "doc" => Doc,
        "xls" => Xls,
        "ppt" => Ppt,
        "msi" => Msi,
        _ => null,
    };

    private static FileType? DetectZip(Stream content)
    {
        content.Position = 0;
        try
        {
            using var archive = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            return ClassifyZip(archive);
        }
        catch (InvalidDataException)
        {
            // Unreadable here does not mean unreadable to a JVM or Android, so it cannot be called a plain zip.
            return null;
        }
    }

    private static FileType ClassifyZip(ZipArchive archive)
    {
        var names = archive.Entries.Select(entry => entry.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);

        if (names.Contains("AndroidManifest.xml") && names.Contains("classes.dex"))
            return Apk;

        // Any class file makes the archive runnable by a JVM, whatever else it holds.
        if (names.Any(name => name.EndsWith(".class", StringComparison.OrdinalIgnoreCase)))
            return Jar;

        if (names.Contains("[Content_Types].xml"))
        {
            var officeType = OfficeOpenXmlType(names);
            if (officeType is not null)
                return officeType;
        }

        return OpenDocumentType(archive) ?? Zip;
    }

    private static FileType? OfficeOpenXmlType(HashSet<string> names)
    {
        bool HasFolder(string folder) => names.Any(name => name.StartsWith(folder, StringComparison.OrdinalIgnoreCase));

        if (HasFolder("word/"))
            return Docx;
        if (HasFolder("xl/"))
            return Xlsx;
        return HasFolder("ppt/") ? Pptx : null;
    }

    private static FileType? OpenDocumentType(ZipArchive archive)
    {
        var entry = archive.GetEntry("mimetype");
        if (entry is null || entry.Length > MaxOpenDocumentMimeTypeLength)
            return null;

        using var stream = entry.Open();
        var buffer = new byte[MaxOpenDocumentMimeTypeLength];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var mimeType = Encoding.ASCII.GetString(buffer, 0, read).Trim();
        return OpenDocumentMimeTypes.GetValueOrDefault(mimeType);
    }

    private static FileType? DetectRiff(ReadOnlySpan<byte> sample)
    {
        if (sample.Length < 12 || !sample.StartsWith("RIFF"u8))
            return null;

        return FourCc(sample, 8) switch
        {
            "WEBP" => Webp,
            "WAVE" => Wav,
            "AVI " => Avi,
            _ => null,
        };
    }

    private static FileType? DetectIsoMedia(ReadOnlySpan<byte> sample)
    {
        if (sample.Length < 16 || !sample[4..].StartsWith("ftyp"u8))
            return null;

        var boxSize = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(sample), (uint)sample.Length);
        if (boxSize < 16)
            return null;

        var brands = new List<string> { FourCc(sample, 8) };
        for (var offset = 16; offset + 4 <= boxSize; offset += 4)
            brands.Add(FourCc(sample, offset));

        // AVIF files also list the generic HEIF brand mif1, so AVIF has to be ruled out first.
        if (brands.Exists(AvifBrands.Contains))
            return Avif;
        if (brands.Exists(HeifBrands.Contains))
            return Heic;

        return brands.Select(brand => IsoMediaBrands.GetValueOrDefault(brand)).FirstOrDefault(type => type is not null);
    }

    private static FileType? DetectBitmap(ReadOnlySpan<byte> sample)
    {
        if (sample.Length < 18 || !sample.StartsWith("BM"u8))
            return null;

        var fileSize = BinaryPrimitives.ReadUInt32LittleEndian(sample[2..]);
        var pixelDataOffset = BinaryPrimitives.ReadUInt32LittleEndian(sample[10..]);
        var infoHeaderSize = BinaryPrimitives.ReadUInt32LittleEndian(sample[14..]);

        var isSane = BitmapInfoHeaderSizes.Contains(infoHeaderSize)
            && pixelDataOffset >= 14 + infoHeaderSize
            && pixelDataOffset < fileSize;
        return isSane ? Bmp : null;
    }

    private static FileType? DetectIcon(ReadOnlySpan<byte> sample, long length)
    {
        const int DirectoryEntrySize = 16;
        if (sample.Length < 6 + DirectoryEntrySize || !sample.StartsWith(IconMagic))
            return null;

        var count = BinaryPrimitives.ReadUInt16LittleEndian(sample[4..]);
        var directoryEnd = 6 + (DirectoryEntrySize * count);
        var firstEntry = sample.Slice(6, DirectoryEntrySize);
        var imageOffset = BinaryPrimitives.ReadUInt32LittleEndian(firstEntry[12..]);

        var isSane = count > 0
            && directoryEnd <= length
            && firstEntry[3] == 0
            && BinaryPrimitives.ReadUInt16LittleEndian(firstEntry[4..]) <= 1
            && imageOffset >= directoryEnd
            && imageOffset < length;
        return isSane ? Icon : null;
    }

    private static FileType? DetectMatroska(ReadOnlySpan<byte> sample)
    {
        if (!sample.StartsWith(EbmlMagic))
            return null;

        var header = sample[..Math.Min(sample.Length, 64)];
        var docType = header.IndexOf(EbmlDocTypeId);
        if (docType < 0 || docType + 3 > header.Length || (header[docType + 2] & 0x80) == 0)
            return Matroska;

        var valueStart = docType + 3;
        var valueLength = Math.Min(header[docType + 2] & 0x7F, header.Length - valueStart);
        var value = header.Slice(valueStart, valueLength).TrimEnd((byte)0);
        return value.SequenceEqual("webm"u8) ? WebM : Matroska;
    }

    private static FileType? DetectMpegAudio(ReadOnlySpan<byte> sample)
    {
        if (sample.Length < 4 || sample[0] != 0xFF)
            return null;

        // ADTS shares the frame sync but uses layer 00, which MPEG audio reserves.
        var isAdts = (sample[1] & 0xF6) == 0xF0 && ((sample[2] >> 2) & 0x0F) < 13;
        if (isAdts)
            return Aac;

        // Layer III only: layer I frames would also match the UTF-16 byte order mark FF FE.
        var version = (sample[1] >> 3) & 0b11;
        var layer = (sample[1] >> 1) & 0b11;
        var bitrateIndex = sample[2] >> 4;
        var sampleRateIndex = (sample[2] >> 2) & 0b11;
        var isLayer3Frame = (sample[1] & 0xE0) == 0xE0
            && version != 0b01
            && layer == 0b01
            && bitrateIndex != 0b1111
            && sampleRateIndex != 0b11;
        return isLayer3Frame ? Mp3 : null;
    }

    private static FileType? DetectBzip2(ReadOnlySpan<byte> sample) =>
        sample.Length >= 4 && sample.StartsWith("BZh"u8) && sample[3] is >= (byte)'1' and <= (byte)'9' ? Bzip2 : null;

    // CA FE BA BE opens both Java class files and Mach-O universal binaries; either way it is executable.
    private static FileType? DetectFatBinaryOrClass(ReadOnlySpan<byte> sample, string extension)
    {
        if (!sample.StartsWith(FatBinaryOrClassMagic))
            return null;

        return extension == "class" ? JavaClass : MachO;
    }

    private static FileType? DetectTar(ReadOnlySpan<byte> sample) =>
        sample.Length >= 262 && sample[257..].StartsWith("ustar"u8) ? Tar : null;

    private static FileType? DetectText(ReadOnlySpan<byte> sample, bool isTruncated, string extension)
    {
        var text = DecodeUtf8(sample, isTruncated);
        if (text is null || text.Any(IsDisallowedControl))
            return null;

        return DetectActiveContent(text, extension) ?? extension switch
        {
            "csv" => Csv,
            "md" => Markdown,
            _ => PlainText,
        };
    }

    private static string? DecodeUtf8(ReadOnlySpan<byte> sample, bool isTruncated)
    {
        var chars = new char[sample.Length];
        var status = Utf8.ToUtf16(
            sample, chars, out _, out var written, replaceInvalidSequences: false, isFinalBlock: !isTruncated);

        // A sample cut from a longer file may end in the middle of a character.
        var isValid = status == OperationStatus.Done || (isTruncated && status == OperationStatus.NeedMoreData);
        return isValid ? new string(chars, 0, written) : null;
    }

    private static bool IsDisallowedControl(char c) => c < ' ' && c is not ('\t' or '\n' or '\r' or '\f');

    private static FileType? DetectActiveContent(string text, string extension)
    {
        var start = text.TrimStart('\uFEFF').TrimStart();

        if (HtmlOpenings.Any(opening => start.StartsWith(opening, StringComparison.OrdinalIgnoreCase))
            || text.Contains("<script", StringComparison.OrdinalIgnoreCase)
            || text.Contains("<html", StringComparison.OrdinalIgnoreCase))
            return Html;

        // Any markup prologue (<?xml, <!DOCTYPE svg, a comment) may precede the <svg root.
        if (start.StartsWith("<svg", StringComparison.OrdinalIgnoreCase)
            || (start.StartsWith('<') && text.Contains("<svg", StringComparison.OrdinalIgnoreCase)))
            return Svg;

        if (start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase))
            return Xml;

        // The interpreter line proves a script but not which language; the extension can pick among scripts only.
        if (start.StartsWith("#!", StringComparison.Ordinal))
            return ScriptsByExtension.GetValueOrDefault(extension, ShellScript);

        if (text.Contains("<?php", StringComparison.OrdinalIgnoreCase))
            return Php;

        // ImageMagick's vector script (the ImageTragick vector): text, yet it draws and fetches when decoded.
        if (MagickVectorOpenings.Any(opening => start.StartsWith(opening, StringComparison.OrdinalIgnoreCase))
            || MagickVectorPrimitive().IsMatch(start))
            return MagickVectorGraphics;

        // Harmless as stored text, but the shape of the ImageTragick file-read and delete payloads.
        if (MagickPseudoFileSpecification().IsMatch(start))
            return MagickPseudoFile;

        if (XbmOpening().IsMatch(start))
            return Xbm;
        if (XpmOpening().IsMatch(start))
            return Xpm;

        return ScriptsByExtension.GetValueOrDefault(extension);
    }

    [GeneratedRegex(@"\A(?:image\s+[a-z]+\s+[-+\d.]+\s*,|(?:fill|stroke)\s+['""]?url\()", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MagickVectorPrimitive();

    [GeneratedRegex(@"\A(?:ephemeral|label|caption|pango|text|msl|mvg|svg|vid|inline|url|show|win):\S", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MagickPseudoFileSpecification();

    [GeneratedRegex(@"\A#define\s+\S*width\s+\d", RegexOptions.CultureInvariant)]
    private static partial Regex XbmOpening();

    [GeneratedRegex(@"\A/\*\s*XPM\s*\*/", RegexOptions.CultureInvariant)]
    private static partial Regex XpmOpening();

    private static string FourCc(ReadOnlySpan<byte> sample, int offset) => Encoding.Latin1.GetString(sample.Slice(offset, 4));

    private sealed record Signature(byte[] Magic, FileType Type);
}
