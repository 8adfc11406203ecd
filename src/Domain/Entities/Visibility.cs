namespace Attachments.Domain.Entities;

public enum Visibility
{
    Public = 0,
    Private = 1,
}
