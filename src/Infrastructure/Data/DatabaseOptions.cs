namespace Attachments.Infrastructure.Data;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Apply pending EF Core migrations when the service starts; turn off where DBAs run db/migrations.sql.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
