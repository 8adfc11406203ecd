using System.Diagnostics;
using Attachments.Application.Common.Options;
using Attachments.Infrastructure.Imaging;
using Microsoft.Extensions.Options;

namespace Attachments.Bench.ImageKernel;

/// <summary><c>cpu FILE [N]</c>: the process's CPU per upload kernel call on one file (what bench/run.sh compares with convert).</summary>
internal static class KernelCpu
{
    public static async Task RunAsync(string path, int count)
    {
        var options = Options.Create(new ImageOptions());
        MagickSecurityPolicy.Apply(options.Value);
        var folder = Path.Combine(Path.GetTempPath(), "kernel-cpu");
        Directory.CreateDirectory(folder);
        var storage = new BenchStorage(folder);
        using var limiter = new ImageWorkLimiter(options);
        var processor = new MagickImageProcessor(storage, options, limiter);
        var extension = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();

        for (var round = 0; round < 2; round++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var processed = await processor.ProcessAsync(path, extension, extension, CancellationToken.None);
                storage.DeleteStaged(processed.ImagePath);
                storage.DeleteStaged(processed.ThumbnailPath);
            }

            var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / count;
            Console.WriteLine($"{(round == 0 ? "cold" : "warm")}: {used * 1000:0.0} ms CPU, {clock.Elapsed.TotalMilliseconds / count:0.0} ms wall per call ({Path.GetFileName(path)})");
        }
    }
}
