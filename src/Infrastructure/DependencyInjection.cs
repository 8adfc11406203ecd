using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Infrastructure.Data;
using Attachments.Infrastructure.Files;
using Attachments.Infrastructure.Health;
using Attachments.Infrastructure.Identity;
using Attachments.Infrastructure.Imaging;
using Attachments.Infrastructure.Jobs;
using Attachments.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Attachments.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructureServices(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Attachments");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("ConnectionStrings:Attachments is not set (environment variable ConnectionStrings__Attachments).");

        services.AddDbContext<AttachmentsDbContext>(options => ConfigureDbContext(options, connectionString));
        services.AddScoped<IApplicationDbContext>(provider => provider.GetRequiredService<AttachmentsDbContext>());
        services.AddScoped<DatabaseInitialiser>();

        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.SectionName));
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Root), "Storage:Root must name a folder.")
            .ValidateOnStart();
        services.AddOptions<UploadOptions>().Bind(configuration.GetSection(UploadOptions.SectionName))
            .Validate(o => o.MaxFileSizeBytes > 0, "Upload:MaxFileSizeBytes must be positive.")
            .ValidateOnStart();
        services.AddOptions<ImageOptions>().Bind(configuration.GetSection(ImageOptions.SectionName))
            .Validate(o => o.ThumbWidth > 0 && o.ThumbHeight > 0, "Images:ThumbWidth and ThumbHeight must be positive.")
            .Validate(o => o.MaxFrames > 0 && o.MaxPixels > 0 && o.MaxWidth > 0 && o.MaxHeight > 0, "Image limits must be positive.")
            .Validate(
                o => o.MaxTotalPixels > 0 && o.MaxQueuedJobs >= 0 && o.MaxConcurrentJobs >= 0 && o.QueueTimeout > TimeSpan.Zero,
                "Images:MaxTotalPixels and QueueTimeout must be positive; MaxQueuedJobs and MaxConcurrentJobs must not be negative.")
            .ValidateOnStart();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName));
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.SectionName))
            .Validate(o => o.MaxConcurrency >= 0 && o.KeepFinished >= 0 && o.LogEvery > 0, "Jobs:MaxConcurrency and KeepFinished must not be negative, LogEvery must be positive.")
            .Validate(
                o => o.BatchSize > 0 && o.BatchLease >= TimeSpan.FromSeconds(1) && o.PollInterval > TimeSpan.Zero && o.MaxAttempts > 0,
                "Jobs:BatchSize and MaxAttempts must be positive, BatchLease at least a second, PollInterval positive.")
            .ValidateOnStart();
        services.AddOptions<ScanOptions>().Bind(configuration.GetSection(ScanOptions.SectionName));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDatabaseFailures, DatabaseFailures>();
        services.AddSingleton(new AdvisoryLocks(connectionString));
        services.AddSingleton<DiskFileStorage>();
        services.AddSingleton<IFileStorage>(provider => provider.GetRequiredService<DiskFileStorage>());
        services.AddSingleton<StorageInitialiser>();
        services.AddSingleton<FaultPoints>();
        services.AddScoped<FileOperations>();
        services.AddScoped<IFileOperations>(provider => provider.GetRequiredService<FileOperations>());
        services.AddSingleton<StorageSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<StorageSweeper>());
        services.AddSingleton<DiskChunkStore>();
        services.AddSingleton<IChunkStore>(provider => provider.GetRequiredService<DiskChunkStore>());
        services.AddSingleton<ChunkSweeper>();
        services.AddSingleton<ImageWorkLimiter>();
        services.AddSingleton<IImageProcessor, MagickImageProcessor>();
        services.AddSingleton<ITokenService, JwtTokenService>();
        services.AddSingleton<IPasswordHasher, IdentityPasswordHasher>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthCheckTags.Ready])
            .AddCheck<StorageHealthCheck>("storage", tags: [HealthCheckTags.Ready]);
        services.AddScoped<JobStore>();
        services.AddSingleton<JobWorker>();
        services.AddSingleton<IBackgroundJobs>(provider => provider.GetRequiredService<JobWorker>());
        services.AddHostedService(provider => provider.GetRequiredService<JobWorker>());
        services.AddAttachmentsMetrics();

        return services;
    }

    public static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}
