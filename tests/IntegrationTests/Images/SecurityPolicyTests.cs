using System.Text;
using Attachments.Infrastructure.Imaging;
using Attachments.IntegrationTests.Support;
using ImageMagick;

namespace Attachments.IntegrationTests.Images;

public sealed class SecurityPolicyTests : IntegrationTestBase
{
    private const string ImageTragickPayload =
        "push graphic-context\nviewbox 0 0 640 480\nfill 'url(https://127.0.0.1/x.jpg\"|ls \"-la)'\npop graphic-context\n";

    [TestCase(MagickFormat.Mvg, ImageTragickPayload)]
    [TestCase(MagickFormat.Svg, "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'><rect width='4' height='4'/></svg>")]
    [TestCase(MagickFormat.Text, "/etc/passwd")]
    [TestCase(MagickFormat.Msl, "<?xml version='1.0'?><image><read filename='xc:red'/><write filename='/tmp/pwned.png'/></image>")]
    public void ImageMagick_InThisProcess_RefusesCodersOutsideThePolicy(MagickFormat format, string content)
    {
        Assert.Throws<MagickPolicyErrorException>(() =>
        {
            using var image = new MagickImage(Encoding.UTF8.GetBytes(content), new MagickReadSettings { Format = format });
        });
    }

    [Test]
    public void StartupSelfTest_WithThePolicyInForce_Passes()
    {
        Assert.DoesNotThrow(MagickSecurityPolicy.Verify);
    }

    [TestCase(ImageTragickPayload, "exploit.jpg")]
    [TestCase("viewbox 0 0 1 1\nimage over 0,0 0,0 '/etc/passwd'\n", "innocent.png")]
    [TestCase("<?xml version=\"1.0\"?><image><read filename=\"/etc/passwd\"/></image>", "photo.gif")]
    [TestCase("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "logo.png")]
    public async Task Upload_ImageMagickScriptDisguisedAsAnImage_Returns415AndStoresNothing(string content, string fileName)
    {
        var client = await LoggedInClientAsync();

        using var response = await UploadAsync(client, Encoding.UTF8.GetBytes(content), fileName);
        var body = await ReadJsonAsync(response);

        Assert.That((int)response.StatusCode, Is.EqualTo(415), body.ToString());
        Assert.That(await QueryScalarAsync<long>("select count(*) from attachments"), Is.Zero);
        Assert.That(Storage.Files(), Is.Empty);
    }
}
