namespace Attachments.UnitTests.Architecture.FileSystemSamples;

// What LayerDependencyTests' file-system rule must catch and must leave alone.

internal static class StreamAndPathOnly
{
    public static Stream Open(Stream source, string folder) => Path.Combine(folder, "x").Length > 0 ? source : Stream.Null;
}

internal static class OpensFileStream
{
    public static Stream Open(string path) => new FileStream(path, FileMode.Open);
}

internal static class UsesFileMode
{
    public static FileMode Mode => FileMode.Open;
}
