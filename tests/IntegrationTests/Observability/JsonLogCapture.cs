using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Attachments.IntegrationTests.Observability;

/// <summary>
/// Keeps every log entry as the console would print it: rendered by the app's own <c>json</c> console
/// formatter, with its configured options and the scopes active when the entry was logged.
/// </summary>
internal sealed class JsonLogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider? _scopes;

    /// <summary>Entries logged before this is set (start-up) are not kept.</summary>
    public ConsoleFormatter? Formatter { get; set; }

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>Every <c>RequestId</c> in the scopes of a line, whichever scope holds it.</summary>
    public static IReadOnlyList<string> RequestIdsOf(string line)
    {
        using var document = JsonDocument.Parse(line);
        if (!document.RootElement.TryGetProperty("Scopes", out var scopes))
            return [];

        return scopes.EnumerateArray()
            .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestId", out _))
            .Select(s => s.GetProperty("RequestId").ToString())
            .ToList();
    }

    private void Write<TState>(string category, LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (Formatter is not { } console)
            return;

        using var writer = new StringWriter();
        console.Write(new LogEntry<TState>(level, category, eventId, state, exception, formatter), _scopes, writer);
        _lines.Enqueue(writer.ToString().TrimEnd('\r', '\n'));
    }

    private sealed class CapturingLogger(string category, JsonLogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => NullLogger.Instance.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Write(category, logLevel, eventId, state, exception, formatter);
    }
}
