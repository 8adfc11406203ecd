using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attachments.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class ImageNameIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_attachments_file_location_trgm",
                table: "attachments",
                column: "file_location")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_attachments_file_location_trgm",
                table: "attachments");
        }
    }
}
