namespace Attachments.Application.Jobs.Common;

public static class JobStates
{
    public const string Running = "running";
    public const string Completed = "completed";

    /// <summary>The job itself stopped early (the database went away, the service shut down); failed files alone never do this.</summary>
    public const string Failed = "failed";
}
