namespace Attachments.Api.Tus;

/// <summary>
/// A PATCH body that ends, instead of failing, when the client goes away (or sends too slowly), so the bytes that did
/// arrive are kept and the client resumes after them, as tus intends.
/// </summary>
public sealed class ReceivedBytesStream(Stream body) : Stream
{
    public bool Interrupted { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Interrupted)
            return 0;

        try
        {
            return await body.ReadAsync(buffer, cancellationToken);
        }
        // Kestrel's BadHttpRequestException (too slow, ended early) and a reset connection are IOExceptions; a request
        // the client aborted cancels the read.
        catch (Exception e) when (e is IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Interrupted = true;
            return 0;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
