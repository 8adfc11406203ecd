using Attachments.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Imaging;

/// <summary>Bounds how many images are decoded at once, so memory stays proportional to the core count.</summary>
public sealed class ImageWorkLimiter(IOptions<ImageOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(
        options.Value.MaxConcurrentJobs > 0 ? options.Value.MaxConcurrentJobs : Environment.ProcessorCount);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                slots.Release();
        }
    }
}
