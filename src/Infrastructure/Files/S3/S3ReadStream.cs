using Amazon.S3.Model;

namespace Attachments.Infrastructure.Files.S3;

/// <summary>
/// An object read as a seekable stream: each read after a seek starts one ranged GET from there to the end. Every
/// GET must match the ETag first seen, so a replace during the read fails it rather than mixing two versions.
/// </summary>
internal sealed class S3ReadStream(S3Bucket bucket, string key, long length, string etag) : Stream
{
    private GetObjectResponse? _response;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            if (value == _position)
                return;

            CloseBody();
            _position = value;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0)
            return 0;

        _response ??= await bucket.Client.GetObjectAsync(
            new GetObjectRequest { BucketName = bucket.Name, Key = key, ByteRange = new ByteRange(_position, length - 1), EtagToMatch = etag },
            cancellationToken);

        var read = await _response.ResponseStream.ReadAsync(buffer, cancellationToken);
        if (read == 0)
            throw new IOException($"The object {key} ended at {_position} of {length} bytes.");

        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            CloseBody();

        base.Dispose(disposing);
    }

    private void CloseBody()
    {
        _response?.Dispose();
        _response = null;
    }
}
