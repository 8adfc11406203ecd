using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Options;
using Attachments.Application.Delivery;

namespace Attachments.UnitTests.Delivery;

public sealed class ImageTransformTests
{
    private static readonly ImageOptions Options = new();

    private static ImageTransform? Parse(string query)
    {
        var values = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToLookup(p => p[0], p => p.Length > 1 ? p[1] : "");
        return ImageTransform.Parse(name => values.Contains(name) ? string.Join(",", values[name]) : null, Options);
    }

    [TestCase("", null)]
    [TestCase("s=abc&expires=1", null)]
    [TestCase("fmt=auto&w=500", "w=500&fmt=auto")]
    [TestCase("dpr=2&q=70&fmt=jpeg&fit=cover&h=300&w=400", "w=400&h=300&fit=cover&fmt=jpg&q=70&dpr=2")]
    [TestCase("w=400&fit=cover", "w=400")]
    [TestCase("w=400&fit=inside", "w=400")]
    [TestCase("w=400&dpr=1", "w=400")]
    [TestCase("w=400&dpr=1.504", "w=400&dpr=1.5")]
    public void Parse_GivesOneCanonicalQuery(string query, string? canonical)
    {
        Assert.That(Parse(query)?.CanonicalQuery(), Is.EqualTo(canonical));
    }

    [TestCase("w=0")]
    [TestCase("w=16385")]
    [TestCase("w=+5")]
    [TestCase("w=5.0")]
    [TestCase("w=1&w=2")]
    [TestCase("h=-1")]
    [TestCase("w=5000&h=5000")]
    [TestCase("w=4000&h=4000&dpr=2")]
    [TestCase("fmt=svg")]
    [TestCase("fmt=gif")]
    [TestCase("fmt=AUTO")]
    [TestCase("q=0")]
    [TestCase("q=100.5")]
    [TestCase("dpr=0.5")]
    [TestCase("dpr=4.01")]
    [TestCase("dpr=NaN")]
    [TestCase("fit=fill")]
    public void Parse_RefusesWhatIsOutOfBounds(string query)
    {
        Assert.That(() => Parse(query), Throws.TypeOf<ValidationException>());
    }

    [Test]
    public void NamedSizes_NeedNoSignature_InAnyFormat_ButNotWithQualityOrDpr()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Parse("w=500&fmt=auto")!.IsNamedSize(Options), Is.True);
            Assert.That(Parse("w=1000&fmt=webp")!.IsNamedSize(Options), Is.True);
            Assert.That(Parse("w=1920")!.IsNamedSize(Options), Is.True);
            Assert.That(Parse("w=501")!.IsNamedSize(Options), Is.False);
            Assert.That(Parse("w=500&h=500")!.IsNamedSize(Options), Is.False);
            Assert.That(Parse("w=500&q=90")!.IsNamedSize(Options), Is.False);
            Assert.That(Parse("w=500&dpr=2")!.IsNamedSize(Options), Is.False);
            Assert.That(Parse("fmt=webp")!.IsNamedSize(Options), Is.False);
        });
    }

    [Test]
    public void Inside_NeverEnlarges_AndKeepsTheShape()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Parse("w=500")!.PlanFor(1200, 800, 0.5, 0.5), Is.EqualTo(new TransformPlan(500, 333, 500, 333, new CropWindow(0, 0, 1, 1))));
            Assert.That(Parse("w=500&h=100")!.PlanFor(1200, 800, 0.5, 0.5).ImageWidth, Is.EqualTo(150));
            Assert.That(Parse("w=5000")!.PlanFor(1200, 800, 0.5, 0.5).CanvasWidth, Is.EqualTo(1200));
            Assert.That(Parse("w=300&dpr=2")!.PlanFor(1200, 800, 0.5, 0.5).CanvasWidth, Is.EqualTo(600));
        });
    }

    [TestCase(0.5, 0.25)]
    [TestCase(0.0, 0.0)]
    [TestCase(1.0, 0.5)]
    [TestCase(0.9, 0.5)]
    public void Cover_CentresTheWindowOnTheFocalPoint_WithinTheEdges(double focusX, double left)
    {
        // A 2:1 picture into a square: the window is half the width, moved along x only.
        var plan = Parse("w=100&h=100&fit=cover")!.PlanFor(400, 200, focusX, 0.5);

        Assert.Multiple(() =>
        {
            Assert.That((plan.CanvasWidth, plan.CanvasHeight), Is.EqualTo((100, 100)));
            Assert.That(plan.Crop.Width, Is.EqualTo(0.5));
            Assert.That(plan.Crop.Height, Is.EqualTo(1));
            Assert.That(plan.Crop.Left, Is.EqualTo(left).Within(1e-9));
        });
    }

    [Test]
    public void Contain_PadsToTheBox()
    {
        var plan = Parse("w=300&h=300&fit=contain")!.PlanFor(400, 200, 0.5, 0.5);

        Assert.That(plan, Is.EqualTo(new TransformPlan(300, 150, 300, 300, new CropWindow(0, 0, 1, 1))));
    }

    [Test]
    public void Key_DependsOnTheParametersAndTheFormatChosen()
    {
        var auto = Parse("w=500&fmt=auto")!;

        Assert.Multiple(() =>
        {
            Assert.That(auto.KeyFor("webp"), Has.Length.EqualTo(16).And.Match("^[0-9a-f]{16}$"));
            Assert.That(auto.KeyFor("webp"), Is.Not.EqualTo(auto.KeyFor("avif")));
            Assert.That(auto.KeyFor("webp"), Is.Not.EqualTo(Parse("w=501&fmt=auto")!.KeyFor("webp")));
            Assert.That(Parse("w=500&fmt=webp")!.KeyFor("webp"), Is.EqualTo(auto.KeyFor("webp")), "fmt=auto that chose WebP is the same derivative as fmt=webp");
        });
    }
}
