using System.Text.Encodings.Web;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Logging.Console;

namespace Attachments.Api.Observability;

/// <summary>JSON log lines for machines (redirected output, containers), readable lines for a person at a terminal.</summary>
public static class ConsoleLogFormat
{
    private const string FormatterKey = "Logging:Console:FormatterName";

    public static WebApplicationBuilder UseReadableLogsInTerminal(this WebApplicationBuilder builder)
    {
        // Log lines are read as text, never as HTML: messages keep their apostrophes and letters of any language.
        builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
            options.JsonWriterOptions = options.JsonWriterOptions with { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        if (Console.IsOutputRedirected || IsContainer() || !FormatComesFromAppSettings(builder.Configuration))
            return builder;

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [FormatterKey] = ConsoleFormatterNames.Simple,
            ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "false",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss ",
        });
        return builder;
    }

    private static bool IsContainer() =>
        string.Equals(Environment.GetEnvironmentVariable("DOTNET_RUNNING_IN_CONTAINER"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A format chosen through the environment or the command line is kept, terminal or not.</summary>
    private static bool FormatComesFromAppSettings(IConfigurationRoot configuration) =>
        configuration.Providers.LastOrDefault(p => p.TryGet(FormatterKey, out _)) is JsonConfigurationProvider;
}
