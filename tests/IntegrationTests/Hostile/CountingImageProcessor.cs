using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.Delivery;

namespace Attachments.IntegrationTests.Hostile;

/// <summary>Calls that reached the image processor, the decoder's only front door.</summary>
internal sealed class DecoderCalls
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public void Increment() => Interlocked.Increment(ref _count);
}

/// <summary>Counts every call into the real image processor it wraps.</summary>
internal sealed class CountingImageProcessor(IImageProcessor inner, DecoderCalls calls) : IImageProcessor
{
    public Task<ProcessedImage> ProcessAsync(string sourcePath, string inputExtension, string outputExtension, CancellationToken cancellationToken)
    {
        calls.Increment();
        return inner.ProcessAsync(sourcePath, inputExtension, outputExtension, cancellationToken);
    }

    public Task<ProcessedImage> ProcessStoredAsync(string imagePath, string extension, CancellationToken cancellationToken)
    {
        calls.Increment();
        return inner.ProcessStoredAsync(imagePath, extension, cancellationToken);
    }

    public Task<(int Width, int Height)> MeasureAsync(string imagePath, string extension, CancellationToken cancellationToken)
    {
        calls.Increment();
        return inner.MeasureAsync(imagePath, extension, cancellationToken);
    }

    public Task<ImagePlaceholder> WriteThumbnailAsync(
        string imagePath, string extension, string thumbnailPath, FocalPoint focus, CancellationToken cancellationToken)
    {
        calls.Increment();
        return inner.WriteThumbnailAsync(imagePath, extension, thumbnailPath, focus, cancellationToken);
    }

    public Task RenderAsync(
        string imagePath, string extension, TransformPlan plan, string outputExtension, int quality, string outputPath, CancellationToken cancellationToken)
    {
        calls.Increment();
        return inner.RenderAsync(imagePath, extension, plan, outputExtension, quality, outputPath, cancellationToken);
    }

    public bool CanWrite(string extension) => inner.CanWrite(extension);
}
