using Attachments.Application.Common.Interfaces;

namespace Attachments.Infrastructure.Files;

internal sealed class FileReplacement(string targetPath, string? backupPath) : IFileReplacement
{
    private bool _committed;

    public void Commit()
    {
        _committed = true;
        if (backupPath is not null && File.Exists(backupPath))
            File.Delete(backupPath);
    }

    public void Dispose()
    {
        if (_committed)
            return;

        if (backupPath is null)
            File.Delete(targetPath);
        else
            File.Move(backupPath, targetPath, overwrite: true);
    }
}
