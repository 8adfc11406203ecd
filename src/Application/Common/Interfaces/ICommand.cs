using MediatR;

namespace Attachments.Application.Common.Interfaces;

/// <summary>
/// A request that writes: it runs in one transaction, and the file operations it records are applied once that
/// commits (<see cref="Behaviours.TransactionBehaviour{TRequest, TResponse}"/>).
/// </summary>
public interface ICommand<out TResponse> : IRequest<TResponse>;
