using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Jobs.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Attachments.Infrastructure.Jobs;

/// <summary>One job's progress, and the context its work runs in.</summary>
internal sealed class JobRun(
    string id, string kind, DateTimeOffset startedAt, IServiceScopeFactory scopes, JobOptions options, ILogger logger)
    : IJobContext
{
    private const int MaxErrors = 10;

    private readonly long[] _counters = new long[Enum.GetValues<JobCounter>().Length];
    private readonly List<string> _errors = [];
    private readonly Lock _lock = new();
    private long _total;
    private long _processed;
    private long _failed;
    private string _state = JobStates.Running;
    private DateTimeOffset? _finishedAt;

    public string Id { get; } = id;

    public string Kind { get; } = kind;

    public Task Completion { get; set; } = Task.CompletedTask;

    public bool IsRunning
    {
        get
        {
            lock (_lock)
                return _state == JobStates.Running;
        }
    }

    public async Task ForEachAsync<T>(
        IReadOnlyCollection<T> items, Func<T, string> describe, Func<T, CancellationToken, Task> unit, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _total, items.Count);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.EffectiveMaxConcurrency,
            CancellationToken = cancellationToken,
        };

        await Parallel.ForEachAsync(items, parallel, async (item, token) =>
        {
            try
            {
                await unit(item, token);
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                Fail(describe(item), e);
            }

            var processed = Interlocked.Increment(ref _processed);
            if (processed % options.LogEvery == 0)
            {
                logger.LogInformation(
                    "Job {JobId} ({Kind}): {Processed}/{Total} processed, {Failed} failed",
                    Id, Kind, processed, Interlocked.Read(ref _total), Interlocked.Read(ref _failed));
            }
        });
    }

    public async Task<TResult> SendAsync<TResult>(IRequest<TResult> request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, cancellationToken);
    }

    public void Count(JobCounter counter, int amount = 1) => Interlocked.Add(ref _counters[(int)counter], amount);

    public void Finish(string state, DateTimeOffset finishedAt, string? error = null)
    {
        lock (_lock)
        {
            _state = state;
            _finishedAt = finishedAt;
            if (error is not null)
                _errors.Insert(0, error);
        }
    }

    public JobDto ToDto()
    {
        lock (_lock)
        {
            return new JobDto
            {
                Id = Id,
                Kind = Kind,
                State = _state,
                StartedAt = startedAt.ToUnixTimeSeconds(),
                FinishedAt = _finishedAt?.ToUnixTimeSeconds(),
                Total = Interlocked.Read(ref _total),
                Processed = Interlocked.Read(ref _processed),
                Indexed = Counted(JobCounter.Indexed),
                ThumbnailsBuilt = Counted(JobCounter.ThumbnailsBuilt),
                Skipped = Counted(JobCounter.Skipped),
                Duplicates = Counted(JobCounter.Duplicates),
                Ignored = Counted(JobCounter.Ignored),
                AlreadyIndexed = Counted(JobCounter.AlreadyIndexed),
                ImagesProcessed = Counted(JobCounter.ImagesProcessed),
                Failed = Interlocked.Read(ref _failed),
                Errors = [.. _errors],
            };
        }
    }

    public string Summary()
    {
        var job = ToDto();
        return $"{job.Processed}/{job.Total} processed, {job.Indexed} indexed, {job.ImagesProcessed} images processed, " +
            $"{job.ThumbnailsBuilt} thumbnails built, {job.Skipped} skipped, {job.Duplicates} duplicates, {job.Ignored} ignored, " +
            $"{job.AlreadyIndexed} already indexed, {job.Failed} failed";
    }

    /// <summary>What an admin may read about a failure: our own messages, not paths or driver details.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        NotFoundException or ValidationException or UnsupportedMediaTypeException or UnprocessableContentException
            or ConflictException => exception.Message,
        IOException or UnauthorizedAccessException => "the file could not be read or written (see the log)",
        DbUpdateException => "the database refused the row (see the log)",
        _ => "unexpected error (see the log)",
    };

    private long Counted(JobCounter counter) => Interlocked.Read(ref _counters[(int)counter]);

    private void Fail(string item, Exception exception)
    {
        Interlocked.Increment(ref _failed);
        logger.LogWarning(exception, "Job {JobId} ({Kind}): {Item} failed", Id, Kind, item);
        lock (_lock)
        {
            if (_errors.Count < MaxErrors)
                _errors.Add($"{item}: {Describe(exception)}");
        }
    }
}
