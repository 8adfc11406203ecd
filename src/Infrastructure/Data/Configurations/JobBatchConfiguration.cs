using Attachments.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Attachments.Infrastructure.Data.Configurations;

public sealed class JobBatchConfiguration : IEntityTypeConfiguration<JobBatch>
{
    public const string TableName = "job_batches";

    public void Configure(EntityTypeBuilder<JobBatch> builder)
    {
        builder.ToTable(TableName, t => t.HasComment(
            "The work of the jobs in jobs, a few units at a time: every instance claims unfinished batches whose lease has run out " +
            "(FOR UPDATE SKIP LOCKED) and renews the lease while it works; a batch whose instance died is claimed again and redone. " +
            "Deleted with their job."));

        builder.Property(b => b.Id).HasComment("Batches are claimed in id order.");
        builder.Property(b => b.JobId).HasMaxLength(32).HasComment("The job (jobs.id).");
        builder.Property(b => b.Phase).HasMaxLength(32).HasComment("The phase of the job the batch belongs to (one of jobs.phases).");
        builder.Property(b => b.Units)
            .HasComment("The units to do, as the job names them (file locations); NULL for the batch that plans the phase, i.e. lists its units and adds their batches.");
        builder.Property(b => b.ClaimedBy).HasMaxLength(200).HasComment("The instance that holds the batch or last held it; NULL if none has yet.");
        builder.Property(b => b.LeaseExpiresAt)
            .HasComment("Until when claimed_by holds the batch (Jobs:BatchLease, renewed while it works; database clock). NULL or past: any instance may claim it.");
        builder.Property(b => b.Attempts).HasComment("How many times an instance claimed it; beyond Jobs:MaxAttempts its units count as failed (or, when planning, the job fails).");
        builder.Property(b => b.FinishedAt).HasComment("When the batch was done and its counts added to the job; NULL while it is still to do.");

        builder.HasOne<Job>().WithMany().HasForeignKey(b => b.JobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(b => new { b.JobId, b.Phase }).HasDatabaseName("ix_job_batches_job_id_phase");
        builder.HasIndex(b => b.Id).HasFilter("finished_at IS NULL").HasDatabaseName("ix_job_batches_unfinished");
    }
}
