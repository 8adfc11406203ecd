namespace Attachments.Application.Common.Models;

/// <summary>A stored file readable at <see cref="Path"/>; disposing deletes the copy when it is one.</summary>
public sealed class LocalCopy(string path, Action? delete = null) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose() => delete?.Invoke();
}
