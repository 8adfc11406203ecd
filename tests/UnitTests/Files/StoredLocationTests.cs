using Attachments.Infrastructure.Files;

namespace Attachments.UnitTests.Files;

public sealed class StoredLocationTests
{
    [TestCase("uploads/202612/02/a.jpg")]
    [TestCase("private/uploads/202612/02/a.jpg")]
    [TestCase("derivatives/0123/abc.webp")]
    [TestCase("trash/42/uploads/202612/02/a.jpg")]
    [TestCase("trash/42/private/uploads/202612/02/thumb_a.jpg")]
    public void IsValid_ForWhereFilesAreKept(string location) => Assert.That(StoredLocation.IsValid(location), Is.True);

    [TestCase("trash/uploads/a.jpg")]
    [TestCase("trash/x1/uploads/a.jpg")]
    [TestCase("trash/42/derivatives/0123/abc.webp")]
    [TestCase("trash/42/trash/1/uploads/a.jpg")]
    [TestCase("trash/42/../uploads/a.jpg")]
    [TestCase("trash/42")]
    [TestCase("private/derivatives/a.webp")]
    [TestCase("uploads/../a.jpg")]
    [TestCase("etc/passwd")]
    public void IsInvalid_Elsewhere(string location) => Assert.That(StoredLocation.IsValid(location), Is.False);
}
