using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Attachments.Application.Common.Models;

namespace Attachments.Infrastructure.Recovery;

/// <summary>
/// Journal records on disk: <c>&lt;id&gt;.intent.json</c> in an instance's temp folder, small JSON with a
/// <c>kind</c> of place, replace, delete or move. Written to a temp name and renamed, so a record is
/// either whole or absent, never half-written.
/// </summary>
public static class JournalRecords
{
    public const string Suffix = ".intent.json";

    private const string PartialSuffix = ".partial";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { AddIntentKinds } },
    };

    /// <summary>Writes <paramref name="intent"/> as a new record in <paramref name="folder"/> and returns its path.</summary>
    public static string Write(string folder, StorageIntent intent)
    {
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}{Suffix}");
        var partial = path + PartialSuffix;
        using (var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, intent, Json);

            // To the operating system, not to the disk: the journal is for a killed process, not a power cut,
            // after which the files it describes could be lost as well (decision 011).
            stream.Flush();
        }

        File.Move(partial, path);
        return path;
    }

    /// <exception cref="JsonException">Not a record this version can read.</exception>
    public static StorageIntent Read(string path) =>
        JsonSerializer.Deserialize<StorageIntent>(File.ReadAllText(path), Json)
            ?? throw new JsonException($"{path} holds no intent.");

    /// <summary>The complete records in <paramref name="folder"/>, oldest first.</summary>
    public static IReadOnlyList<string> In(string folder) =>
        [.. new DirectoryInfo(folder).EnumerateFiles("*" + Suffix).OrderBy(f => f.LastWriteTimeUtc).Select(f => f.FullName)];

    private static void AddIntentKinds(JsonTypeInfo info)
    {
        if (info.Type != typeof(StorageIntent))
            return;

        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "kind",
            DerivedTypes =
            {
                new JsonDerivedType(typeof(PlaceIntent), "place"),
                new JsonDerivedType(typeof(ReplaceIntent), "replace"),
                new JsonDerivedType(typeof(DeleteIntent), "delete"),
                new JsonDerivedType(typeof(MoveIntent), "move"),
            },
        };
    }
}
