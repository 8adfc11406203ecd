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
        foreach (var level in new[] { 1, 3, 6 })
        {
            foreach (var filter in new PngCompressionFilter?[] { PngCompressionFilter.None, PngCompressionFilter.Sub, PngCompressionFilter.Up, PngCompressionFilter.Paeth, null })
            {
                var defines = new PngWriteDefines { CompressionLevel = (uint)level, CompressionFilter = filter };
                if (filter is null)
                    defines.CompressionStrategy = PngCompressionStrategy.Adaptive;
                Row(image, $"{level} | {(filter?.ToString() ?? "adaptive")}", defines);
            }
        }
    }

    private static void Row(MagickImage image, string label, PngWriteDefines? defines)
    {
        using var copy = (MagickImage)image.Clone();
        copy.Format = MagickFormat.Png;
        if (defines is not null)
            copy.Settings.SetDefines(defines);

        var stopwatch = Stopwatch.StartNew();
        using var output = new MemoryStream();
        copy.Write(output);
        Console.WriteLine($"| {label} | {stopwatch.Elapsed.TotalSeconds:F2} | {output.Length / 1048576.0:F1} |");
    }
}
