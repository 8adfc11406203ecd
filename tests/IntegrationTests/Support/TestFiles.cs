using System.Text;

namespace Attachments.IntegrationTests.Support;

/// <summary>Small files made in the tests, for the types the shared fixtures do not cover.</summary>
internal static class TestFiles
{
    public static byte[] Pdf(string text = "Hello") => Encoding.ASCII.GetBytes(
        $"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n");
}
