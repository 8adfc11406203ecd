using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attachments.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class TusUploads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tus_uploads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, comment: "The id in the upload URL /api/tus/<id>, random."),
                    user_id = table.Column<long>(type: "bigint", nullable: false, comment: "users.id of who created it, the only user who may send to it, ask for it or end it."),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, comment: "The filename metadata as sent; the attachment's names are made from it as for any upload."),
                    category_id = table.Column<long>(type: "bigint", nullable: true, comment: "attachment_categories.id from the category_id metadata; NULL for none (or when the category was deleted since)."),
                    length = table.Column<long>(type: "bigint", nullable: false, comment: "Upload-Length: the file's size in bytes."),
                    offset = table.Column<long>(type: "bigint", nullable: false, comment: "Upload-Offset: the bytes received and kept so far; length when every byte is there."),
                    parts = table.Column<int>(type: "integer", nullable: false, comment: "How many parts hold those bytes (part N is the N-th PATCH that kept any)."),
                    metadata = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: true, comment: "The Upload-Metadata header as sent at creation, answered again by HEAD."),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "When it was created."),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "Upload-Expires: the last bytes received plus Upload:ChunkMaxAge; afterwards a sweep deletes the row and its parts."),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, comment: "When the file was stored; NULL until then."),
                    attachment_id = table.Column<long>(type: "bigint", nullable: true, comment: "The attachment the completed upload stored or found with the same bytes (Upload-Attachment-Id); no foreign key, it may be deleted since.")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tus_uploads", x => x.id);
                    table.CheckConstraint("ck_tus_uploads_length", "length > 0");
                    table.CheckConstraint("ck_tus_uploads_offset", "\"offset\" >= 0 AND \"offset\" <= length");
                    table.ForeignKey(
                        name: "fk_tus_uploads_category_id",
                        column: x => x.category_id,
                        principalTable: "attachment_categories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_tus_uploads_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                },
                comment: "Resumable uploads of the tus 1.0 protocol at /api/tus/ (docs/decisions/028-tus-uploads.md): a row per creation (POST), its offset moved by each PATCH, the bytes kept as parts under .chunks/tus-<id>/ in the storage provider; marked completed when the file is stored as an attachment, and deleted with its parts once expires_at has passed.");

            migrationBuilder.CreateIndex(
                name: "ix_tus_uploads_category_id",
                table: "tus_uploads",
                column: "category_id");

            migrationBuilder.CreateIndex(
                name: "ix_tus_uploads_expires_at",
                table: "tus_uploads",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_tus_uploads_user_id",
                table: "tus_uploads",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tus_uploads");
        }
    }
}
