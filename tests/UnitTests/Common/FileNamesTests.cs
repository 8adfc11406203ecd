using Attachments.Application.Common;
using Attachments.Domain.Constants;

namespace Attachments.UnitTests.Common;

public class FileNamesTests
{
    private const string Untitled = "untitled";
    private const string Emoji = "\U0001F600";

    [TestCase("photo.jpg", "photo", TestName = "ToDisplayName_PlainName_DropsExtension")]
    [TestCase("archive.tar.gz", "archive.tar", TestName = "ToDisplayName_DoubleExtension_DropsOnlyTheLast")]
    [TestCase("README", "README", TestName = "ToDisplayName_NoExtension_KeepsName")]
    [TestCase("uploads/2026/photo.jpg", "photo", TestName = "ToDisplayName_ForwardSlashPath_KeepsLastPart")]
    [TestCase(@"C:\fakepath\photo.jpg", "photo", TestName = "ToDisplayName_BackslashPath_KeepsLastPart")]
    [TestCase(@"../..\etc/passwd.txt", "passwd", TestName = "ToDisplayName_MixedTraversalPath_KeepsLastPart")]
    [TestCase("my holiday photo.jpg", "my holiday photo", TestName = "ToDisplayName_InnerSpaces_AreKept")]
    [TestCase("  padded  .jpg", "padded", TestName = "ToDisplayName_OuterSpaces_AreTrimmed")]
    [TestCase("年度报告 2026.pdf", "年度报告 2026", TestName = "ToDisplayName_ChineseLetters_AreKept")]
    [TestCase("写真.png", "写真", TestName = "ToDisplayName_JapaneseLetters_AreKept")]
    [TestCase("تقرير سنوي.pdf", "تقرير سنوي", TestName = "ToDisplayName_ArabicLetters_AreKept")]
    [TestCase("🎉 party.png", "🎉 party", TestName = "ToDisplayName_Emoji_IsKept")]
    [TestCase("👨‍👩‍👧 family.png", "👨‍👩‍👧 family", TestName = "ToDisplayName_ZeroWidthJoinerEmoji_IsKept")]
    public void ToDisplayName_ReturnsExpectedName(string clientName, string expected) =>
        Assert.That(FileNames.ToDisplayName(clientName), Is.EqualTo(expected));

    [TestCase("photo.jpg", "photo.jpg", TestName = "ToOriginalName_PlainName_KeepsExtension")]
    [TestCase("archive.tar.gz", "archive.tar.gz", TestName = "ToOriginalName_DoubleExtension_KeepsBoth")]
    [TestCase("uploads/2026/photo.jpg", "photo.jpg", TestName = "ToOriginalName_ForwardSlashPath_KeepsLastPart")]
    [TestCase(@"C:\fakepath\photo.jpg", "photo.jpg", TestName = "ToOriginalName_BackslashPath_KeepsLastPart")]
    [TestCase("年度报告 2026.pdf", "年度报告 2026.pdf", TestName = "ToOriginalName_ChineseLetters_AreKept")]
    [TestCase("تقرير سنوي.pdf", "تقرير سنوي.pdf", TestName = "ToOriginalName_ArabicLetters_AreKept")]
    [TestCase("🎉 party.png", "🎉 party.png", TestName = "ToOriginalName_Emoji_IsKept")]
    public void ToOriginalName_ReturnsExpectedName(string clientName, string expected) =>
        Assert.That(FileNames.ToOriginalName(clientName), Is.EqualTo(expected));

    [TestCase("a\0b.txt", "ab", TestName = "ToDisplayName_Nul_IsRemoved")]
    [TestCase("a\u0007b.txt", "ab", TestName = "ToDisplayName_Bell_IsRemoved")]
    [TestCase("a\r\nb.txt", "ab", TestName = "ToDisplayName_CarriageReturnLineFeed_AreRemoved")]
    [TestCase("a\tb.txt", "ab", TestName = "ToDisplayName_Tab_IsRemoved")]
    [TestCase("invoice\u202Efdp.exe", "invoicefdp", TestName = "ToDisplayName_RightToLeftOverride_IsRemoved")]
    [TestCase("a\u200Eb\u200F.txt", "ab", TestName = "ToDisplayName_LeftAndRightToLeftMarks_AreRemoved")]
    [TestCase("\uFEFFphoto.jpg", "photo", TestName = "ToDisplayName_ByteOrderMark_IsRemoved")]
    [TestCase("pho\u200Bto\u2060.jpg", "photo", TestName = "ToDisplayName_ZeroWidthSpaceAndWordJoiner_AreRemoved")]
    [TestCase("a\u180Eb\u2063.txt", "ab", TestName = "ToDisplayName_MongolianVowelSeparatorAndInvisibleSeparator_AreRemoved")]
    [TestCase("a\u007Fb.txt", "ab", TestName = "ToDisplayName_Delete_IsRemoved")]
    [TestCase("a\u0085b\u2028c\u2029d.txt", "abcd", TestName = "ToDisplayName_NextLineAndUnicodeLineBreaks_AreRemoved")]
    [TestCase("a.png\r\nSet-Cookie: x=1", "a", TestName = "ToDisplayName_HeaderInjectionAttempt_LosesLineBreaks")]
    public void ToDisplayName_RemovesControlAndBidiCharacters(string clientName, string expected) =>
        Assert.That(FileNames.ToDisplayName(clientName), Is.EqualTo(expected));

    [TestCase("a\0b.txt", "ab.txt", TestName = "ToOriginalName_Nul_IsRemoved")]
    [TestCase("a\u0007b.txt", "ab.txt", TestName = "ToOriginalName_Bell_IsRemoved")]
    [TestCase("a\r\nb.txt", "ab.txt", TestName = "ToOriginalName_CarriageReturnLineFeed_AreRemoved")]
    [TestCase("invoice\u202Efdp.exe", "invoicefdp.exe", TestName = "ToOriginalName_RightToLeftOverride_IsRemoved")]
    [TestCase("a\u200Eb\u200F.txt", "ab.txt", TestName = "ToOriginalName_LeftAndRightToLeftMarks_AreRemoved")]
    [TestCase("\uFEFFphoto.jpg", "photo.jpg", TestName = "ToOriginalName_ByteOrderMark_IsRemoved")]
    [TestCase("pho\u200Bto.jpg", "photo.jpg", TestName = "ToOriginalName_ZeroWidthSpace_IsRemoved")]
    [TestCase("a.png\r\nSet-Cookie: x=1", "a.pngSet-Cookie: x=1", TestName = "ToOriginalName_HeaderInjectionAttempt_LosesLineBreaks")]
    public void ToOriginalName_RemovesControlAndBidiCharacters(string clientName, string expected) =>
        Assert.That(FileNames.ToOriginalName(clientName), Is.EqualTo(expected));

    [TestCase(null, TestName = "ToDisplayName_Null_ReturnsUntitled")]
    [TestCase("", TestName = "ToDisplayName_Empty_ReturnsUntitled")]
    [TestCase("..", TestName = "ToDisplayName_ParentDirectory_ReturnsUntitled")]
    [TestCase("../..", TestName = "ToDisplayName_ParentOfParentDirectory_ReturnsUntitled")]
    [TestCase(@"..\..", TestName = "ToDisplayName_BackslashParentOfParentDirectory_ReturnsUntitled")]
    [TestCase("uploads/", TestName = "ToDisplayName_TrailingSlash_ReturnsUntitled")]
    [TestCase(".", TestName = "ToDisplayName_SingleDot_ReturnsUntitled")]
    [TestCase("...", TestName = "ToDisplayName_OnlyDots_ReturnsUntitled")]
    [TestCase("   ", TestName = "ToDisplayName_OnlySpaces_ReturnsUntitled")]
    [TestCase(". . .", TestName = "ToDisplayName_DotsAndSpaces_ReturnsUntitled")]
    [TestCase("\0\r\n\u202E", TestName = "ToDisplayName_OnlyControlCharacters_ReturnsUntitled")]
    public void ToDisplayName_NothingLeft_ReturnsUntitled(string? clientName) =>
        Assert.That(FileNames.ToDisplayName(clientName), Is.EqualTo(Untitled));

    [TestCase(null, TestName = "ToOriginalName_Null_ReturnsUntitled")]
    [TestCase("", TestName = "ToOriginalName_Empty_ReturnsUntitled")]
    [TestCase("..", TestName = "ToOriginalName_ParentDirectory_ReturnsUntitled")]
    [TestCase("../..", TestName = "ToOriginalName_ParentOfParentDirectory_ReturnsUntitled")]
    [TestCase("...", TestName = "ToOriginalName_OnlyDots_ReturnsUntitled")]
    [TestCase("   ", TestName = "ToOriginalName_OnlySpaces_ReturnsUntitled")]
    [TestCase(". . .", TestName = "ToOriginalName_DotsAndSpaces_ReturnsUntitled")]
    public void ToOriginalName_NothingLeft_ReturnsUntitled(string? clientName) =>
        Assert.That(FileNames.ToOriginalName(clientName), Is.EqualTo(Untitled));

    [TestCase("خانه\u200Cها.png", "خانه\u200Cها", TestName = "ToDisplayName_ZeroWidthNonJoinerInPersian_IsKept")]
    [TestCase("CON.png", "CON", TestName = "ToDisplayName_WindowsReservedName_IsKeptAsText")]
    [TestCase("%2e%2e%2fetc%2fpasswd.png", "%2e%2e%2fetc%2fpasswd", TestName = "ToDisplayName_PercentEncodedTraversal_IsNotDecoded")]
    [TestCase("/abs/path.png", "path", TestName = "ToDisplayName_AbsolutePath_KeepsLastPart")]
    public void ToDisplayName_HostileButHarmless_ReturnsExpectedName(string clientName, string expected) =>
        Assert.That(FileNames.ToDisplayName(clientName), Is.EqualTo(expected));

    [TestCase("\u200B\u2060", TestName = "ToDisplayName_OnlyInvisibleCharacters_ReturnsUntitled")]
    [TestCase("\u200B \u2060.", TestName = "ToDisplayName_InvisibleSpacesAndDot_ReturnsUntitled")]
    public void ToDisplayName_OnlyInvisible_ReturnsUntitled(string clientName) =>
        Assert.That(FileNames.ToDisplayName(clientName), Is.EqualTo(Untitled));

    [Test]
    public void ToDisplayName_DotFile_KeepsWholeName() =>
        Assert.That(FileNames.ToDisplayName(".bashrc"), Is.EqualTo(".bashrc"));

    [Test]
    public void ToOriginalName_DotFile_KeepsWholeName() =>
        Assert.That(FileNames.ToOriginalName(".bashrc"), Is.EqualTo(".bashrc"));

    [Test]
    public void ToDisplayName_LongName_IsTruncatedToMaxLength()
    {
        var name = FileNames.ToDisplayName(new string('a', 1000) + ".jpg");

        Assert.That(name, Is.EqualTo(new string('a', MaxLengths.FileName)));
    }

    [Test]
    public void ToOriginalName_LongName_IsTruncatedToMaxLength()
    {
        var name = FileNames.ToOriginalName(new string('a', 1000) + ".jpg");

        Assert.That(name, Has.Length.LessThanOrEqualTo(MaxLengths.OriginalFileName).And.StartWith("aaaa"));
    }

    [Test]
    public void ToOriginalName_LongName_KeepsExtension()
    {
        var name = FileNames.ToOriginalName(new string('a', 1000) + ".jpg");

        Assert.That(name, Has.Length.LessThanOrEqualTo(MaxLengths.OriginalFileName).And.EndWith(".jpg"));
    }

    [TestCase("", TestName = "ToDisplayName_LongEmojiName_DoesNotSplitSurrogatePair")]
    [TestCase("a", TestName = "ToDisplayName_LongEmojiNameOddOffset_DoesNotSplitSurrogatePair")]
    public void ToDisplayName_LongEmojiName_DoesNotSplitSurrogatePair(string prefix)
    {
        var name = FileNames.ToDisplayName(prefix + string.Concat(Enumerable.Repeat(Emoji, 500)) + ".png");

        Assert.Multiple(() =>
        {
            Assert.That(name, Has.Length.LessThanOrEqualTo(MaxLengths.FileName).And.Length.GreaterThan(MaxLengths.FileName - 2));
            Assert.That(IsWellFormedUtf16(name), Is.True, "a surrogate pair was split");
            Assert.That(name, Does.EndWith(Emoji));
        });
    }

    [TestCase("", TestName = "ToOriginalName_LongEmojiName_DoesNotSplitSurrogatePair")]
    [TestCase("a", TestName = "ToOriginalName_LongEmojiNameOddOffset_DoesNotSplitSurrogatePair")]
    public void ToOriginalName_LongEmojiName_DoesNotSplitSurrogatePair(string prefix)
    {
        var name = FileNames.ToOriginalName(prefix + string.Concat(Enumerable.Repeat(Emoji, 500)) + ".png");

        Assert.Multiple(() =>
        {
            Assert.That(name, Has.Length.LessThanOrEqualTo(MaxLengths.OriginalFileName));
            Assert.That(IsWellFormedUtf16(name), Is.True, "a surrogate pair was split");
        });
    }

    [Test]
    public void ToDisplayName_LoneSurrogate_IsRemoved() =>
        Assert.That(FileNames.ToDisplayName("a\uD800b.txt"), Is.EqualTo("ab"));

    private static bool IsWellFormedUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                i++;
            else if (char.IsSurrogate(value[i]))
                return false;
        }

        return true;
    }
}
