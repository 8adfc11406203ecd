using System.IO.MemoryMappedFiles;

namespace Attachments.Infrastructure.Imaging;

/// <summary>
/// A file read through the page cache rather than copied onto the managed heap: a 20 MB PNG read with
/// File.ReadAllBytes for every upload is large-object garbage the server GC keeps long after (decision 022).
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;
    private readonly int _length;

    private MappedFile(MemoryMappedFile file, MemoryMappedViewAccessor view, int length)
    {
        _file = file;
        _view = view;
        _length = length;
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        _start = start + view.PointerOffset;
    }

    public ReadOnlySpan<byte> Span => new(_start, _length);

    /// <returns>The mapped file, or null when it is empty or over 2 GiB (no layout can be read from it).</returns>
    public static MappedFile? Open(string path)
    {
        var length = new FileInfo(path).Length;
        if (length is 0 or > int.MaxValue)
            return null;

        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, 0, MemoryMappedFileAccess.Read);
        try
        {
            return new MappedFile(file, file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read), (int)length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
