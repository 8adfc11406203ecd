namespace Attachments.UnitTests;

/// <summary>
/// Locates the shared test files that live beside the repository (<c>shared/fixtures/images</c>), not inside it.
/// </summary>
internal static class Fixtures
{
    private const string EnvironmentVariable = "ATTACHMENTS_FIXTURES";

    private static readonly string ImagesPath = Path.Combine("shared", "fixtures", "images");

    private static readonly Lazy<string> LazyImagesDirectory = new(FindImagesDirectory);

    public static string ImagesDirectory => LazyImagesDirectory.Value;

    public static string Image(string relativePath) => Path.Combine(ImagesDirectory, relativePath);

    private static string FindImagesDirectory()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
             directory is not null;
             directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, ImagesPath);
            if (Directory.Exists(candidate))
                return candidate;
        }

        // The variable may name either the fixtures folder or its images folder.
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var images = Path.Combine(configured, "images");
            if (Directory.Exists(images))
                return images;
            if (Directory.Exists(configured))
                return configured;
        }

        throw new DirectoryNotFoundException(
            $"No '{ImagesPath}' above '{TestContext.CurrentContext.TestDirectory}' and {EnvironmentVariable} is not set to an existing folder.");
    }
}
