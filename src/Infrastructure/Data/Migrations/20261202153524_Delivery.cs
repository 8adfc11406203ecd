using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Attachments.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Delivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "blurhash",
                table: "attachments",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                comment: "BlurHash placeholder (4x3 components) of an image; NULL for other files and until the thumbnail rebuild makes it.");

            migrationBuilder.AddColumn<string>(
                name: "dominant_color",
                table: "attachments",
                type: "character(7)",
                fixedLength: true,
                maxLength: 7,
                nullable: true,
                comment: "The image's most common colour as #rrggbb; NULL for other files and until made.");

            migrationBuilder.AddColumn<double>(
                name: "focus_x",
                table: "attachments",
                type: "double precision",
                nullable: false,
                defaultValue: 0.5,
                comment: "Focal point, 0-1 from the left edge: every crop (named sizes, fit=cover, the Crop thumbnail) keeps it in view.");

            migrationBuilder.AddColumn<double>(
                name: "focus_y",
                table: "attachments",
                type: "double precision",
                nullable: false,
                defaultValue: 0.5,
                comment: "Focal point, 0-1 from the top edge.");

            migrationBuilder.AddColumn<short>(
                name: "visibility",
                table: "attachments",
                type: "smallint",
                nullable: false,
                defaultValue: (short)0,
                comment: "0 public (served at /uploads/<file_location> to anyone); 1 private (stored at private/<file_location>, served only on a signed, unexpired URL).");

            migrationBuilder.CreateTable(
                name: "attachment_derivatives",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false, comment: "Derivative id.")
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    attachment_id = table.Column<long>(type: "bigint", nullable: false, comment: "attachments.id; the rows go with the attachment (its delete removes the files too)."),
                    file_md5 = table.Column<string>(type: "character(32)", fixedLength: true, maxLength: 32, nullable: false, comment: "md5 of the content it was made from: new bytes at the same location never find an old derivative."),
                    key = table.Column<string>(type: "character(16)", fixedLength: true, maxLength: 16, nullable: false, comment: "First 16 hex digits of the SHA-256 of the canonical parameters (w, h, fit, format, q, dpr, and the focal point for crops)."),
                    location = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, comment: "Path relative to the storage root: derivatives/<md5>/<key>.<ext>."),
                    mime_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, comment: "Media type of the derivative."),
                    file_size = table.Column<long>(type: "bigint", nullable: false, comment: "Bytes of the derivative."),
                    width = table.Column<int>(type: "integer", nullable: false, comment: "Pixel width of the derivative."),
                    height = table.Column<int>(type: "integer", nullable: false, comment: "Pixel height of the derivative."),
                    created_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "When it was made.")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachment_derivatives", x => x.id);
                    table.CheckConstraint("ck_attachment_derivatives_location", "location LIKE 'derivatives/%'");
                    table.ForeignKey(
                        name: "fk_attachment_derivatives_attachment_id",
                        column: x => x.attachment_id,
                        principalTable: "attachments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                },
                comment: "Resized or re-encoded copies of an image (named sizes, signed URL transforms), made on first request; the files are at location, under derivatives/ in the storage root, and go with the row.");

            migrationBuilder.AddCheckConstraint(
                name: "ck_attachments_dominant_color",
                table: "attachments",
                sql: "dominant_color ~ '^#[0-9a-f]{6}$'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_attachments_focus",
                table: "attachments",
                sql: "focus_x BETWEEN 0 AND 1 AND focus_y BETWEEN 0 AND 1");

            migrationBuilder.CreateIndex(
                name: "ux_attachment_derivatives_attachment_id_file_md5_key",
                table: "attachment_derivatives",
                columns: new[] { "attachment_id", "file_md5", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_attachment_derivatives_location",
                table: "attachment_derivatives",
                column: "location",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attachment_derivatives");

            migrationBuilder.DropCheckConstraint(
                name: "ck_attachments_dominant_color",
                table: "attachments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_attachments_focus",
                table: "attachments");

            migrationBuilder.DropColumn(
                name: "blurhash",
                table: "attachments");

            migrationBuilder.DropColumn(
                name: "dominant_color",
                table: "attachments");

            migrationBuilder.DropColumn(
                name: "focus_x",
                table: "attachments");

            migrationBuilder.DropColumn(
                name: "focus_y",
                table: "attachments");

            migrationBuilder.DropColumn(
                name: "visibility",
                table: "attachments");
        }
    }
}
