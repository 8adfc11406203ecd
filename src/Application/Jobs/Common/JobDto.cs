namespace Attachments.Application.Jobs.Common;

/// <summary>A background job's status (serialised snake_case; times in unix seconds).</summary>
public sealed class JobDto
{
    public string Id { get; init; } = string.Empty;

    /// <summary>The same as <see cref="Id"/>, under the name clients read from the POST that started the job.</summary>
    public string JobId => Id;

    /// <summary>One of <see cref="JobKinds"/>.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>One of <see cref="JobStates"/>.</summary>
    public string State { get; init; } = string.Empty;

    public long StartedAt { get; init; }

    /// <summary>Null while the job runs.</summary>
    public long? FinishedAt { get; init; }

    /// <summary>Units of work found so far: files to index, then thumbnails to build.</summary>
    public long Total { get; init; }

    public long Processed { get; init; }

    public long Indexed { get; init; }

    public long ThumbnailsBuilt { get; init; }

    /// <summary>Files examined and left out: a type that may not be stored, or a name that does not match the bytes.</summary>
    public long Skipped { get; init; }

    /// <summary>Files whose bytes are already stored as another attachment.</summary>
    public long Duplicates { get; init; }

    /// <summary>Files under uploads/ outside the <c>uploads/yyyyMM/dd/&lt;name&gt;.&lt;ext&gt;</c> layout.</summary>
    public long Ignored { get; init; }

    /// <summary>Files under uploads/ that already have a row at their location, wherever it is.</summary>
    public long AlreadyIndexed { get; init; }

    /// <summary>Images a scan indexed as found and then stored as an upload would, in place (Jobs:ScanProcessesImages).</summary>
    public long ImagesProcessed { get; init; }

    public long Failed { get; init; }

    /// <summary>The first few failures, each naming its file.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
