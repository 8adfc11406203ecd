using Attachments.Application.Common;

namespace Attachments.UnitTests.Common;

public sealed class AttachmentDispositionTests
{
    [TestCase("report.pdf", "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf")]
    [TestCase("Отчёт 2026.pdf", "attachment; filename=\"_____ 2026.pdf\"; filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82%202026.pdf")]
    [TestCase("年度报告.pdf", "attachment; filename=\"____.pdf\"; filename*=UTF-8''%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf")]
    [TestCase("a\"b\\c/d%e;f.pdf", "attachment; filename=\"a_b_c_d_e;f.pdf\"; filename*=UTF-8''a%22b%5Cc%2Fd%25e%3Bf.pdf")]
    [TestCase("x\r\nSet-Cookie: y\t\u0000.pdf", "attachment; filename=\"xSet-Cookie: y.pdf\"; filename*=UTF-8''xSet-Cookie%3A%20y.pdf")]
    [TestCase("😀.txt", "attachment; filename=\"_.txt\"; filename*=UTF-8''%F0%9F%98%80.txt")]
    public void For_Name_GivesAsciiFallbackAndUtf8FileNameStar(string name, string expected)
    {
        Assert.That(AttachmentDisposition.For(name), Is.EqualTo(expected));
    }
}
