using Attachments.Application.Common.Models;
using Attachments.Application.Delivery;

namespace Attachments.Application.Common.Interfaces;

public interface IImageProcessor
{
    /// <summary>
    /// Checks the header against the pixel and frame limits, then decodes <paramref name="sourcePath"/> as <paramref name="inputExtension"/> (never guessed),
    /// auto-orients it, strips its metadata and writes it as <paramref name="outputExtension"/>
    /// together with its thumbnail, both to new temp files.
    /// </summary>
    /// <exception cref="Exceptions.UnprocessableContentException">Corrupt, or over a limit.</exception>
    /// <exception cref="Exceptions.ServiceUnavailableException">
    /// Every image slot is busy and the upload queue is full, or the wait exceeded <c>Images:QueueTimeout</c>.
    /// </exception>
    Task<ProcessedImage> ProcessAsync(
        string sourcePath, string inputExtension, string outputExtension, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="ProcessAsync"/> for an image already stored as <paramref name="extension"/>, written in the same
    /// format: what an upload of it would have stored. Background work: waits for an image slot however long it
    /// takes, outside the upload queue.
    /// </summary>
    /// <exception cref="Exceptions.UnprocessableContentException">Corrupt, or over a limit.</exception>
    Task<ProcessedImage> ProcessStoredAsync(string imagePath, string extension, CancellationToken cancellationToken);

    /// <summary>
    /// The size of a stored image as browsers show it (EXIF orientation applied), read from its header
    /// after checking the limits; nothing is decoded and the file is left as it is. Background work: waits for an
    /// image slot however long it takes, outside the upload queue.
    /// </summary>
    /// <param name="extension">The format the bytes are in, as the type detector names it (never guessed).</param>
    /// <exception cref="Exceptions.UnprocessableContentException">Corrupt, or over a limit.</exception>
    Task<(int Width, int Height)> MeasureAsync(string imagePath, string extension, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the thumbnail of an image already stored as <paramref name="extension"/> to
    /// <paramref name="thumbnailPath"/> (a temp file), in the same format, with the current thumbnail settings
    /// (a crop around <paramref name="focus"/>), and answers its placeholder.
    /// Background work: waits for an image slot however long it takes, outside the upload queue.
    /// </summary>
    /// <exception cref="Exceptions.UnprocessableContentException">Corrupt, or over a limit.</exception>
    Task<ImagePlaceholder> WriteThumbnailAsync(
        string imagePath, string extension, string thumbnailPath, FocalPoint focus, CancellationToken cancellationToken);

    /// <summary>
    /// Renders <paramref name="plan"/> of a stored image (its first frame) to <paramref name="outputPath"/> as
    /// <paramref name="outputExtension"/> (jpg, png, webp, avif). A request's work: it waits in the bounded queue.
    /// </summary>
    /// <exception cref="Exceptions.UnprocessableContentException">Corrupt, or over a limit.</exception>
    /// <exception cref="Exceptions.ServiceUnavailableException">Every image slot is busy and the queue is full, or the wait timed out.</exception>
    Task RenderAsync(
        string imagePath, string extension, TransformPlan plan, string outputExtension, int quality, string outputPath, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="extension"/> (avif, webp) can be written here; <c>fmt=auto</c> skips one that cannot.</summary>
    bool CanWrite(string extension);
}
