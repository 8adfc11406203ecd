using Npgsql;

namespace Attachments.Bench.Http;

public static class Machine
{
    public static async Task<string> DescribeAsync(ServiceUnderTest service)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var version = new NpgsqlCommand("show server_version", connection);
        var lines = new List<string>
        {
            $"- Machine: {Environment.ProcessorCount} cores ({cpu}), {memory} memory, Linux {Environment.OSVersion.Version}",
            $"- Service: .NET {Environment.Version}, Release build of src/Api over HTTP on loopback, files on the local disk, PostgreSQL {await version.ExecuteScalarAsync()} on the same machine",
            $"- Baselines: {await FirstLineAsync(Baselines.Convert, "-version")}; {await FirstLineAsync("/usr/bin/vips", "--version")}; sharp {SharpVersion()}",
        };
        return string.Join('\n', lines);
    }

    private static string SharpVersion()
    {
        var package = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "sharp", "node_modules", "sharp", "package.json");
        return File.Exists(package)
            ? System.Text.Json.JsonDocument.Parse(File.ReadAllText(package)).RootElement.GetProperty("version").GetString() ?? "?"
            : "(version unknown)";
    }

    private static async Task<string> FirstLineAsync(string program, string argument)
    {
        try
        {
            return (await Shell.RunAsync(program, [argument])).Split('\n')[0].Trim();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return program + " (not found)";
        }
    }
}
