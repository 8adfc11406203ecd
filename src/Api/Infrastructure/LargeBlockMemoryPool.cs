using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Attachments.Api.Infrastructure;

/// <summary>
/// Kestrel's buffers in 64 KB blocks instead of its own 4 KB ones: a socket read fills at most one block, so a 20 MB
/// upload took about 10,000 reads and as many pipe flushes, which cost more CPU than hashing it
/// (docs/decisions/023-upload-cpu.md). An idle connection holds no block (Kestrel waits for data before renting).
/// </summary>
public sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        return new Block(ArrayPool<byte>.Shared.Rent(BlockSize));
    }

    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Block(byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => (_array ?? throw new ObjectDisposedException(nameof(Block))).AsMemory(0, BlockSize);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
                ArrayPool<byte>.Shared.Return(returned);
        }
    }

    public sealed class Factory : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
    }
}
