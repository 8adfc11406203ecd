namespace Attachments.Application.Common.FileTypes;

public enum FileCategory
{
    Image,
    Document,
    Archive,
    Audio,
    Video,
    Text,

    /// <summary>Native executables and installers (PE, ELF, Mach-O, MSI, Java class/JAR).</summary>
    Executable,

    /// <summary>Shebang scripts, PHP, batch and similar text meant to run.</summary>
    Script,

    /// <summary>HTML, SVG and XML documents a browser could render as active content.</summary>
    Markup,

    /// <summary>Image formats the service never decodes: XBM and XPM are C source that only ImageMagick's legacy coders read.</summary>
    UnsupportedImage,

    /// <summary>Bytes that are two formats at once, such as an image that is also a JAR or whose header opens a script comment.</summary>
    Polyglot,
}
