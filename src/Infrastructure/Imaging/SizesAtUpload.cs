using System.Threading.Channels;
using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Application.Delivery.Commands.MakeSizes;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Imaging;

/// <summary>
/// <c>Images:MakeSizesAtUpload</c>: uploaded images' named sizes, made one image at a time in the background. Best
/// effort by design: a size that is not made here (a full queue, a restart) is made on its first request instead.
/// </summary>
public sealed class SizesAtUpload(IServiceScopeFactory scopes, IOptions<ImageOptions> options, ILogger<SizesAtUpload> logger)
    : BackgroundService, ISizesAtUpload
{
    // The upload that asked commits after asking; its row is looked for again for this long.
    private static readonly TimeSpan[] WaitsForCommit = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    private readonly Channel<long> _waiting = Channel.CreateBounded<long>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    public void MakeLater(long attachmentId)
    {
        if (options.Value.MakeSizesAtUpload)
            _waiting.Writer.TryWrite(attachmentId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in _waiting.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await MakeAsync(id, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "The named sizes of attachment {Id} were not made at upload; they are made on their first request", id);
            }
        }
    }

    private async Task MakeAsync(long id, CancellationToken cancellationToken)
    {
        foreach (var wait in WaitsForCommit)
        {
            await Task.Delay(wait, cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                if (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new MakeSizesCommand(id), cancellationToken) > 0)
                    return;
            }
            catch (ServiceUnavailableException)
            {
                // Uploads and requests come first: the image queue is full, so try again a little later.
            }
        }
    }
}
