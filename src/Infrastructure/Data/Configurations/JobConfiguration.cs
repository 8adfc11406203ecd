using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attachments.Infrastructure.Data.Configurations;

public sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public const string TableName = "jobs";
    public const string RunningKindIndex = "ux_jobs_running_kind";

    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable(TableName, t =>
        {
            t.HasComment(
                "Scan and thumbnail rebuild jobs (docs/decisions/018-durable-jobs.md), as GET /api/attachment/jobs shows them: every " +
                "instance works on the running ones through job_batches and adds what it did to the counters here. The running ones " +
                "and the newest Jobs:KeepFinished finished ones are kept.");
            t.HasCheckConstraint("ck_jobs_state", "state IN ('running', 'completed', 'failed')");
        });

        builder.Property(j => j.Id).HasMaxLength(32).HasComment("32 hex characters, as the API shows it.");
        builder.Property(j => j.Kind).HasMaxLength(32).HasComment("scan or thumb_rebuild.");
        builder.Property(j => j.State).HasMaxLength(16)
            .HasComment("running, completed (even with failed units) or failed (the job itself stopped; errors[1] says why). One running job per kind.");
        builder.Property(j => j.Phases)
            .HasComment("The phases the job goes through, in order (scan: index, process_images, thumbnails; thumb_rebuild: thumbnails), from the settings of the instance that started it.");
        builder.Property(j => j.Phase).HasMaxLength(32).HasComment("The phase being worked on; NULL once the job has ended.");
        builder.Property(j => j.StartedBy).HasMaxLength(200).HasComment("The instance (host/process id/random) whose request started the job.");
        builder.Property(j => j.StartedAt).HasDefaultValueSql("now()").ValueGeneratedOnAdd().HasComment("When the job started (database clock).");
        builder.Property(j => j.FinishedAt).HasComment("When the job completed or failed; NULL while it runs.");
        builder.Property(j => j.Total).HasComment("Units of work planned so far: a phase adds its own when it is planned, so this grows during a scan.");
        builder.Property(j => j.Processed).HasComment("Units done, whatever their outcome.");
        builder.Property(j => j.Failed).HasComment("Units that threw (unreadable image, file gone, ...).");
        builder.Property(j => j.Indexed).HasComment("Rows a scan created.");
        builder.Property(j => j.ThumbnailsBuilt).HasComment("Thumbnails written.");
        builder.Property(j => j.Skipped).HasComment("Files a scan examined and left out: a type that may not be stored as it is, or a name the bytes contradict.");
        builder.Property(j => j.Duplicates).HasComment("Files whose bytes are already stored as another attachment.");
        builder.Property(j => j.Ignored).HasComment("Files under uploads/ without a row, outside the uploads/yyyyMM/dd/<name>.<ext> layout.");
        builder.Property(j => j.AlreadyIndexed).HasComment("Files under uploads/ that already have a row at their location (also a unit redone after its instance died).");
        builder.Property(j => j.ImagesProcessed).HasComment("Images a scan indexed as found and then stored as an upload would, in place.");
        builder.Property(j => j.Errors).HasComment("The first 10 failures, '<unit>: <reason>'; a job that failed says why first.");

        builder.HasIndex(j => j.Kind).IsUnique().HasFilter("state = 'running'").HasDatabaseName(RunningKindIndex);
        builder.HasIndex(j => j.StartedAt).HasDatabaseName("ix_jobs_started_at");
    }
}
