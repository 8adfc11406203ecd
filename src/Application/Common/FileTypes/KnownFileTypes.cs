namespace Attachments.Application.Common.FileTypes;

/// <summary>Every type the detector can name, with the media type it is served as.</summary>
public static class KnownFileTypes
{
    public static readonly FileType Jpeg = new("jpg", "image/jpeg", FileCategory.Image);
    public static readonly FileType Png = new("png", "image/png", FileCategory.Image);
    public static readonly FileType Gif = new("gif", "image/gif", FileCategory.Image);
    public static readonly FileType Webp = new("webp", "image/webp", FileCategory.Image);
    public static readonly FileType Bmp = new("bmp", "image/bmp", FileCategory.Image);
    public static readonly FileType Icon = new("ico", "image/x-icon", FileCategory.Image);
    public static readonly FileType Tiff = new("tiff", "image/tiff", FileCategory.Image);
    public static readonly FileType Heic = new("heic", "image/heic", FileCategory.Image);
    public static readonly FileType Avif = new("avif", "image/avif", FileCategory.Image);

    public static readonly FileType Pdf = new("pdf", "application/pdf", FileCategory.Document);
    public static readonly FileType Rtf = new("rtf", "application/rtf", FileCategory.Document);
    public static readonly FileType Doc = new("doc", "application/msword", FileCategory.Document);
    public static readonly FileType Xls = new("xls", "application/vnd.ms-excel", FileCategory.Document);
    public static readonly FileType Ppt = new("ppt", "application/vnd.ms-powerpoint", FileCategory.Document);
    public static readonly FileType Docx = new(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", FileCategory.Document);
    public static readonly FileType Xlsx = new(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", FileCategory.Document);
    public static readonly FileType Pptx = new(
        "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", FileCategory.Document);
    public static readonly FileType Odt = new("odt", "application/vnd.oasis.opendocument.text", FileCategory.Document);
    public static readonly FileType Ods = new("ods", "application/vnd.oasis.opendocument.spreadsheet", FileCategory.Document);
    public static readonly FileType Odp = new("odp", "application/vnd.oasis.opendocument.presentation", FileCategory.Document);

    public static readonly FileType Zip = new("zip", "application/zip", FileCategory.Archive);
    public static readonly FileType SevenZip = new("7z", "application/x-7z-compressed", FileCategory.Archive);
    public static readonly FileType Rar = new("rar", "application/vnd.rar", FileCategory.Archive);
    public static readonly FileType Gzip = new("gz", "application/gzip", FileCategory.Archive);
    public static readonly FileType Tar = new("tar", "application/x-tar", FileCategory.Archive);
    public static readonly FileType Bzip2 = new("bz2", "application/x-bzip2", FileCategory.Archive);
    public static readonly FileType Xz = new("xz", "application/x-xz", FileCategory.Archive);

    public static readonly FileType Mp3 = new("mp3", "audio/mpeg", FileCategory.Audio);
    public static readonly FileType Wav = new("wav", "audio/wav", FileCategory.Audio);
    public static readonly FileType Ogg = new("ogg", "audio/ogg", FileCategory.Audio);
    public static readonly FileType Flac = new("flac", "audio/flac", FileCategory.Audio);
    public static readonly FileType M4a = new("m4a", "audio/mp4", FileCategory.Audio);
    public static readonly FileType Aac = new("aac", "audio/aac", FileCategory.Audio);
    public static readonly FileType Midi = new("mid", "audio/midi", FileCategory.Audio);

    public static readonly FileType Mp4 = new("mp4", "video/mp4", FileCategory.Video);
    public static readonly FileType QuickTime = new("mov", "video/quicktime", FileCategory.Video);
    public static readonly FileType WebM = new("webm", "video/webm", FileCategory.Video);
    public static readonly FileType Matroska = new("mkv", "video/x-matroska", FileCategory.Video);
    public static readonly FileType Avi = new("avi", "video/x-msvideo", FileCategory.Video);
    public static readonly FileType ThreeGpp = new("3gp", "video/3gpp", FileCategory.Video);
    public static readonly FileType ThreeGpp2 = new("3g2", "video/3gpp2", FileCategory.Video);

    public static readonly FileType PlainText = new("txt", "text/plain", FileCategory.Text);
    public static readonly FileType Csv = new("csv", "text/csv", FileCategory.Text);
    public static readonly FileType Markdown = new("md", "text/markdown", FileCategory.Text);

    public static readonly FileType Html = new("html", "text/html", FileCategory.Markup);
    public static readonly FileType Svg = new("svg", "image/svg+xml", FileCategory.Markup);
    public static readonly FileType Xml = new("xml", "application/xml", FileCategory.Markup);

    public static readonly FileType ShellScript = new("sh", "text/x-shellscript", FileCategory.Script);
    public static readonly FileType MagickVectorGraphics = new("mvg", "image/x-mvg", FileCategory.Script);
    public static readonly FileType Php = new("php", "application/x-httpd-php", FileCategory.Script);
    public static readonly FileType PostScript = new("ps", "application/postscript", FileCategory.Script);

    /// <summary>An ImageMagick file specification such as <c>label:@/etc/passwd</c> or <c>ephemeral:/x</c>, sent as content.</summary>
    public static readonly FileType MagickPseudoFile = new("magick", "text/x-imagemagick", FileCategory.Script);

    public static readonly FileType Xbm = new("xbm", "image/x-xbitmap", FileCategory.UnsupportedImage);
    public static readonly FileType Xpm = new("xpm", "image/x-xpixmap", FileCategory.UnsupportedImage);

    public static readonly FileType Polyglot = new("polyglot", "application/octet-stream", FileCategory.Polyglot);

    public static readonly FileType WindowsExecutable =
        new("exe", "application/vnd.microsoft.portable-executable", FileCategory.Executable);
    public static readonly FileType Elf = new("elf", "application/x-elf", FileCategory.Executable);
    public static readonly FileType MachO = new("macho", "application/x-mach-binary", FileCategory.Executable);
    public static readonly FileType JavaClass = new("class", "application/java-vm", FileCategory.Executable);
    public static readonly FileType Jar = new("jar", "application/java-archive", FileCategory.Executable);
    public static readonly FileType Apk = new("apk", "application/vnd.android.package-archive", FileCategory.Executable);
    public static readonly FileType Msi = new("msi", "application/x-msi", FileCategory.Executable);

    public static IReadOnlyList<FileType> All { get; } =
    [
        Jpeg,
        Png,
        Gif,
        Webp,
        Bmp,
        Icon,
        Tiff,
        Heic,
        Avif,
        Pdf,
        Rtf,
        Doc,
        Xls,
        Ppt,
        Docx,
        Xlsx,
        Pptx,
        Odt,
        Ods,
        Odp,
        Zip,
        SevenZip,
        Rar,
        Gzip,
        Tar,
        Bzip2,
        Xz,
        Mp3,
        Wav,
        Ogg,
        Flac,
        M4a,
        Aac,
        Midi,
        Mp4,
        QuickTime,
        WebM,
        Matroska,
        Avi,
        ThreeGpp,
        ThreeGpp2,
        PlainText,
        Csv,
        Markdown,
        Html,
        Svg,
        Xml,
        ShellScript,
        Php,
        MagickVectorGraphics,
        PostScript,
        MagickPseudoFile,
        Xbm,
        Xpm,
        Polyglot,
        WindowsExecutable,
        Elf,
        MachO,
        JavaClass,
        Jar,
        Apk,
        Msi,
    ];

    /// <summary>The Content-Type each storable extension is served with; text says its charset.</summary>
    public static IReadOnlyDictionary<string, string> ServedContentTypes { get; } = ContentTypesByExtension();

    private static Dictionary<string, string> ContentTypesByExtension()
    {
        var mappings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in All)
            mappings[type.Extension] = type.Category == FileCategory.Text ? type.MimeType + "; charset=utf-8" : type.MimeType;

        return mappings;
    }
}
