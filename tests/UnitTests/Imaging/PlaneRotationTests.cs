using Attachments.Infrastructure.Imaging;

namespace Attachments.UnitTests.Imaging;

public sealed class PlaneRotationTests
{
    // The plane   a b c   as EXIF's eight orientations say to show it.
    //             d e f
    [TestCase(1, "abc|def")]
    [TestCase(2, "cba|fed")]
    [TestCase(3, "fed|cba")]
    [TestCase(4, "def|abc")]
    [TestCase(5, "ad|be|cf")]
    [TestCase(6, "da|eb|fc")]
    [TestCase(7, "fc|eb|da")]
    [TestCase(8, "cf|be|ad")]
    public void Apply_SmallPlane_ShowsItUpright(int orientation, string expected)
    {
        var source = "abcdef"u8.ToArray();
        var destination = new byte[6];

        PlaneRotation.Apply(source, width: 3, height: 2, destination, orientation);

        var rows = expected.Split('|');
        Assert.That(System.Text.Encoding.ASCII.GetString(destination), Is.EqualTo(string.Concat(rows)));
    }

    // Larger than a tile either way, and not a multiple of it: each turn and its inverse give the plane back.
    [TestCase(6, 8)]
    [TestCase(8, 6)]
    [TestCase(5, 5)]
    [TestCase(7, 7)]
    [TestCase(3, 3)]
    [TestCase(2, 2)]
    [TestCase(4, 4)]
    public void Apply_TurnThenItsInverse_GivesThePlaneBack(int turn, int inverse)
    {
        const int width = 131, height = 70;
        var source = new byte[width * height];
        new Random(12).NextBytes(source);
        var turned = new byte[source.Length];
        var back = new byte[source.Length];

        PlaneRotation.Apply(source, width, height, turned, turn);
        var (turnedWidth, turnedHeight) = turn >= 5 ? (height, width) : (width, height);
        PlaneRotation.Apply(turned, turnedWidth, turnedHeight, back, inverse);

        Assert.Multiple(() =>
        {
            Assert.That(turned, Is.Not.EqualTo(source));
            Assert.That(back, Is.EqualTo(source));
        });
    }

    [Test]
    public void Apply_QuarterTurn_PutsTheBottomLeftCornerTopLeft()
    {
        const int width = 100, height = 67;
        var source = new byte[width * height];
        source[(height - 1) * width] = 200;
        var turned = new byte[source.Length];

        PlaneRotation.Apply(source, width, height, turned, 6);

        Assert.That(turned[0], Is.EqualTo(200));
    }
}
