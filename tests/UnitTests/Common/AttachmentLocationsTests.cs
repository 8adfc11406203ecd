using Attachments.Application.Attachments.Common;
using Attachments.Domain.Entities;

namespace Attachments.UnitTests.Common;

public class AttachmentLocationsTests
{
    private const string Md5 = "0123456789abcdef0123456789abcdef";
    private const string Md5Middle = "89abcdef01234567";

    [Test]
    public void For_UtcTime_ReturnsUploadsMonthDayAndMiddleOfMd5()
    {
        var uploadedAt = new DateTimeOffset(2026, 11, 22, 14, 15, 22, TimeSpan.Zero);

        Assert.That(AttachmentLocations.For(uploadedAt, Md5, "jpg"), Is.EqualTo($"uploads/202611/22/{Md5Middle}.jpg"));
    }

    [Test]
    public void For_SingleDigitMonthAndDay_PadsWithZero()
    {
        var uploadedAt = new DateTimeOffset(2027, 3, 5, 12, 0, 0, TimeSpan.Zero);

        Assert.That(AttachmentLocations.For(uploadedAt, Md5, "pdf"), Is.EqualTo($"uploads/202703/05/{Md5Middle}.pdf"));
    }

    [Test]
    public void For_EastOfUtcJustAfterMidnight_UsesPreviousUtcDay()
    {
        var uploadedAt = new DateTimeOffset(2026, 12, 1, 0, 30, 0, TimeSpan.FromHours(8));

        Assert.That(AttachmentLocations.For(uploadedAt, Md5, "png"), Is.EqualTo($"uploads/202611/30/{Md5Middle}.png"));
    }

    [Test]
    public void For_WestOfUtcJustBeforeMidnight_UsesNextUtcDay()
    {
        var uploadedAt = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.FromHours(-5));

        Assert.That(AttachmentLocations.For(uploadedAt, Md5, "png"), Is.EqualTo($"uploads/202701/01/{Md5Middle}.png"));
    }

    [Test]
    [SetCulture("th-TH")]
    public void For_BuddhistCalendarCulture_StillUsesGregorianDate()
    {
        var uploadedAt = new DateTimeOffset(2026, 11, 22, 14, 15, 22, TimeSpan.Zero);

        Assert.That(AttachmentLocations.For(uploadedAt, Md5, "jpg"), Is.EqualTo($"uploads/202611/22/{Md5Middle}.jpg"));
    }

    [Test]
    public void ThumbLocationFor_StoredFile_PrefixesNameWithThumb() =>
        Assert.That(
            Attachment.ThumbLocationFor($"uploads/202611/22/{Md5Middle}.jpg"),
            Is.EqualTo($"uploads/202611/22/thumb_{Md5Middle}.jpg"));

    [Test]
    public void ThumbLocationFor_NameWithoutFolder_PrefixesName() =>
        Assert.That(Attachment.ThumbLocationFor("photo.jpg"), Is.EqualTo("thumb_photo.jpg"));

    [Test]
    public void ThumbLocation_Image_IsBesideTheFile()
    {
        var attachment = new Attachment { FileLocation = $"uploads/202611/22/{Md5Middle}.webp", IsImage = true };

        Assert.That(attachment.ThumbLocation, Is.EqualTo($"uploads/202611/22/thumb_{Md5Middle}.webp"));
    }

    [Test]
    public void ThumbLocation_NonImage_IsNull()
    {
        var attachment = new Attachment { FileLocation = $"uploads/202611/22/{Md5Middle}.pdf", IsImage = false };

        Assert.That(attachment.ThumbLocation, Is.Null);
    }
}
