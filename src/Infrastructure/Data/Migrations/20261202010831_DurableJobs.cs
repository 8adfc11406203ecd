using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Attachments.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class DurableJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, comment: "32 hex characters, as the API shows it."),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, comment: "scan or thumb_rebuild."),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, comment: "running, completed (even with failed units) or failed (the job itself stopped; errors[1] says why). One running job per kind."),
                    phases = table.Column<List<string>>(type: "text[]", nullable: false, comment: "The phases the job goes through, in order (scan: index, process_images, thumbnails; thumb_rebuild: thumbnails), from the settings of the instance that started it."),
                    phase = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, comment: "The phase being worked on; NULL once the job has ended."),
                    started_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, comment: "The instance (host/process id/random) whose request started the job."),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()", comment: "When the job started (database clock)."),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, comment: "When the job completed or failed; NULL while it runs."),
                    total = table.Column<long>(type: "bigint", nullable: false, comment: "Units of work planned so far: a phase adds its own when it is planned, so this grows during a scan."),
                    processed = table.Column<long>(type: "bigint", nullable: false, comment: "Units done, whatever their outcome."),
                    failed = table.Column<long>(type: "bigint", nullable: false, comment: "Units that threw (unreadable image, file gone, ...)."),
                    indexed = table.Column<long>(type: "bigint", nullable: false, comment: "Rows a scan created."),
                    thumbnails_built = table.Column<long>(type: "bigint", nullable: false, comment: "Thumbnails written."),
                    skipped = table.Column<long>(type: "bigint", nullable: false, comment: "Files a scan examined and left out: a type that may not be stored as it is, or a name the bytes contradict."),
                    duplicates = table.Column<long>(type: "bigint", nullable: false, comment: "Files whose bytes are already stored as another attachment."),
                    ignored = table.Column<long>(type: "bigint", nullable: false, comment: "Files under uploads/ without a row, outside the uploads/yyyyMM/dd/<name>.<ext> layout."),
                    already_indexed = table.Column<long>(type: "bigint", nullable: false, comment: "Files under uploads/ that already have a row at their location (also a unit redone after its instance died)."),
                    images_processed = table.Column<long>(type: "bigint", nullable: false, comment: "Images a scan indexed as found and then stored as an upload would, in place."),
                    errors = table.Column<List<string>>(type: "text[]", nullable: false, comment: "The first 10 failures, '<unit>: <reason>'; a job that failed says why first.")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_jobs", x => x.id);
                    table.CheckConstraint("ck_jobs_state", "state IN ('running', 'completed', 'failed')");
                },
                comment: "Scan and thumbnail rebuild jobs (docs/decisions/018-durable-jobs.md), as GET /api/attachment/jobs shows them: every instance works on the running ones through job_batches and adds what it did to the counters here. The running ones and the newest Jobs:KeepFinished finished ones are kept.");

            migrationBuilder.CreateTable(
                name: "job_batches",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false, comment: "Batches are claimed in id order.")
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    job_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, comment: "The job (jobs.id)."),
                    phase = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, comment: "The phase of the job the batch belongs to (one of jobs.phases)."),
                    units = table.Column<List<string>>(type: "text[]", nullable: true, comment: "The units to do, as the job names them (file locations); NULL for the batch that plans the phase, i.e. lists its units and adds their batches."),
                    claimed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, comment: "The instance that holds the batch or last held it; NULL if none has yet."),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, comment: "Until when claimed_by holds the batch (Jobs:BatchLease, renewed while it works; database clock). NULL or past: any instance may claim it."),
                    attempts = table.Column<int>(type: "integer", nullable: false, comment: "How many times an instance claimed it; beyond Jobs:MaxAttempts its units count as failed (or, when planning, the job fails)."),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, comment: "When the batch was done and its counts added to the job; NULL while it is still to do.")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_batches", x => x.id);
                    table.ForeignKey(
                        name: "fk_job_batches_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                },
                comment: "The work of the jobs in jobs, a few units at a time: every instance claims unfinished batches whose lease has run out (FOR UPDATE SKIP LOCKED) and renews the lease while it works; a batch whose instance died is claimed again and redone. Deleted with their job.");

            migrationBuilder.CreateIndex(
                name: "ix_job_batches_job_id_phase",
                table: "job_batches",
                columns: new[] { "job_id", "phase" });

            migrationBuilder.CreateIndex(
                name: "ix_job_batches_unfinished",
                table: "job_batches",
                column: "id",
                filter: "finished_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_started_at",
                table: "jobs",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ux_jobs_running_kind",
                table: "jobs",
                column: "kind",
                unique: true,
                filter: "state = 'running'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "job_batches");

            migrationBuilder.DropTable(
                name: "jobs");
        }
    }
}
