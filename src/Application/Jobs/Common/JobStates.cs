namespace Attachments.Application.Jobs.Common;

public static class JobStates
{
    public const string Running = "running";
    public const string Completed = "completed";

    /// <summary>The job itself stopped (planning a phase failed); failed units alone never do this, nor does an instance stopping.</summary>
    public const string Failed = "failed";
}
