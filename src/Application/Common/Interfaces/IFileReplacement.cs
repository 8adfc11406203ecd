namespace Attachments.Application.Common.Interfaces;

/// <summary>
/// A file swapped in place whose previous content is kept until <see cref="Commit"/>;
/// disposing without committing puts the previous content back.
/// </summary>
public interface IFileReplacement : IDisposable
{
    void Commit();
}
