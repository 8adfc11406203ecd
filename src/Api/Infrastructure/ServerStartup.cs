using Microsoft.AspNetCore.Connections;

namespace Attachments.Api.Infrastructure;

/// <summary>Starting to listen: an address that is taken is one line that says what to do, not the host's stack trace.</summary>
public static class ServerStartup
{
    public const int AddressInUseExitCode = 2;

    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private static volatile bool s_listening;

    /// <summary>
    /// Until the server listens, the host's own error lines are left out: for a busy port they are a stack trace and
    /// the cancellation of background services that never ran, and <see cref="RunAsync"/> says what happened instead.
    /// Any other start-up failure still ends the process with its exception. (A rule with a filter replaces the
    /// configured level for its category, hence the Information floor: the host only logs its life cycle there.)
    /// </summary>
    public static ILoggingBuilder QuietHostErrorsUntilListening(this ILoggingBuilder logging) =>
        logging.AddFilter(HostCategory, level => level >= LogLevel.Information && (s_listening || level < LogLevel.Error));

    public static async Task<int> RunAsync(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => s_listening = true);
        await using (app)
        {
            try
            {
                await app.StartAsync();
            }
            catch (IOException e) when (e.InnerException is AddressInUseException)
            {
                await Console.Error.WriteLineAsync(
                    $"{e.Message} Another process listens there: stop it, or choose another address with --urls, e.g. --urls http://127.0.0.1:5081");
                return AddressInUseExitCode;
            }

            await app.WaitForShutdownAsync();
            return 0;
        }
    }
}
