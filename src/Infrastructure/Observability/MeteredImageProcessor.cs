using System.Diagnostics;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Attachments.Application.Delivery;

namespace Attachments.Infrastructure.Observability;

/// <summary>Times every call of the image processor it decorates into <c>attachments.image.processing.duration</c>.</summary>
public sealed class MeteredImageProcessor(IImageProcessor inner, AttachmentsMetrics metrics) : IImageProcessor
{
    public Task<ProcessedImage> ProcessAsync(string sourcePath, string inputExtension, string outputExtension, CancellationToken cancellationToken) =>
        TimeAsync("process", () => inner.ProcessAsync(sourcePath, inputExtension, outputExtension, cancellationToken));

    public Task<ProcessedImage> ProcessStoredAsync(string imagePath, string extension, CancellationToken cancellationToken) =>
        TimeAsync("process", () => inner.ProcessStoredAsync(imagePath, extension, cancellationToken));

    public Task<(int Width, int Height)> MeasureAsync(string imagePath, string extension, CancellationToken cancellationToken) =>
        TimeAsync("measure", () => inner.MeasureAsync(imagePath, extension, cancellationToken));

    public Task<ImagePlaceholder> WriteThumbnailAsync(
        string imagePath, string extension, string thumbnailPath, FocalPoint focus, CancellationToken cancellationToken) =>
        TimeAsync("thumbnail", () => inner.WriteThumbnailAsync(imagePath, extension, thumbnailPath, focus, cancellationToken));

    public Task RenderAsync(
        string imagePath, string extension, TransformPlan plan, string outputExtension, int quality, string outputPath, CancellationToken cancellationToken) =>
        TimeAsync("transform", async () =>
        {
            await inner.RenderAsync(imagePath, extension, plan, outputExtension, quality, outputPath, cancellationToken);
            return true;
        });

    public bool CanWrite(string extension) => inner.CanWrite(extension);

    private async Task<T> TimeAsync<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            var result = await call();
            succeeded = true;
            return result;
        }
        finally
        {
            metrics.ImageProcessed(operation, succeeded, Stopwatch.GetElapsedTime(started));
        }
    }
}
