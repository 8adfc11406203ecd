using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attachments.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class DirectUploads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "direct_uploads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, comment: "upload_id in the API, random; the bytes are at <storage root>/.direct/<id> (disk) or <prefix>.direct/<id> (bucket)."),
                    user_id = table.Column<long>(type: "bigint", nullable: false, comment: "users.id of who presigned it, the only user who may complete it."),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, comment: "The client's file name as sent; the attachment's names are made from it as for any upload."),
                    file_size = table.Column<long>(type: "bigint", nullable: false, comment: "Bytes presigned; the uploaded file must be exactly this long."),
                    category_id = table.Column<long>(type: "bigint", nullable: true, comment: "attachment_categories.id the attachment goes in; NULL for none (or when the category was deleted since)."),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "When it was presigned."),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "The URL works and the upload can be completed until then; afterwards a sweep deletes the row and its bytes."),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, comment: "When the file was stored; NULL until then. Completing again answers the same attachment."),
                    attachment_id = table.Column<long>(type: "bigint", nullable: true, comment: "The attachment the completed upload stored or found with the same bytes; no foreign key, it may be deleted since.")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_direct_uploads", x => x.id);
                    table.CheckConstraint("ck_direct_uploads_file_size", "file_size > 0");
                    table.ForeignKey(
                        name: "fk_direct_uploads_category_id",
                        column: x => x.category_id,
                        principalTable: "attachment_categories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_direct_uploads_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                },
                comment: "Uploads whose bytes the client sends straight to storage with a presigned URL (docs/decisions/020-direct-uploads.md): a row per POST /api/attachment/upload/presign, marked completed when the file is stored as an attachment, and deleted with its bytes once expires_at has passed.");

            migrationBuilder.CreateIndex(
                name: "ix_direct_uploads_category_id",
                table: "direct_uploads",
                column: "category_id");

            migrationBuilder.CreateIndex(
                name: "ix_direct_uploads_expires_at",
                table: "direct_uploads",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_direct_uploads_user_id",
                table: "direct_uploads",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "direct_uploads");
        }
    }
}
