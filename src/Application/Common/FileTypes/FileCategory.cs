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
}
