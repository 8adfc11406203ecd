namespace Attachments.Application.Categories.Common;

/// <summary>The category object of the Attachment API (serialised snake_case).</summary>
public sealed class CategoryDto
{
    public long Id { get; init; }

    public string Title { get; init; } = string.Empty;

    /// <summary>Attachments in the category now, counted by the query that reads it.</summary>
    public int AttachCount { get; init; }

    public int Status { get; init; }

    public long CreatedTime { get; init; }

    public long UpdatedTime { get; init; }
}
