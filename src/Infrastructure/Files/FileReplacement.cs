using Attachments.Application.Common.Interfaces;

namespace Attachments.Infrastructure.Files;

/// <param name="kept">Whether the previous content was copied to <paramref name="backupPath"/>; if not, undoing removes the file.</param>
internal sealed class FileReplacement(string targetPath, string? backupPath, bool kept) : IFileReplacement
{
    private bool _committed;

    public void Commit()
    {
        _committed = true;
        if (kept && File.Exists(backupPath))
            File.Delete(backupPath);
    }

    public void Dispose()
    {
        if (_committed)
            return;

        if (kept)
            File.Move(backupPath!, targetPath, overwrite: true);
        else
            File.Delete(targetPath);
    }
}
