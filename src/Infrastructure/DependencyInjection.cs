using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Options;
using Attachments.Infrastructure.Data;
using Attachments.Infrastructure.DirectUploads;
using Attachments.Infrastructure.Files;
using Attachments.Infrastructure.Files.S3;
using Attachments.Infrastructure.Health;
using Attachments.Infrastructure.Identity;
using Attachments.Infrastructure.Imaging;
using Attachments.Infrastructure.Jobs;
using Attachments.Infrastructure.Observability;
using Attachments.Infrastructure.Redis;
using Attachments.Infrastructure.Startup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Attachments.Infrastructure;

public static class DependencyInjection
{
    private const long MaxS3CopyBytes = 5L * 1024 * 1024 * 1024;

    public static IServiceCollection AddInfrastructureServices(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Attachments");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("ConnectionStrings:Attachments is not set (environment variable ConnectionStrings__Attachments).");

        services.AddDbContext<AttachmentsDbContext>(options => ConfigureDbContext(options, connectionString));
        services.AddScoped<IApplicationDbContext>(provider => provider.GetRequiredService<AttachmentsDbContext>());
        services.AddScoped<DatabaseInitialiser>();
        services.AddScoped<SharedStartupWork>();

        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.SectionName));
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Root), "Storage:Root must name a folder.")
            .Validate(o => o.Provider != StorageProvider.S3 || !string.IsNullOrWhiteSpace(o.S3.Bucket), "Storage:S3:Bucket must name a bucket when Storage:Provider is S3.")
            .Validate(
                o => o.Provider != StorageProvider.S3 || string.IsNullOrEmpty(o.S3.AccessKey) == string.IsNullOrEmpty(o.S3.SecretKey),
                "Storage:S3:AccessKey and Storage:S3:SecretKey go together: set both, or neither for the SDK's default credentials.")
            .Validate(o => o.Serve != ServeMode.Redirect || o.Provider == StorageProvider.S3, "Storage:Serve=Redirect needs Storage:Provider=S3: a disk has no presigned URLs.")
            .Validate(o => o.S3.PartSize >= 5 * 1024 * 1024, "Storage:S3:PartSize must be at least 5 MiB, the smallest part S3 takes.")
            .ValidateOnStart();
        services.AddOptions<UploadOptions>().Bind(configuration.GetSection(UploadOptions.SectionName))
            .Validate(o => o.MaxFileSizeBytes > 0, "Upload:MaxFileSizeBytes must be positive.")
            .Validate(
                o => storage.Provider != StorageProvider.S3 || o.MaxFileSizeBytes <= MaxS3CopyBytes,
                "Upload:MaxFileSizeBytes may be at most 5 GiB with Storage:Provider S3: files are put in place with one server-side copy.")
            .ValidateOnStart();
        services.AddOptions<ImageOptions>().Bind(configuration.GetSection(ImageOptions.SectionName))
            .Validate(o => o.ThumbWidth > 0 && o.ThumbHeight > 0, "Images:ThumbWidth and ThumbHeight must be positive.")
            .Validate(o => o.MaxFrames > 0 && o.MaxPixels > 0 && o.MaxWidth > 0 && o.MaxHeight > 0, "Image limits must be positive.")
            .Validate(
                o => o.MaxTotalPixels > 0 && o.MaxQueuedJobs >= 0 && o.MaxConcurrentJobs >= 0 && o.QueueTimeout > TimeSpan.Zero,
                "Images:MaxTotalPixels and QueueTimeout must be positive; MaxQueuedJobs and MaxConcurrentJobs must not be negative.")
            .Validate(
                o => o.Sizes.Values.All(s => s.Width >= 0 && s.Height >= 0 && s.Width <= o.MaxWidth && s.Height <= o.MaxHeight) && o.MaxTransformPixels > 0,
                "Images:Sizes:<name>:Width and Height must be from 0 (no limit) to Images:MaxWidth and MaxHeight; Images:MaxTransformPixels must be positive.")
            .Validate(
                o => string.IsNullOrEmpty(o.TransformKey) || System.Text.Encoding.UTF8.GetByteCount(o.TransformKey) >= 32,
                "Images:TransformKey must be at least 32 bytes (openssl rand -base64 48), or empty to derive it from Auth:SigningKey.")
            .ValidateOnStart();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName));
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.SectionName))
            .Validate(o => o.MaxConcurrency >= 0 && o.KeepFinished >= 0 && o.LogEvery > 0, "Jobs:MaxConcurrency and KeepFinished must not be negative, LogEvery must be positive.")
            .Validate(
                o => o.BatchSize > 0 && o.BatchLease >= TimeSpan.FromSeconds(1) && o.PollInterval > TimeSpan.Zero && o.MaxAttempts > 0,
                "Jobs:BatchSize and MaxAttempts must be positive, BatchLease at least a second, PollInterval positive.")
            .ValidateOnStart();
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection(AttachmentOptions.SectionName))
            .Validate(o => o.TrashRetention >= TimeSpan.Zero, "Attachments:TrashRetention must not be negative (0 deletes at once, e.g. 30.00:00:00 keeps 30 days).")
            .Validate(o => o.TrashPurgeInterval > TimeSpan.Zero, "Attachments:TrashPurgeInterval must be positive.")
            .ValidateOnStart();
        services.AddOptions<ScanOptions>().Bind(configuration.GetSection(ScanOptions.SectionName));
        services.AddOptions<DirectUploadOptions>().Bind(configuration.GetSection(DirectUploadOptions.SectionName))
            // A bucket's presigned URL may live at most 7 days (SigV4), so no provider gets a lifetime it cannot sign.
            .Validate(o => o.UrlLifetime >= TimeSpan.FromSeconds(1) && o.UrlLifetime <= TimeSpan.FromDays(7),
                "DirectUploads:UrlLifetime must be from 1 second to 7 days.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero, "DirectUploads:SweepInterval must be positive.")
            .Validate(o => string.IsNullOrWhiteSpace(o.BaseUrl) || Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _),
                "DirectUploads:BaseUrl must be an absolute URL, e.g. https://files.example.com.")
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDatabaseFailures, DatabaseFailures>();
        services.AddSingleton(new AdvisoryLocks(connectionString));
        services.AddSingleton<IExclusiveLocks>(sp => sp.GetRequiredService<AdvisoryLocks>());
        AddStorageProvider(services, storage.Provider);
        services.AddSingleton<FaultPoints>();
        services.AddScoped<FileOperations>();
        services.AddScoped<IFileOperations>(provider => provider.GetRequiredService<FileOperations>());
        services.AddSingleton<StorageSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<StorageSweeper>());
        services.AddSingleton<TrashPurger>();
        services.AddHostedService(provider => provider.GetRequiredService<TrashPurger>());
        services.AddSingleton<DirectUploadSignatures>();
        services.AddSingleton<DirectUploadSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<DirectUploadSweeper>());
        services.AddSingleton<ImageWorkLimiter>();
        services.AddSingleton<IImageProcessor, MagickImageProcessor>();
        services.AddSingleton<SizesAtUpload>();
        services.AddSingleton<ISizesAtUpload>(provider => provider.GetRequiredService<SizesAtUpload>());
        services.AddHostedService(provider => provider.GetRequiredService<SizesAtUpload>());
        services.AddSingleton<IUrlSigner, HmacUrlSigner>();
        services.AddSingleton<ITokenService, JwtTokenService>();
        services.AddSingleton<IPasswordHasher, IdentityPasswordHasher>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthCheckTags.Ready])
            .AddCheck<StorageHealthCheck>("storage", tags: [HealthCheckTags.Ready]);
        services.AddScoped<JobStore>();
        services.AddSingleton<JobWorker>();
        services.AddSingleton<IBackgroundJobs>(provider => provider.GetRequiredService<JobWorker>());
        services.AddHostedService(provider => provider.GetRequiredService<JobWorker>());
        services.AddRedisConnection(configuration);
        services.AddAttachmentsMetrics();

        return services;
    }

    private static void AddStorageProvider(IServiceCollection services, StorageProvider provider)
    {
        if (provider == StorageProvider.S3)
        {
            services.AddSingleton<S3Bucket>();
            services.AddSingleton<IStoredFiles, S3FileStorage>();
            services.AddSingleton<IChunkParts, S3ChunkStore>();
            services.AddSingleton<IStoredFileLinks, S3FileLinks>();
            services.AddSingleton<IDirectUploadTarget, S3DirectUploadTarget>();
        }
        else
        {
            services.AddSingleton<IStoredFiles, DiskFileStorage>();
            services.AddSingleton<IChunkParts, DiskChunkStore>();
            // Scoped: its URLs are on the service, built from the request being answered.
            services.AddScoped<DiskDirectUploadTarget>();
            services.AddScoped<IDirectUploadTarget>(provider => provider.GetRequiredService<DiskDirectUploadTarget>());
            services.AddScoped<IDirectUploadReceiver>(provider => provider.GetRequiredService<DiskDirectUploadTarget>());
        }

        services.AddSingleton<IFileStorage>(provider => provider.GetRequiredService<IStoredFiles>());
        services.AddSingleton<IChunkStore>(provider => provider.GetRequiredService<IChunkParts>());
    }

    public static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}
