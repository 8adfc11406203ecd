using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attachments.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class ListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "ix_attachments_category_id_is_image_created_time_id",
                table: "attachments",
                columns: new[] { "category_id", "is_image", "created_time", "id" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_attachments_is_image_created_time_id",
                table: "attachments",
                columns: new[] { "is_image", "created_time", "id" },
                descending: new[] { false, true, true });

            // An expression index, which the EF model cannot describe: it serves lower(file_name) LIKE '%q%'.
            migrationBuilder.Sql(
                "CREATE INDEX ix_attachments_file_name_trgm ON attachments USING gin (lower(file_name) gin_trgm_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_attachments_file_name_trgm;");

            migrationBuilder.DropIndex(
                name: "ix_attachments_category_id_is_image_created_time_id",
                table: "attachments");

            migrationBuilder.DropIndex(
                name: "ix_attachments_is_image_created_time_id",
                table: "attachments");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
