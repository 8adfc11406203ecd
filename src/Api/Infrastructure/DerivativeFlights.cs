using System.Collections.Concurrent;
using Attachments.Application.Delivery.Commands.MakeDerivative;
using Attachments.Domain.Entities;
using MediatR;

namespace Attachments.Api.Infrastructure;

/// <summary>
/// One rendering per derivative in this instance: the requests that ask while it is being made await it rather than
/// make it again. It runs in its own scope, to the end, whoever of them goes away first.
/// </summary>
public sealed class DerivativeFlights(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<AttachmentDerivative>>> _inFlight = new(StringComparer.Ordinal);

    public Task<AttachmentDerivative> MakeAsync(MakeDerivativeCommand command)
    {
        var name = command.FileMd5 + "/" + command.Key;
        var flight = _inFlight.GetOrAdd(name, _ => new Lazy<Task<AttachmentDerivative>>(() => RunAsync(name, command)));
        return flight.Value;
    }

    private async Task<AttachmentDerivative> RunAsync(string name, MakeDerivativeCommand command)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, CancellationToken.None);
        }
        finally
        {
            _inFlight.TryRemove(name, out _);
        }
    }
}
