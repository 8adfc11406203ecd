using System.Security.Cryptography;
using System.Text.Json;

namespace Attachments.Bench.Http;

/// <summary>The tools the service is compared with, each doing the same work as the service on the same input.</summary>
public sealed class Baselines(string repo, string workDirectory)
{
    // /usr/local/bin may hold a stand-in named convert; Debian's ImageMagick is /usr/bin/convert.
    public const string Convert = "/usr/bin/convert";
    public const string VipsThumbnail = "/usr/bin/vipsthumbnail";

    /// <summary>CPU seconds of <c>convert in -auto-orient -strip -quality 85 -write out -thumbnail 250x250&gt; thumb</c>, median of repeats.</summary>
    public async Task<double> ConvertCpuAsync(string input, int repeats)
    {
        var extension = string.Equals(Path.GetExtension(input), ".png", StringComparison.OrdinalIgnoreCase) ? ".png" : ".jpg";
        var output = Path.Combine(workDirectory, "convert-out" + extension);
        var thumbnail = Path.Combine(workDirectory, "convert-thumb" + extension);
        var samples = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            samples.Add(await Shell.CpuOfAsync(Convert,
                [input, "-auto-orient", "-strip", "-quality", "85", "-write", output, "-thumbnail", "250x250>", thumbnail]));
        }

        return Stats.Median(samples);
    }

    /// <summary>
    /// Debian's <c>jpegtran -copy none -perfect</c> turning a JPEG upright by its EXIF orientation (2–8), written to a file;
    /// null when the turn cannot be lossless (an edge that is not whole MCUs).
    /// </summary>
    public async Task<string?> JpegtranPerfectAsync(string input, int orientation)
    {
        string[] turn = orientation switch
        {
            2 => ["-flip", "horizontal"],
            3 => ["-rotate", "180"],
            4 => ["-flip", "vertical"],
            5 => ["-transpose"],
            6 => ["-rotate", "90"],
            7 => ["-transverse"],
            8 => ["-rotate", "270"],
            _ => [],
        };
        if (turn.Length == 0)
            return null;

        var output = Path.Combine(workDirectory, "jpegtran-" + Path.GetFileName(input));
        try
        {
            await Shell.RunAsync("jpegtran", ["-copy", "none", "-perfect", .. turn, "-outfile", output, input]);
            return output;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds of one <c>vipsthumbnail --size 250x250</c> run over all the files (JPEG and PNG outputs as the inputs).</summary>
    public async Task<double> VipsThumbnailCpuAsync(IReadOnlyCollection<string> files)
    {
        var output = Path.Combine(workDirectory, "vips");
        Directory.CreateDirectory(output);
        double cpu = 0;
        foreach (var group in files.GroupBy(f => string.Equals(Path.GetExtension(f), ".png", StringComparison.OrdinalIgnoreCase) ? "png" : "jpg[Q=85]"))
            cpu += await Shell.CpuOfAsync(VipsThumbnail, ["--size", "250x250", "-o", Path.Combine(output, "tn_%s." + group.Key), .. group]);
        return cpu;
    }

    public const string Vips = "/usr/bin/vips";

    /// <summary>CPU seconds of <c>vips thumbnail in out.webp[Q=q] width</c> (fit inside that width), median of repeats.</summary>
    public async Task<double> VipsWebpCpuAsync(string input, int width, int quality, int repeats)
    {
        var output = Path.Combine(workDirectory, $"vips-{width}.webp[Q={quality}]");
        var samples = new List<double>();
        for (var i = 0; i < repeats; i++)
            samples.Add(await Shell.CpuOfAsync(Vips, ["thumbnail", input, output, width.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        return Stats.Median(samples);
    }

    /// <summary>sharp in one warm Node.js process: CPU and wall seconds per file (medians).</summary>
    public async Task<IReadOnlyDictionary<string, (double Cpu, double Wall)>> SharpAsync(IEnumerable<string> files, int repeats)
    {
        var output = Path.Combine(workDirectory, "sharp");
        Directory.CreateDirectory(output);
        var lines = await Shell.RunAsync("node", [Path.Combine(repo, "bench", "sharp", "work.mjs"), repeats.ToString(System.Globalization.CultureInfo.InvariantCulture), output, .. files]);
        return lines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("file").GetString()!, e => (e.GetProperty("cpu_s").GetDouble(), e.GetProperty("wall_s").GetDouble()));
    }

    /// <summary>CPU seconds of hashing a file's bytes with MD5 in this process, streamed from the page cache (median).</summary>
    public static double Md5Cpu(string path, int repeats)
    {
        var buffer = new byte[1 << 20];
        var samples = new List<double>();
        for (var i = 0; i < repeats + 1; i++)
        {
            var before = ProcessStats.OwnCpuSeconds();
            using (var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            {
                int read;
                while ((read = file.Read(buffer)) > 0)
                    md5.AppendData(buffer, 0, read);
                md5.GetHashAndReset();
            }

            if (i > 0)
                samples.Add(ProcessStats.OwnCpuSeconds() - before);
        }

        return Stats.Median(samples);
    }
}
