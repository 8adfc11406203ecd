using Attachments.Application.Common.Interfaces;

namespace Attachments.Application.Attachments.Commands.UploadAttachment;

/// <summary>Files moved into place for a row that is not committed yet; removed again unless kept.</summary>
internal sealed class PlacedFiles(IFileStorage storage) : IDisposable
{
    private readonly List<string> _locations = [];
    private bool _kept;

    public void Place(string? tempPath, string? location)
    {
        if (tempPath is null || location is null)
            return;

        storage.Place(tempPath, location);
        _locations.Add(location);
    }

    public void Keep() => _kept = true;

    public void Dispose()
    {
        if (_kept)
            return;

        foreach (var location in _locations)
            storage.Delete(location);
    }
}
