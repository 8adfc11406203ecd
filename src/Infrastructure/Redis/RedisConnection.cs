using Attachments.Application.Common.Interfaces;
using Attachments.Infrastructure.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Attachments.Infrastructure.Redis;

/// <summary>
/// The Redis server named by <c>ConnectionStrings:Redis</c>, where the rate limits of the whole deployment are counted.
/// Redis only holds counters, so an instance starts without it, says so, and keeps trying in the background.
/// </summary>
public static class RedisConnection
{
    public const string ConnectionStringName = "Redis";

    private const string LogCategory = "Attachments.Infrastructure.Redis";

    public static IServiceCollection AddRedisConnection(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            return services;

        var options = Options(connectionString);
        services.AddSingleton<IConnectionMultiplexer>(provider =>
            Connect(options, provider.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory)));
        services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, [HealthCheckTags.Ready]);
        return services;
    }

    internal static ConfigurationOptions Options(string connectionString)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not a StackExchange.Redis configuration string: {e.Message}", e);
        }

        if (options.EndPoints.Count == 0)
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} names no Redis server, e.g. redis.internal:6379.");

        // Start, and keep reconnecting, while Redis is away; a command sent meanwhile fails at once (and the limit is
        // counted in this process) instead of queueing for asyncTimeout on every rate-limited request.
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName ??= "attachments";
        return options;
    }

    private static ConnectionMultiplexer Connect(ConfigurationOptions options, ILogger logger)
    {
        var endpoints = string.Join(", ", options.EndPoints.Select(EndPointCollection.ToString));
        var multiplexer = ConnectionMultiplexer.Connect(options);
        if (multiplexer.IsConnected)
        {
            logger.LogInformation("Rate limits are counted in Redis at {Endpoints}, shared by every instance", endpoints);
        }
        else
        {
            logger.LogWarning(
                "Redis at {Endpoints} (ConnectionStrings:{Name}) does not answer: until it does, each instance counts the rate limits on its own; retrying in the background",
                endpoints, ConnectionStringName);
        }

        return multiplexer;
    }
}
