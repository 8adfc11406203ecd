using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Attachments.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class PendingFileOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pending_file_operations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false, comment: "Operations on one location are applied in id order.")
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, comment: "place (a new attachment), replace (new content at the same locations), delete or move."),
                    attachment_id = table.Column<long>(type: "bigint", nullable: true, comment: "The attachment the change is for; no foreign key, the row may be deleted."),
                    steps = table.Column<string>(type: "jsonb", nullable: false, comment: "What to do, in order: {action: place, source: <staged name>, target: <location>} | {action: delete, target} | {action: move, source: <location>, target}."),
                    locations = table.Column<List<string>>(type: "text[]", nullable: false, comment: "Every location under uploads/ the steps touch (GIN-indexed, to order operations on one location)."),
                    staged_files = table.Column<List<string>>(type: "text[]", nullable: false, comment: "Names of the files in <storage root>/.tmp/ the steps place; the staging sweeper keeps them."),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()", comment: "When the write that owes it committed (database clock)."),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, comment: "Set when a sweep takes it over: until then that sweep applies it. NULL: the request that wrote it has it for Storage:OperationLease from created_at. Afterwards any instance may (database clock)."),
                    attempts = table.Column<int>(type: "integer", nullable: false, comment: "How many times a sweep took it over: more than one means applying it failed; see last_error."),
                    last_error = table.Column<string>(type: "text", nullable: true, comment: "Why the last attempt to apply it failed.")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pending_file_operations", x => x.id);
                    table.CheckConstraint("ck_pending_file_operations_kind", "kind IN ('place', 'replace', 'delete', 'move')");
                },
                comment: "File changes under uploads/ that committed writes still owe (docs/decisions/016-roll-forward-file-operations.md): written in the same transaction as the attachment row, applied right after the commit and then deleted. A row that stays is applied by any instance once its lease has expired; applying one twice is harmless.");

            migrationBuilder.CreateIndex(
                name: "ix_pending_file_operations_created_at",
                table: "pending_file_operations",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_pending_file_operations_locations",
                table: "pending_file_operations",
                column: "locations")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pending_file_operations");
        }
    }
}
