namespace Attachments.IntegrationTests.Durability;

/// <summary>
/// The calls of a service's trace that say how a write reached the disk: syncs and renames of paths under the
/// test's storage root, the statements sent to PostgreSQL, and the sends that start each traced response.
/// </summary>
internal sealed class DurabilityTrace(IReadOnlyList<TracedCall> calls, string root, int databasePort)
{
    /// <summary>The query Npgsql sends to commit; the NUL that ends it keeps <c>BEGIN … READ COMMITTED</c> from matching.</summary>
    public const string Commit = "COMMIT\0";
    public const string DeletePendingOperation = "DELETE FROM pending_file_operations ";

    public string Root { get; } = root;

    /// <summary>The first bytes the service sent back on the connection from <paramref name="clientPort"/>.</summary>
    public TracedCall? ResponseTo(int clientPort) => calls.FirstOrDefault(c => c.IsSend && c.Succeeded && c.Result > 0 && c.PeerPort == clientPort);

    /// <summary>The syncs of <paramref name="path"/> that completed strictly between two positions.</summary>
    public IEnumerable<TracedCall> SyncsOf(string path, int after = -1, int before = int.MaxValue) =>
        calls.Where(c => c.IsSync && c.Succeeded && c.DescriptorPath == path && c.Position > after && c.Position < before);

    /// <summary>The successful renames whose target is <paramref name="target"/>.</summary>
    public IEnumerable<TracedCall> RenamesTo(string target) =>
        calls.Where(c => c.IsRename && c.Succeeded && c.Strings.Count == 2 && c.Strings[1] == target);

    /// <summary>Statements sent to PostgreSQL containing <paramref name="sql"/>, in the order they were sent.</summary>
    public IEnumerable<TracedCall> SentToDatabase(string sql) =>
        calls.Where(c => c.IsSend && c.Succeeded && c.PeerPort == databasePort && c.Strings.Any(s => s.Contains(sql, StringComparison.Ordinal)));

    public TracedCall? LastSentToDatabaseBefore(string sql, int position) => SentToDatabase(sql).LastOrDefault(c => c.Position < position);

    public TracedCall? FirstSentToDatabaseAfter(string sql, int position) => SentToDatabase(sql).FirstOrDefault(c => c.Position > position);

    /// <summary>
    /// The part of the trace that matters between two positions: every sync and rename under the root, every commit
    /// and pending-operation delete sent to PostgreSQL, and the given responses.
    /// </summary>
    public string Excerpt(int from, int to, params TracedCall?[] responses)
    {
        var shown = calls.Where(c => c.Position >= from && c.Position <= to && (
            ((c.IsSync || c.IsRename) && c.Line.Contains(Root, StringComparison.Ordinal))
            || (c.IsSend && c.PeerPort == databasePort && c.Strings.Any(s => s.Contains(Commit, StringComparison.Ordinal) || s.Contains(DeletePendingOperation, StringComparison.Ordinal)))
            || responses.Contains(c)));
        return SyscallTrace.Excerpt(shown.Select(Shorten), Root);
    }

    /// <summary>
    /// Fails unless every call of each step is there and completed before every call of the next step; the
    /// message shows the steps and the excerpt of the trace, which is returned.
    /// </summary>
    public string AssertInOrder(params (string Step, TracedCall?[] Calls)[] steps)
    {
        var present = steps.SelectMany(s => s.Calls).OfType<TracedCall>().ToList();
        var excerpt = present.Count == 0 ? "(none of them is in the trace)" : Excerpt(present.Min(c => c.Position), present.Max(c => c.Position), [.. present]);
        var described = string.Join(Environment.NewLine, steps.Select(s =>
            $"  {s.Step}: {string.Join(", ", s.Calls.Select(c => c is null ? "MISSING" : c.Position.ToString(System.Globalization.CultureInfo.InvariantCulture)))}"));
        var message = $"expected, in this order:{Environment.NewLine}{described}{Environment.NewLine}trace:{Environment.NewLine}{excerpt}";

        Assert.That(steps.SelectMany(s => s.Calls).All(c => c is not null), Is.True, message);
        for (var i = 1; i < steps.Length; i++)
        {
            var lastOfPrevious = steps[i - 1].Calls.Max(c => c!.Position);
            var firstOfThis = steps[i].Calls.Min(c => c!.Position);
            Assert.That(firstOfThis, Is.GreaterThan(lastOfPrevious), $"\"{steps[i].Step}\" must come after \"{steps[i - 1].Step}\"; {message}");
        }

        return excerpt;
    }

    // Statements and responses are long; their first bytes say what they are.
    private static TracedCall Shorten(TracedCall call) =>
        call.IsSend && call.Line.Length > 160 ? call with { Line = call.Line[..160] + " …" } : call;
}
