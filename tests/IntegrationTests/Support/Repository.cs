namespace Attachments.IntegrationTests.Support;

/// <summary>Files of this repository, found from the test output folder.</summary>
internal static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string File(string relativePath) => Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
             directory is not null;
             directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "Attachments.sln")))
                return directory.FullName;
        }

        throw new DirectoryNotFoundException($"No Attachments.sln above '{TestContext.CurrentContext.TestDirectory}'.");
    }
}
