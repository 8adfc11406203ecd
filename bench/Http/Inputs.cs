using System.Security.Cryptography;
using ImageMagick;

namespace Attachments.Bench.Http;

public enum Pixels
{
    /// <summary>Upright (no EXIF orientation, or 1) and sRGB: no pixel has to change.</summary>
    Unchanged,

    /// <summary>Rotated by an EXIF tag, or not sRGB, or not a web format: the pixels must be re-encoded.</summary>
    MustChange,
}

public sealed record ImageInput(string Name, string Path, Pixels Pixels, string Source)
{
    public long Bytes => new FileInfo(Path).Length;

    public string Describe()
    {
        var info = new MagickImageInfo(Path);
        return $"{Bytes / 1e6:0.00} MB, {info.Width}×{info.Height} ({info.Width * info.Height / 1e6:0.0} MP)";
    }
}

/// <summary>
/// The benchmark's inputs: the real camera and phone photos of shared/fixtures/images, and the large ones made here
/// from one of them (a 12 MP photo upright and EXIF-rotated, a 12 MP PNG, a 100 KB PNG, a 20 MB PDF, a 1 GiB file).
/// Nothing large is committed; everything is made again in .data/bench/inputs.
/// </summary>
public sealed class Inputs
{
    private readonly string _directory;

    public Inputs(string fixtures, string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);

        Jpegs =
        [
            .. Fixture(fixtures, "camera/Canon_40D.jpg"),
            .. Fixture(fixtures, "camera/DSCN0010.jpg"),
            .. Fixture(fixtures, "camera/DSCN0021.jpg"),
            .. Fixture(fixtures, "camera/Nikon_D70.jpg"),
            .. Fixture(fixtures, "camera/Pentax_K10D.jpg"),
            .. Fixture(fixtures, "camera/no_exif.jpg"),
            .. Fixture(fixtures, "orientation/Landscape_1.jpg"),
            .. Fixture(fixtures, "orientation/Landscape_3.jpg"),
            .. Fixture(fixtures, "orientation/Landscape_6.jpg"),
            .. Fixture(fixtures, "orientation/Landscape_8.jpg"),
            Photo("3mp-upright.jpg", 2000, 1500, Orientation.TopLeft, Pixels.Unchanged, fixtures),
            Photo("3mp-phone-rotated.jpg", 2000, 1500, Orientation.RightTop, Pixels.MustChange, fixtures),
            Photo("12mp-upright.jpg", 4000, 3000, Orientation.TopLeft, Pixels.Unchanged, fixtures),
            Photo("12mp-phone-rotated.jpg", 4000, 3000, Orientation.RightTop, Pixels.MustChange, fixtures),
            Photo("12mp-iphone-rotated.jpg", 4032, 3024, Orientation.RightTop, Pixels.MustChange, fixtures, chroma420: true),
        ];
        LargePng = Png("12mp.png", 4000, 3000, fixtures);
        SmallPng = Png("small.png", 300, 225, fixtures);
        Others =
        [
            .. Fixture(fixtures, "tiff/Arbitro.tiff"),
            .. Fixture(fixtures, "heic/IMG_5195.HEIC"),
        ];
    }

    public IReadOnlyList<ImageInput> Jpegs { get; }

    public ImageInput LargePng { get; }

    public ImageInput SmallPng { get; }

    /// <summary>Images converted to a web format on upload (TIFF, HEIC): part of the mixed set for thumbnails.</summary>
    public IReadOnlyList<ImageInput> Others { get; }

    public ImageInput Large12MpJpeg => Jpegs.Single(j => j.Name == "12mp-upright.jpg");

    /// <summary>Distinct 12 MP phone photos (EXIF-rotated: each is turned upright), one per concurrent upload.</summary>
    public IReadOnlyList<string> RotatedPhotos(int count, string fixtures) =>
        Enumerable.Range(0, count)
            .Select(i => Photo($"12mp-phone-{i}.jpg", 4000, 3000, Orientation.RightTop, Pixels.MustChange, fixtures, mark: i + 1).Path)
            .ToList();

    /// <summary>A PDF of random content (each call a new one, so none is de-duplicated).</summary>
    public string RandomPdf(string name, int bytes) =>
        RandomFile(name, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"u8.ToArray(), bytes, "\n%%EOF\n"u8.ToArray());

    /// <summary>A gzip stream header followed by random bytes: stored as it is, never decompressed.</summary>
    public string RandomGzip(string name, long bytes) =>
        RandomFile(name, [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03], bytes, []);

    private string RandomFile(string name, byte[] head, long bytes, byte[] tail)
    {
        var path = Path.Combine(_directory, name);
        using var file = File.Create(path);
        file.Write(head);
        var buffer = new byte[1 << 20];
        for (var left = bytes - head.Length - tail.Length; left > 0; left -= buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            file.Write(buffer, 0, (int)Math.Min(left, buffer.Length));
        }

        file.Write(tail);
        return path;
    }

    private static IEnumerable<ImageInput> Fixture(string fixtures, string relative)
    {
        var path = Path.Combine(fixtures, relative);
        if (File.Exists(path))
            yield return new ImageInput(Path.GetFileName(path), path, Classify(path), "fixture " + relative);
    }

    /// <summary>Whether a service that keeps pixels where it can must still change them: by the image's own headers.</summary>
    private static Pixels Classify(string path)
    {
        using var image = new MagickImage();
        image.Ping(path);
        var upright = image.Orientation is Orientation.Undefined or Orientation.TopLeft;
        var srgb = image.ColorSpace == ColorSpace.sRGB && image.GetColorProfile() is null or { ColorSpace: ColorSpace.sRGB };
        return image.Format == MagickFormat.Jpeg && upright && srgb ? Pixels.Unchanged : Pixels.MustChange;
    }

    /// <param name="chroma420">Whether to subsample chroma 2×2 as phone cameras do; otherwise ImageMagick's choice at quality 92, 2×1.</param>
    private ImageInput Photo(string name, uint width, uint height, Orientation orientation, Pixels pixels, string fixtures, int mark = 0, bool chroma420 = false)
    {
        var path = Path.Combine(_directory, name);
        if (!File.Exists(path))
        {
            using var image = Base(fixtures, width, height);
            // Sensor noise: an upscaled photo alone would be unrealistically smooth and small.
            image.AddNoise(NoiseType.Gaussian, 0.6);
            if (mark > 0)
            {
                // One different pixel makes a different md5: each concurrent upload is its own attachment.
                image.GetPixels().SetPixel(mark, 0, [255, 0, 0]);
            }

            var exif = new ExifProfile();
            exif.SetValue(ExifTag.Make, "Bench");
            exif.SetValue(ExifTag.Model, "Phone 12MP");
            exif.SetValue(ExifTag.GPSLatitudeRef, "N");
            exif.SetValue(ExifTag.GPSLatitude, [new Rational(52, 1), new Rational(22, 1), new Rational(0, 1)]);
            // ImageMagick writes the image's own orientation into the EXIF block's tag, when the block has one.
            exif.SetValue(ExifTag.Orientation, (ushort)orientation);
            image.SetProfile(exif);
            image.Orientation = orientation;
            image.Quality = 92;
            if (chroma420)
                image.Settings.SetDefine(MagickFormat.Jpeg, "sampling-factor", "2x2");
            image.Write(path, MagickFormat.Jpeg);
        }

        return new ImageInput(name, path, pixels, "made from camera/DSCN0010.jpg" + (orientation == Orientation.TopLeft ? "" : ", EXIF orientation 6 (portrait phone photo)"));
    }

    private ImageInput Png(string name, uint width, uint height, string fixtures)
    {
        var path = Path.Combine(_directory, name);
        if (!File.Exists(path))
        {
            using var image = Base(fixtures, width, height);
            image.Write(path, MagickFormat.Png);
        }

        return new ImageInput(name, path, Pixels.Unchanged, "made from camera/DSCN0010.jpg");
    }

    private static MagickImage Base(string fixtures, uint width, uint height)
    {
        var image = new MagickImage(Path.Combine(fixtures, "camera", "DSCN0010.jpg"));
        image.Strip();
        image.Resize(new MagickGeometry(width, height) { IgnoreAspectRatio = true });
        return image;
    }
}
