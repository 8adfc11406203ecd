using Attachments.Infrastructure.Imaging;
using ImageMagick;

namespace Attachments.UnitTests.Imaging;

public sealed class DominantColorTests
{
    [Test]
    public void Of_OneColour_IsThatColour()
    {
        var rgb = Enumerable.Repeat<byte[]>([0x12, 0xab, 0xf0], 50).SelectMany(p => p).ToArray();

        Assert.That(DominantColor.Of(rgb), Is.EqualTo("#12abf0"));
    }

    [Test]
    public void Of_RedBoatOnABlueSea_IsTheSeaNotTheMean()
    {
        using var image = new MagickImage(new MagickColor("#1e50a0"), 100, 60);
        image.Draw(new ImageMagick.Drawing.Drawables().FillColor(new MagickColor("#d02020")).Rectangle(10, 10, 50, 40));

        Assert.That(DominantColor.Of(image.ToByteArray(MagickFormat.Rgb)), Is.EqualTo("#1e50a0"));
    }

    [Test]
    public void Of_NoisyShades_IsTheMeanOfTheFullestBox()
    {
        // Greens 0x40–0x4f fall in one box, twice as many as the reds in another.
        byte[] rgb = [0x00, 0x40, 0x00, 0x00, 0x4e, 0x00, 0x90, 0x00, 0x00];

        Assert.That(DominantColor.Of(rgb), Is.EqualTo("#004700"));
    }
}
