using System.Diagnostics;
using System.Text.Json;
using Attachments.Infrastructure.Imaging;
using ImageMagick;

namespace Attachments.UnitTests.Imaging;

/// <summary>The encoder against the reference implementation from npm (<c>blurhash</c>, in tests/BlurHash).</summary>
public sealed class BlurHashTests
{
    [Test]
    public void Encode_OneColour_StartsWithItsSizeAndColour()
    {
        var rgb = Enumerable.Repeat<byte[]>([0x33, 0x99, 0xCC], 16 * 8).SelectMany(p => p).ToArray();

        var hash = BlurHash.Encode(rgb, 16, 8);

        Assert.Multiple(() =>
        {
            Assert.That(hash, Has.Length.EqualTo(4 + 2 * 4 * 3), "4×3 components");
            Assert.That(hash[0], Is.EqualTo('L'), "(4 - 1) + (3 - 1) × 9 = 21");
            Assert.That(hash[2..6], Is.EqualTo(Base83(0x3399CC, 4)), "the colour itself");
        });
    }

    // The reference encoder takes the largest AC value, not the largest magnitude, as the scale (the C reference and
    // this encoder take the magnitude): the strings then differ after the second character, and this one's decodes
    // at least as close to the picture.
    [TestCase("camera/DSCN0010.jpg")]
    [TestCase("camera/Canon_40D.jpg")]
    [TestCase("orientation/Landscape_1.jpg")]
    [TestCase("camera/no_exif.jpg")]
    [TestCase("flat")]
    public async Task Encode_Picture_DecodesWithTheReferenceDecoderAsCloseAsTheReferenceEncodersHash(string fixture)
    {
        using var image = fixture == "flat" ? new MagickImage(new MagickColor("#3399cc"), 40, 30) : new MagickImage(Fixtures.Image(fixture));
        image.Thumbnail(64, 64);
        var (width, height) = ((int)image.Width, (int)image.Height);
        var rgb = image.ToByteArray(MagickFormat.Rgb);

        var hash = BlurHash.Encode(rgb, width, height);
        var answer = await ReferenceAsync(rgb, width, height, hash);

        var reference = answer.GetProperty("reference").GetString()!;
        var error = MeanError(rgb, answer.GetProperty("decoded"));
        var referenceError = MeanError(rgb, answer.GetProperty("referenceDecoded"));
        Assert.Multiple(() =>
        {
            Assert.That(hash[0], Is.EqualTo(reference[0]), "components");
            Assert.That(hash[2..6], Is.EqualTo(reference[2..6]), "the mean colour");
            Assert.That(error, Is.LessThanOrEqualTo(referenceError + 0.5), $"mean error of the decoded picture, ours {hash} against the reference's {reference}");
        });
    }

    private static double MeanError(byte[] picture, JsonElement decoded) =>
        decoded.EnumerateArray().Select((v, i) => Math.Abs(v.GetInt32() - picture[i])).Average();

    private static string Base83(int value, int length)
    {
        const string digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";
        return string.Concat(Enumerable.Range(1, length).Select(i => digits[value / (int)Math.Pow(83, length - i) % 83]));
    }

    private static async Task<JsonElement> ReferenceAsync(byte[] rgb, int width, int height, string hash)
    {
        var folder = ReferenceFolder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
            Assert.Fail($"{folder}/node_modules is missing: run `npm ci --prefix tests/BlurHash` (scripts/test.sh does) and test again.");

        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, rgb);
            var start = new ProcessStartInfo("node", "reference.mjs")
            {
                WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var node = Process.Start(start)!;
            await node.StandardInput.WriteAsync(JsonSerializer.Serialize(new { file, width, height, hash }));
            node.StandardInput.Close();
            var output = node.StandardOutput.ReadToEndAsync();
            var errors = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            Assert.That(node.ExitCode, Is.EqualTo(0), await errors);
            return JsonDocument.Parse(await output).RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string ReferenceFolder()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Attachments.sln")))
                return Path.Combine(directory.FullName, "tests", "BlurHash");
        }

        throw new DirectoryNotFoundException("No Attachments.sln above the test folder.");
    }
}
