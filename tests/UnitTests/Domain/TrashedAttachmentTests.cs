using System.Reflection;
using Attachments.Domain.Entities;

namespace Attachments.UnitTests.Domain;

public sealed class TrashedAttachmentTests
{
    // What the trash does not keep: the navigations, the column the database computes, and derivatives (caches).
    private static readonly string[] NotKept = [nameof(Attachment.Category), nameof(Attachment.SearchText), nameof(Attachment.Derivatives)];

    [Test]
    public void RoundTrip_KeepsEveryStoredPropertyOfTheAttachment()
    {
        var stored = typeof(Attachment).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && !NotKept.Contains(p.Name))
            .ToList();
        var attachment = new Attachment();
        foreach (var property in stored)
            property.SetValue(attachment, SampleOf(property.PropertyType));

        var back = TrashedAttachment.Of(attachment, DateTimeOffset.UnixEpoch, deletedBy: 7).ToAttachment();

        Assert.Multiple(() =>
        {
            foreach (var property in stored)
                Assert.That(property.GetValue(back), Is.EqualTo(property.GetValue(attachment)), $"{property.Name}: a property added to Attachment must be added to TrashedAttachment too");
        });
    }

    [Test]
    public void TrashLocations_AreUnderTheIdAndFollowVisibility()
    {
        var attachment = new Attachment { Id = 42, FileLocation = "uploads/202612/02/abc.jpg", IsImage = true, Visibility = Visibility.Private };

        var trashed = TrashedAttachment.Of(attachment, DateTimeOffset.UnixEpoch, null);

        Assert.That(trashed.TrashLocations, Is.EqualTo(new[]
        {
            "trash/42/private/uploads/202612/02/thumb_abc.jpg",
            "trash/42/private/uploads/202612/02/abc.jpg",
        }));
    }

    private static object SampleOf(Type type) => type switch
    {
        _ when type == typeof(string) => "sample",
        _ when type == typeof(long) || type == typeof(long?) => 12L,
        _ when type == typeof(int) => 34,
        _ when type == typeof(bool) => true,
        _ when type == typeof(double) => 0.3,
        _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero),
        _ when type == typeof(List<string>) => new List<string> { "a", "b" },
        _ when type == typeof(AttachmentStatus) => AttachmentStatus.Hidden,
        _ when type == typeof(Visibility) => Visibility.Private,
        _ => throw new NotSupportedException($"Give {type.Name} a sample value here."),
    };
}
