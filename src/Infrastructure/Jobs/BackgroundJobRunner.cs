using Attachments.Application.Common.Interfaces;
using Attachments.Application.Jobs.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Jobs;

/// <summary>
/// Runs jobs on the thread pool, at most one of each kind at a time, and keeps their statuses in
/// memory. Stopping the host cancels the jobs and waits for them to wind down.
/// </summary>
public sealed class BackgroundJobRunner(
    IServiceScopeFactory scopes, IOptions<JobOptions> options, TimeProvider time, ILogger<BackgroundJobRunner> logger)
    : IBackgroundJobs, IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly List<JobRun> _jobs = [];
    private bool _disposed;

    public JobDto Start<TJob>(string kind)
        where TJob : class, IBackgroundJob
    {
        lock (_lock)
        {
            var running = _jobs.FirstOrDefault(j => j.Kind == kind && j.IsRunning);
            if (running is not null)
                return running.ToDto();

            var run = new JobRun(Guid.NewGuid().ToString("N"), kind, time.GetUtcNow(), scopes, options.Value, logger);
            var started = run.ToDto();
            _jobs.Add(run);

            // Without this the job would inherit the request's HttpContext (an AsyncLocal) and reach it after the request ended.
            using (ExecutionContext.SuppressFlow())
                run.Completion = Task.Run(() => RunAsync<TJob>(run));

            ForgetOldJobs();
            return started;
        }
    }

    public JobDto? Find(string id)
    {
        lock (_lock)
            return _jobs.FirstOrDefault(j => j.Id == id)?.ToDto();
    }

    public IReadOnlyList<JobDto> Recent()
    {
        lock (_lock)
            return _jobs.AsEnumerable().Reverse().Select(j => j.ToDto()).ToList();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A test host may be disposed before it is stopped; then there is nothing left to stop.
        if (Volatile.Read(ref _disposed))
            return;

        try
        {
            await _stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        Task[] running;
        lock (_lock)
            running = [.. _jobs.Select(j => j.Completion)];

        try
        {
            await Task.WhenAll(running).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown did not wait for {Count} background jobs to stop", running.Count(t => !t.IsCompleted));
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        _stopping.Dispose();
    }

    private async Task RunAsync<TJob>(JobRun run)
        where TJob : class, IBackgroundJob
    {
        logger.LogInformation("Job {JobId} ({Kind}) started", run.Id, run.Kind);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var job = ActivatorUtilities.CreateInstance<TJob>(scope.ServiceProvider);
            await job.RunAsync(run, _stopping.Token);
            run.Finish(JobStates.Completed, time.GetUtcNow());
            logger.LogInformation("Job {JobId} ({Kind}) completed: {Summary}", run.Id, run.Kind, run.Summary());
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            run.Finish(JobStates.Failed, time.GetUtcNow(), "The service shut down before the job ended; start it again.");
            logger.LogWarning("Job {JobId} ({Kind}) cancelled by shutdown: {Summary}", run.Id, run.Kind, run.Summary());
        }
        catch (Exception e)
        {
            run.Finish(JobStates.Failed, time.GetUtcNow(), "The job stopped: " + JobRun.Describe(e));
            logger.LogError(e, "Job {JobId} ({Kind}) failed: {Summary}", run.Id, run.Kind, run.Summary());
        }
    }

    private void ForgetOldJobs()
    {
        var finished = _jobs.Where(j => !j.IsRunning).ToList();
        foreach (var job in finished.Take(finished.Count - options.Value.KeepFinished))
            _jobs.Remove(job);
    }
}
