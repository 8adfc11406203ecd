using Attachments.Application.Common.Models;
using Attachments.Application.Common.Options;
using Attachments.Infrastructure.Imaging;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;

namespace Attachments.Bench.ImageKernel;

/// <summary>
/// One upload (<see cref="MagickImageProcessor.ProcessAsync"/>: stored file and thumbnail) and one rebuilt
/// thumbnail (<see cref="MagickImageProcessor.WriteThumbnailAsync"/>) per operation, on each input.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks : IDisposable
{
    private MagickImageProcessor _processor = null!;
    private BenchStorage _storage = null!;
    private ImageWorkLimiter _limiter = null!;

    [Params(BenchInputs.UprightCamera, BenchInputs.UprightLandscape, BenchInputs.RotatedLandscape, BenchInputs.Upright12Mp, BenchInputs.Rotated12Mp, BenchInputs.Png12Mp)]
    public string Input { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var options = Options.Create(new ImageOptions());
        MagickSecurityPolicy.Apply(options.Value);
        BenchInputs.Make();
        _storage = new BenchStorage(BenchInputs.Folder);
        _limiter = new ImageWorkLimiter(options);
        _processor = new MagickImageProcessor(_storage, options, _limiter);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _limiter.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "upload (file + thumbnail)")]
    public async Task<long> Upload()
    {
        var extension = BenchInputs.ExtensionOf(Input);
        var processed = await _processor.ProcessAsync(BenchInputs.PathOf(Input), extension, extension, CancellationToken.None);
        _storage.DeleteStaged(processed.ImagePath);
        _storage.DeleteStaged(processed.ThumbnailPath);
        return processed.Size;
    }

    [Benchmark(Description = "rebuild thumbnail")]
    public async Task RebuildThumbnail()
    {
        var thumbnail = _storage.NewStagedPath("thumb");
        await _processor.WriteThumbnailAsync(BenchInputs.PathOf(Input), BenchInputs.ExtensionOf(Input), thumbnail, FocalPoint.Centre, CancellationToken.None);
        _storage.DeleteStaged(thumbnail);
    }
}
