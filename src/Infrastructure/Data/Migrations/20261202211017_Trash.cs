using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attachments.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Trash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "trashed_attachments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false, comment: "The attachment's id, kept when it is restored."),
                    file_name = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false, comment: "As attachments.file_name."),
                    original_file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, comment: "As attachments.original_file_name."),
                    file_location = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, comment: "Where the file was and goes back to (as attachments.file_location); its bytes are at trash/<id>/<file_location>, or trash/<id>/private/<file_location> when private."),
                    file_size = table.Column<long>(type: "bigint", nullable: false, comment: "As attachments.file_size."),
                    file_md5 = table.Column<string>(type: "character(32)", fixedLength: true, maxLength: 32, nullable: false, comment: "As attachments.file_md5; uploads of the same bytes are not de-duplicated against it."),
                    mime_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, comment: "As attachments.mime_type."),
                    width = table.Column<int>(type: "integer", nullable: false, comment: "As attachments.width."),
                    height = table.Column<int>(type: "integer", nullable: false, comment: "As attachments.height."),
                    category_id = table.Column<long>(type: "bigint", nullable: true, comment: "attachment_categories.id it was in; NULL when uncategorised or when that category was deleted since."),
                    is_image = table.Column<bool>(type: "boolean", nullable: false, comment: "As attachments.is_image."),
                    is_processed = table.Column<bool>(type: "boolean", nullable: false, comment: "As attachments.is_processed."),
                    status = table.Column<short>(type: "smallint", nullable: false, comment: "As attachments.status."),
                    user_id = table.Column<long>(type: "bigint", nullable: true, comment: "users.id of the uploader; NULL when that user was deleted."),
                    created_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "When the attachment was first uploaded."),
                    updated_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "When the row or its bytes last changed before the delete."),
                    alt = table.Column<string>(type: "text", nullable: false, comment: "As attachments.alt."),
                    caption = table.Column<string>(type: "text", nullable: false, comment: "As attachments.caption."),
                    tags = table.Column<List<string>>(type: "text[]", nullable: false, comment: "As attachments.tags."),
                    visibility = table.Column<short>(type: "smallint", nullable: false, comment: "As attachments.visibility."),
                    focus_x = table.Column<double>(type: "double precision", nullable: false, comment: "As attachments.focus_x."),
                    focus_y = table.Column<double>(type: "double precision", nullable: false, comment: "As attachments.focus_y."),
                    blurhash = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, comment: "As attachments.blurhash."),
                    dominant_color = table.Column<string>(type: "character(7)", fixedLength: true, maxLength: 7, nullable: true, comment: "As attachments.dominant_color."),
                    deleted_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "When it was deleted; the purge deletes it for ever once Attachments:TrashRetention has passed."),
                    deleted_by = table.Column<long>(type: "bigint", nullable: true, comment: "users.id of who deleted it; NULL when that user was deleted.")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trashed_attachments", x => x.id);
                    table.CheckConstraint("ck_trashed_attachments_file_location", "file_location LIKE 'uploads/%'");
                    table.ForeignKey(
                        name: "fk_trashed_attachments_category_id",
                        column: x => x.category_id,
                        principalTable: "attachment_categories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_trashed_attachments_deleted_by",
                        column: x => x.deleted_by,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_trashed_attachments_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                },
                comment: "Deleted attachments kept for Attachments:TrashRetention: the attachments row as it was (moved out, so lists, counts and de-duplication no longer see it), its files under trash/<id>/ in the storage root. Restoring moves both back; the purge deletes both.");

            migrationBuilder.CreateIndex(
                name: "ix_trashed_attachments_category_id",
                table: "trashed_attachments",
                column: "category_id");

            migrationBuilder.CreateIndex(
                name: "ix_trashed_attachments_deleted_by",
                table: "trashed_attachments",
                column: "deleted_by");

            migrationBuilder.CreateIndex(
                name: "ix_trashed_attachments_deleted_time_id",
                table: "trashed_attachments",
                columns: new[] { "deleted_time", "id" },
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "ix_trashed_attachments_user_id",
                table: "trashed_attachments",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "trashed_attachments");
        }
    }
}
