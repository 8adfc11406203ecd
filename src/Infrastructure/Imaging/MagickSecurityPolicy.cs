using System.Text;
using Attachments.Application.Common.Options;
using ImageMagick;
using ImageMagick.Configuration;

namespace Attachments.Infrastructure.Imaging;

/// <summary>
/// ImageMagick may only read and write the formats the service stores: no vector scripts (MVG, MSL,
/// SVG), no TEXT/@file reads, no URLs, no PostScript/PDF delegates. The policy must be in place
/// before ImageMagick is first used, and applies to the whole process.
/// </summary>
public static class MagickSecurityPolicy
{
    /// <summary>
    /// Coder names (several per format: PNG8, BMP3, …); XC is the plain-colour canvas padding uses and
    /// GRAY raw pixels (no header, nothing to parse) that picture comparisons use.
    /// </summary>
    public const string AllowedCoders =
        "{JPEG,JPG,JPE,PNG,PNG8,PNG24,PNG32,PNG48,PNG64,PNG00,GIF,GIF87,WEBP,BMP,BMP2,BMP3,ICO,ICON,TIFF,TIF,TIFF64,PTIF,HEIC,HEIF,AVIF,XC,GRAY}";

    private static readonly Lock Gate = new();
    private static bool _applied;

    private static readonly string Policy = $"""
        <policymap>
          <policy domain="delegate" rights="none" pattern="*" />
          <policy domain="path" rights="none" pattern="@*" />
          <policy domain="coder" rights="none" pattern="*" />
          <policy domain="coder" rights="read|write" pattern="{AllowedCoders}" />
          <policy domain="module" rights="none" pattern="{"{"}MSL,MVG,SVG,TEXT,URL,PS,PDF,EPS,XPS,EPHEMERAL,SHOW,WIN,X,LABEL,CAPTION{"}"}" />
        </policymap>
        """;

    /// <summary>Installs the policy and the process-wide resource limits; later calls change nothing.</summary>
    public static void Apply(ImageOptions options)
    {
        lock (Gate)
        {
            if (_applied)
                return;

            GlibcHeap.Configure();
            var configuration = ConfigurationFiles.Default;
            configuration.Policy.Data = Policy;
            MagickNET.Initialize(configuration);

            // Width, height and pixel count are refused from the header first (MagickImageProcessor.CheckHeader),
            // with a clearer message; these bound what a decode may consume however it got there.
            ResourceLimits.ListLength = (ulong)options.MaxFrames + 1;
            ResourceLimits.Memory = (ulong)options.MaxMemoryBytes;
            ResourceLimits.Disk = (ulong)options.MaxDiskBytes;
            _applied = true;
        }
    }

    /// <summary>Start-up self-test: forbidden coders must refuse and an allowed one must work.</summary>
    /// <exception cref="InvalidOperationException">The policy is not in force (ImageMagick was used before it was applied).</exception>
    public static void Verify()
    {
        var forbidden = new (string Name, byte[] Content, MagickFormat Format)[]
        {
            ("MVG", Encoding.ASCII.GetBytes("viewbox 0 0 1 1 fill red rectangle 0 0 1 1"), MagickFormat.Mvg),
            ("SVG", Encoding.ASCII.GetBytes("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>"), MagickFormat.Svg),
            ("TEXT", Encoding.ASCII.GetBytes("hello"), MagickFormat.Text),
            ("MSL", Encoding.ASCII.GetBytes("<?xml version='1.0'?><image><read filename='xc:red'/></image>"), MagickFormat.Msl),
        };

        foreach (var (name, content, format) in forbidden)
        {
            try
            {
                using var image = new MagickImage(content, new MagickReadSettings { Format = format });
            }
            catch (MagickException)
            {
                continue;
            }

            throw new InvalidOperationException(
                $"The ImageMagick security policy is not in force: a {name} read succeeded. It must be applied before ImageMagick is first used.");
        }

        using var canvas = new MagickImage(MagickColors.White, 1, 1) { Format = MagickFormat.Png };
        using var decoded = new MagickImage(canvas.ToByteArray(), new MagickReadSettings { Format = MagickFormat.Png });
    }
}
