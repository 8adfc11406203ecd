using Attachments.Application.Common.Models;

namespace Attachments.Application.Common.Interfaces;

public interface IImageProcessor
{
    /// <summary>
    /// Checks the header against the pixel and frame limits, then decodes <paramref name="sourcePath"/> as <paramref name="inputExtension"/> (never guessed),
    /// auto-orients it, strips its metadata and writes it as <paramref name="outputExtension"/>
    /// together with its thumbnail, both to new temp files.
    /// </summary>
    /// <exception cref="Exceptions.UnprocessableContentException">Corrupt, or over a limit.</exception>
    Task<ProcessedImage> ProcessAsync(
        string sourcePath, string inputExtension, string outputExtension, CancellationToken cancellationToken);
}
