using System.Buffers;
using System.IO.Pipelines;

namespace Attachments.Api.Uploads;

/// <summary>
/// The request body as a read-only stream whose reads wait until at least <paramref name="minimumRead"/> bytes are
/// buffered, or the body ends. Kestrel receives a few KB at a time; a reader woken for each piece spends more CPU
/// hopping between threads than on the bytes (docs/decisions/023-upload-cpu.md). The first read takes whatever has
/// arrived, so that the form's head is parsed, and its file's staging begun, as soon as it is there, however slow the
/// client.
/// </summary>
public sealed class BatchedBodyStream(PipeReader body, int minimumRead) : Stream
{
    private bool _started;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
            return 0;

        var result = await body.ReadAtLeastAsync(_started ? Math.Min(buffer.Length, minimumRead) : 1, cancellationToken);
        _started = true;
        var available = result.Buffer;
        var length = (int)Math.Min(available.Length, buffer.Length);
        available.Slice(0, length).CopyTo(buffer.Span);
        body.AdvanceTo(available.GetPosition(length));
        return length;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The request body is read asynchronously only.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
