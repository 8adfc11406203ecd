namespace Attachments.Domain.Constants;

public static class MaxLengths
{
    public const int FileName = 250;
    public const int OriginalFileName = 255;
    public const int FileLocation = 255;
    public const int Md5 = 32;
    public const int MimeType = 100;
    public const int CategoryTitle = 100;
    public const int UserName = 64;
    public const int Permission = 64;
    public const int PasswordHash = 255;
    public const int BlurHash = 32;
    public const int Alt = 1000;
    public const int Caption = 2000;
    public const int Tag = 50;
    public const int Tags = 20;
    public const int TusMetadata = 4096;
}
