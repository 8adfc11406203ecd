namespace Attachments.Infrastructure.Files;

/// <summary>Several streams read one after another as one forward-only stream, each opened only when its turn comes.</summary>
internal sealed class ConcatenatedStream(IReadOnlyList<Func<CancellationToken, Task<Stream>>> parts) : Stream
{
    private int _next;
    private Stream? _current;

    /// <summary>Files, read one after another.</summary>
    public static ConcatenatedStream OfFiles(IEnumerable<string> paths) =>
        new([.. paths.Select(path => (Func<CancellationToken, Task<Stream>>)(_ => Task.FromResult<Stream>(
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, FileOptions.Asynchronous | FileOptions.SequentialScan))))]);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_current is null)
            {
                if (_next == parts.Count)
                    return 0;

                _current = await parts[_next++](cancellationToken);
            }

            var read = await _current.ReadAsync(buffer, cancellationToken);
            if (read > 0)
                return read;

            await _current.DisposeAsync();
            _current = null;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _current?.Dispose();

        base.Dispose(disposing);
    }
}
