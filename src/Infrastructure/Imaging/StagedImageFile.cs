using System.Runtime.ExceptionServices;
using ImageMagick;

namespace Attachments.Infrastructure.Imaging;

/// <summary>
/// Writes an encoder's output straight to a file, so the encoded image is never held in memory. ImageMagick
/// reports a failed write as a blob error without its cause, and some coders not at all; the first
/// <see cref="IOException"/> the file threw (ENOSPC above all, answered 507) is thrown again in its place.
/// </summary>
internal static class StagedImageFile
{
    public static void Write(string path, Action<Stream> encode)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        var recording = new FailureRecordingStream(file);
        try
        {
            encode(recording);
        }
        catch (MagickException) when (recording.Failure is not null)
        {
        }

        recording.Failure?.Throw();
        file.Flush(flushToDisk: false);
    }

    private sealed class FailureRecordingStream(FileStream file) : Stream
    {
        public ExceptionDispatchInfo? Failure { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => file.CanSeek;

        public override bool CanWrite => true;

        public override long Length => file.Length;

        public override long Position
        {
            get => file.Position;
            set => file.Position = value;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try
            {
                file.Write(buffer);
            }
            catch (IOException e)
            {
                Failure ??= ExceptionDispatchInfo.Capture(e);
                throw;
            }
        }

        public override void Flush()
        {
            try
            {
                file.Flush();
            }
            catch (IOException e)
            {
                Failure ??= ExceptionDispatchInfo.Capture(e);
                throw;
            }
        }

        public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void SetLength(long value) => file.SetLength(value);
    }
}
