using System.Globalization;
using System.Text;

namespace Attachments.Bench.Http;

/// <param name="Met">Null where the row has no target of its own (a figure kept for reference).</param>
public sealed record SummaryRow(string What, string Target, string Measured, bool? Met);

/// <summary>What one run measured, written as docs/benchmarks.md.</summary>
public sealed class Report
{
    private readonly List<SummaryRow> _summary = [];
    private readonly List<(string Title, string Body)> _sections = [];

    public void Add(string what, string target, string measured, bool? met)
    {
        _summary.Add(new SummaryRow(what, target, measured, met));
        Console.WriteLine($"[bench] {what}: {measured} (target {target}){(met is null ? "" : met.Value ? " MET" : " NOT MET")}");
    }

    public void Section(string title, string body) => _sections.Add((title, body));

    public static string Table(IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        var text = new StringBuilder();
        var columns = header.ToList();
        text.AppendLine("| " + string.Join(" | ", columns) + " |");
        text.AppendLine("|" + string.Concat(columns.Select(_ => "---|")));
        foreach (var row in rows)
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        return text.ToString();
    }

    public static string Seconds(double value) => value.ToString(value < 0.1 ? "0.0000" : "0.000", CultureInfo.InvariantCulture) + " s";

    public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    public static string MiB(long bytes) => (bytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture) + " MiB";

    public string Write(string machine, string command, TimeSpan took, string notes)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks");
        text.AppendLine();
        text.AppendLine("Written by `bench/run.sh` (issue 12); every figure below comes from one run, side by side, on the machine described. " +
                        "Timings on a shared 2-core machine are noisy: compare the ratios within this page, not absolute times across runs. " +
                        "The analysis after the tables (from `bench/notes.md`) explains the gaps.");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(command);
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine(machine);
        text.AppendLine($"- Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, took {took.TotalMinutes:0.0} min");
        text.AppendLine();
        text.AppendLine("## Every target");
        text.AppendLine();
        text.Append(Table(["what", "target", "measured", "met"],
            _summary.Select(r => new[] { r.What, r.Target, r.Measured, r.Met is null ? "—" : r.Met.Value ? "yes" : "**no**" })));
        foreach (var (title, body) in _sections)
        {
            text.AppendLine();
            text.AppendLine("## " + title);
            text.AppendLine();
            text.Append(body);
        }

        text.AppendLine();
        text.Append(notes);
        return text.ToString();
    }
}
