using Attachments.Application.Common.Interfaces;
using Attachments.Domain.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Attachments.Application.Common.Behaviours;

/// <summary>
/// Runs each command in one transaction and, once it has committed, applies the file operations it recorded, so
/// that the response leaves only after the files are in place (docs/decisions/016-roll-forward-file-operations.md).
/// A command sent by another command joins its transaction.
/// </summary>
public sealed class TransactionBehaviour<TRequest, TResponse>(IApplicationDbContext db, IFileOperations files)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommand<TResponse> || db.HasActiveTransaction)
            return await next();

        List<PendingFileOperation> operations;
        TResponse response;
        await using (await db.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                response = await next();
                operations = [.. db.PendingFileOperations.Local];
                await files.PersistStagedAsync(operations, cancellationToken);
            }
            catch
            {
                await files.DiscardStagedAsync([.. db.PendingFileOperations.Local]);
                throw;
            }

            // Not cancellable: a client going away must not leave a commit's outcome unknown. Should the commit fail
            // with its outcome unknown all the same, the staged files stay: a committed operation needs them, and
            // the staging sweeper removes them by age otherwise.
            await db.CommitTransactionAsync(CancellationToken.None);
        }

        if (operations.Count != 0)
        {
            await files.ApplyAsync(operations, CancellationToken.None);
            foreach (var operation in operations)
                db.PendingFileOperations.Entry(operation).State = EntityState.Detached;
        }

        return response;
    }
}
