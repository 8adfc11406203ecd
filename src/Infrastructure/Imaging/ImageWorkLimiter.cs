using System.Globalization;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Imaging;

/// <summary>
/// Bounds how many images are decoded at once, so memory stays proportional to the core count. Uploads
/// wait for a slot in a bounded queue for a bounded time and are refused with 503 beyond either;
/// background jobs wait as long as it takes, since their own concurrency is already bounded
/// (Jobs:MaxConcurrency) and a busy service must not make them count files as failed.
/// </summary>
public sealed class ImageWorkLimiter : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly int _maxQueued;
    private readonly TimeSpan _queueTimeout;
    private int _queued;

    public ImageWorkLimiter(IOptions<ImageOptions> options)
    {
        var settings = options.Value;
        Slots = settings.MaxConcurrentJobs > 0 ? settings.MaxConcurrentJobs : Environment.ProcessorCount;
        _maxQueued = Math.Max(0, settings.MaxQueuedJobs);
        _queueTimeout = settings.QueueTimeout > TimeSpan.Zero ? settings.QueueTimeout : TimeSpan.Zero;
        _slots = new SemaphoreSlim(Slots);
    }

    public int Slots { get; }

    /// <summary>Uploads waiting for a slot right now (background work is not counted).</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>For background work: waits for a slot however long it takes (until cancelled).</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Slot(this);
    }

    /// <summary>For a request: takes a free slot, or waits in the bounded queue for at most Images:QueueTimeout.</summary>
    /// <exception cref="ServiceUnavailableException">The queue is full, or the wait timed out.</exception>
    public async Task<IDisposable> EnterOrRefuseAsync(CancellationToken cancellationToken)
    {
        if (_slots.Wait(0, CancellationToken.None))
            return new Slot(this);

        if (Interlocked.Increment(ref _queued) > _maxQueued)
        {
            Interlocked.Decrement(ref _queued);
            throw new ServiceUnavailableException(
                $"The server is busy processing images: all {Slots} processing slots are taken and {_maxQueued} uploads are already waiting. " +
                "Nothing was stored; send the file again in a few seconds.");
        }

        try
        {
            if (await _slots.WaitAsync(_queueTimeout, cancellationToken))
                return new Slot(this);
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }

        throw new ServiceUnavailableException(
            $"The server is busy processing images: this upload waited {_queueTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds " +
            "for a free processing slot. Nothing was stored; send the file again in a few seconds.");
    }

    public void Dispose() => _slots.Dispose();

    private void Release()
    {
        // The last image finished: hand the native memory its decoders freed back to the system (decision 022).
        if (_slots.Release() + 1 == Slots)
            GlibcHeap.Trim();
    }

    private sealed class Slot(ImageWorkLimiter limiter) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                limiter.Release();
        }
    }
}
