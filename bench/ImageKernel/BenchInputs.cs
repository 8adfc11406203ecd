using ImageMagick;

namespace Attachments.Bench.ImageKernel;

/// <summary>
/// The inputs, made once per run in a temp folder: the shared fixtures as they are, and 12 MP pictures generated
/// from one of them (no big binaries in the repository). The two 12 MP JPEGs differ only in their EXIF
/// orientation, so one takes the lossless path and the other the full decode and re-encode.
/// </summary>
internal static class BenchInputs
{
    public const string UprightCamera = "DSCN0010.jpg (0.3 MP, GPS, upright)";
    public const string UprightLandscape = "Landscape_1.jpg (2 MP, upright)";
    public const string RotatedLandscape = "Landscape_6.jpg (2 MP, rotated)";
    public const string Upright12Mp = "12 MP JPEG, upright";
    public const string Rotated12Mp = "12 MP JPEG, orientation 6";
    public const string Png12Mp = "12 MP PNG";

    public static readonly string Folder = Path.Combine(Path.GetTempPath(), "attachments-bench-image-kernel");

    public static string PathOf(string input) => Path.Combine(Folder, Files[input]);

    public static string ExtensionOf(string input) => Path.GetExtension(Files[input]).TrimStart('.');

    private static readonly Dictionary<string, string> Files = new()
    {
        [UprightCamera] = "DSCN0010.jpg",
        [UprightLandscape] = "Landscape_1.jpg",
        [RotatedLandscape] = "Landscape_6.jpg",
        [Upright12Mp] = "12mp-upright.jpg",
        [Rotated12Mp] = "12mp-rotated.jpg",
        [Png12Mp] = "12mp.png",
    };

    public static void Make()
    {
        Directory.CreateDirectory(Folder);
        var fixtures = FixturesFolder();
        File.Copy(Path.Combine(fixtures, "camera", "DSCN0010.jpg"), PathOf(UprightCamera), overwrite: true);
        File.Copy(Path.Combine(fixtures, "orientation", "Landscape_1.jpg"), PathOf(UprightLandscape), overwrite: true);
        File.Copy(Path.Combine(fixtures, "orientation", "Landscape_6.jpg"), PathOf(RotatedLandscape), overwrite: true);
        if (File.Exists(PathOf(Png12Mp)))
            return;

        using var gps = new MagickImage(Path.Combine(fixtures, "camera", "DSCN0010.jpg"));
        using var picture = new MagickImage(Path.Combine(fixtures, "orientation", "Landscape_1.jpg"));
        picture.Resize(new MagickGeometry(4000, 3000) { IgnoreAspectRatio = true });

        // Camera-like grain, so the 12 MP files compress like photographs rather than like a smooth upscale.
        picture.AddNoise(NoiseType.Gaussian, 0.15);
        picture.Strip();

        picture.Format = MagickFormat.Png;
        picture.Write(PathOf(Png12Mp));

        picture.Format = MagickFormat.Jpeg;
        picture.Quality = 92;
        var exif = gps.GetExifProfile()!;
        picture.SetProfile(exif);

        // ImageMagick writes the image's own orientation into the EXIF block, whatever the profile says.
        picture.Orientation = Orientation.TopLeft;
        picture.Write(PathOf(Upright12Mp));
        picture.Orientation = Orientation.RightTop;
        picture.Write(PathOf(Rotated12Mp));
    }

    private static string FixturesFolder()
    {
        var configured = Environment.GetEnvironmentVariable("ATTACHMENTS_FIXTURES");
        if (!string.IsNullOrWhiteSpace(configured))
            return Directory.Exists(Path.Combine(configured, "images")) ? Path.Combine(configured, "images") : configured;

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "fixtures", "images");
            if (Directory.Exists(candidate))
                return candidate;
        }

        throw new DirectoryNotFoundException("No shared/fixtures/images above the bench; set ATTACHMENTS_FIXTURES.");
    }
}
