using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attachments.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScannedImagesNotProcessed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "is_processed",
                table: "attachments",
                type: "boolean",
                nullable: false,
                defaultValue: true,
                comment: "True when the stored file is what an upload stores (images auto-oriented, converted, stripped of metadata; other files as sent); false for an image a scan indexed as found on disk, EXIF and GPS included, until it is processed in place.");

            // Rows a scan made before this column existed cannot be told apart exactly. A scan leaves user_id
            // NULL and names the row after the file it found, so those are marked; the same match also takes in
            // images of deleted uploaders whose client name looks like a stored name, which costs them only one
            // more (lossless for PNG and GIF) processing, where missing a scanned photo would keep its GPS.
            migrationBuilder.Sql(
                """
                UPDATE attachments SET is_processed = false
                WHERE is_image AND user_id IS NULL
                  AND original_file_name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}\.(jpg|png|gif|webp)$';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "is_processed",
                table: "attachments");
        }
    }
}
