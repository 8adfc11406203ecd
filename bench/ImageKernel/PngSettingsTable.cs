using System.Diagnostics;
using Attachments.Application.Common.Options;
using Attachments.Infrastructure.Imaging;
using ImageMagick;
using ImageMagick.Formats;

namespace Attachments.Bench.ImageKernel;

/// <summary>
/// Encoding time and size of the 12 MP PNG for zlib levels and row filters, the measurement behind the PNG
/// settings in decision 022: <c>dotnet run -c Release --project bench/ImageKernel -- png-settings</c>.
/// </summary>
internal static class PngSettingsTable
{
    public static void Print()
    {
        MagickSecurityPolicy.Apply(new ImageOptions());
        BenchInputs.Make();
        using var image = new MagickImage(BenchInputs.PathOf(BenchInputs.Png12Mp));
        Console.WriteLine("| zlib level | filter | encode s | MiB |");
        Console.WriteLine("|---|---|---|---|");
        Row(image, "ImageMagick default (quality 75)", null);
        foreach (var (level, filter) in new (uint, PngCompressionFilter?)[]
                 { (0, PngCompressionFilter.None), (1, PngCompressionFilter.None), (2, PngCompressionFilter.None), (4, PngCompressionFilter.None), (6, PngCompressionFilter.None), (1, null), (6, null) })
        {
            // No filter given: libpng's adaptive choice per row, as ImageMagick's default does.
            var defines = new PngWriteDefines { CompressionLevel = level, CompressionFilter = filter };
            Row(image, $"{level} | {filter?.ToString() ?? "adaptive"}", defines);
        }

        foreach (var level in new uint[] { 0, 1, 6 })
            Row(image, $"{level} | adaptive, PNG24 (no colour analysis)", new PngWriteDefines { CompressionLevel = level }, MagickFormat.Png24);
    }

    private static void Row(MagickImage image, string label, PngWriteDefines? defines, MagickFormat format = MagickFormat.Png)
    {
        using var copy = (MagickImage)image.Clone();
        copy.Format = format;
        if (defines is not null)
            copy.Settings.SetDefines(defines);

        var stopwatch = Stopwatch.StartNew();
        using var output = new MemoryStream();
        copy.Write(output);
        Console.WriteLine($"| {label} | {stopwatch.Elapsed.TotalSeconds:F2} | {output.Length / 1048576.0:F1} |");
    }
}
