using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Attachments.IntegrationTests.Durability;

/// <summary>
/// One completed system call of an <c>strace -f -yy</c> trace. <see cref="Position"/> is its place among the
/// completions: strace handles one stop at a time and a thread stays stopped at a call's exit until that is
/// handled, so a call that caused another (an fsync returning, then the response being sent) always comes first,
/// whichever threads made them.
/// </summary>
internal sealed partial record TracedCall(int Position, int Pid, string Name, string Arguments, long Result, string Line)
{
    public bool Succeeded => Result >= 0;

    /// <summary>The file or directory of the first argument, as <c>-y</c> prints it: <c>fsync(31&lt;/path&gt;)</c>.</summary>
    public string? DescriptorPath => DescriptorPattern().Match(Arguments) is { Success: true } m && m.Groups[1].Value.StartsWith('/') ? m.Groups[1].Value : null;

    /// <summary>The quoted strings among the arguments: a rename's source and target, a send's bytes.</summary>
    public IReadOnlyList<string> Strings => [.. QuotedPattern().Matches(Arguments).Select(m => Unescape(m.Groups[1].Value))];

    /// <summary>The peer port of a TCP socket in the first argument, as <c>-yy</c> prints it: <c>5&lt;TCP:[local:p-&gt;peer:q]&gt;</c>.</summary>
    public int? PeerPort => TcpPattern().Match(Arguments) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    public bool IsSync => Name is "fsync" or "fdatasync";

    public bool IsRename => Name is "rename" or "renameat" or "renameat2";

    public bool IsSend => Name is "sendto" or "sendmsg";

    private static string Unescape(string quoted)
    {
        var text = new StringBuilder(quoted.Length);
        for (var i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] != '\\' || i + 1 == quoted.Length)
            {
                text.Append(quoted[i]);
                continue;
            }

            // strace writes a byte it cannot show as up to three octal digits (\0, \370), or as a C escape.
            var octal = 0;
            var digits = 0;
            while (digits < 3 && i + 1 + digits < quoted.Length && quoted[i + 1 + digits] is >= '0' and <= '7')
                octal = (octal * 8) + (quoted[i + 1 + digits++] - '0');

            if (digits > 0)
            {
                text.Append((char)octal);
                i += digits;
            }
            else
            {
                i++;
                text.Append(quoted[i] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'v' => '\v', 'f' => '\f', var c => c });
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^\d+<([^>]*)>")]
    private static partial Regex DescriptorPattern();

    [GeneratedRegex(@"""((?:[^""\\]|\\.)*)""")]
    private static partial Regex QuotedPattern();

    [GeneratedRegex(@"^\d+<TCP(?:v6)?:\[[^\]]*->[^\]]*:(\d+)\]>")]
    private static partial Regex TcpPattern();
}

/// <summary>Reads an <c>strace -f</c> output file into completed calls, joining the halves of interrupted ones.</summary>
internal static partial class SyscallTrace
{
    public static IReadOnlyList<TracedCall> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd().Split('\n'));
    }

    public static IReadOnlyList<TracedCall> Parse(IEnumerable<string> lines)
    {
        var calls = new List<TracedCall>();
        var started = new Dictionary<int, (string Name, string Arguments, string Line)>();
        foreach (var line in lines)
        {
            if (Unfinished().Match(line) is { Success: true } unfinished)
            {
                var pid = int.Parse(unfinished.Groups[1].Value, CultureInfo.InvariantCulture);
                started[pid] = (unfinished.Groups[2].Value, unfinished.Groups[3].Value, line);
            }
            else if (Resumed().Match(line) is { Success: true } resumed)
            {
                var pid = int.Parse(resumed.Groups[1].Value, CultureInfo.InvariantCulture);
                if (started.Remove(pid, out var start) && start.Name == resumed.Groups[2].Value)
                    Add(calls, pid, start.Name, start.Arguments + resumed.Groups[3].Value, start.Line + " … " + line);
            }
            else if (Complete().Match(line) is { Success: true } complete)
            {
                Add(calls, int.Parse(complete.Groups[1].Value, CultureInfo.InvariantCulture), complete.Groups[2].Value, complete.Groups[3].Value, line);
            }
        }

        return calls;
    }

    /// <summary>The lines of <paramref name="calls"/>, with each path under <paramref name="root"/> shortened to <c>&lt;root&gt;</c>.</summary>
    public static string Excerpt(IEnumerable<TracedCall> calls, string root) =>
        string.Join(Environment.NewLine, calls.OrderBy(c => c.Position).Select(c => $"{c.Position,6}: {c.Line.Replace(root, "<root>", StringComparison.Ordinal)}"));

    private static void Add(List<TracedCall> calls, int pid, string name, string call, string line)
    {
        // strace pads the result to a column: "fsync(3</x>)            = 0".
        if (Result().Match(call) is not { Success: true } result)
            return;

        calls.Add(new TracedCall(
            calls.Count, pid, name, call[..result.Index], long.Parse(result.Groups[1].Value, CultureInfo.InvariantCulture), line));
    }

    [GeneratedRegex(@"\) *= (-?\d+)", RegexOptions.RightToLeft)]
    private static partial Regex Result();

    [GeneratedRegex(@"^(\d+) +(\w+)\((.*) <unfinished \.\.\.>$")]
    private static partial Regex Unfinished();

    [GeneratedRegex(@"^(\d+) +<\.\.\. (\w+) resumed>(.*)$")]
    private static partial Regex Resumed();

    [GeneratedRegex(@"^(\d+) +(\w+)\((.*)$")]
    private static partial Regex Complete();
}
