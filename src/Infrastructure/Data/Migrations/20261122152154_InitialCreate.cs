using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Attachments.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "attachment_categories",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false, comment: "Category id, as the API shows it.")
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, comment: "Name shown to admins."),
                    status = table.Column<int>(type: "integer", nullable: false, comment: "Display status: 1 visible, 0 hidden."),
                    created_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "When the category was created."),
                    updated_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "When the category was last changed.")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachment_categories", x => x.id);
                },
                comment: "Folders an admin sorts attachments into; a category holding attachments cannot be deleted.");

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false, comment: "User id.")
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, comment: "Login name, unique."),
                    password_hash = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, comment: "ASP.NET Core Identity password hash (PBKDF2); never the password."),
                    permissions = table.Column<List<string>>(type: "text[]", nullable: false, comment: "Granted permissions: attachment.upload, attachment.manage, attachment.delete, users.manage."),
                    created_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "When the user was created."),
                    updated_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "When the user was last changed.")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                },
                comment: "People who log in to the API, with the permissions they hold.");

            migrationBuilder.CreateTable(
                name: "attachments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false, comment: "Attachment id, as the API shows it.")
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    file_name = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false, comment: "Display name: the client's file name without extension or path."),
                    original_file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, comment: "The client's file name with extension, cleaned of path parts and control characters."),
                    file_location = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, comment: "Path relative to the storage root: uploads/yyyyMM/dd/<md5[8:24]>.<ext>."),
                    file_size = table.Column<long>(type: "bigint", nullable: false, comment: "Bytes of the stored file (after image processing)."),
                    file_md5 = table.Column<string>(type: "character(32)", fixedLength: true, maxLength: 32, nullable: false, comment: "Lower-case hex MD5 of the bytes as uploaded; identical uploads share one row."),
                    mime_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, comment: "Media type of the stored file, decided from its bytes."),
                    width = table.Column<int>(type: "integer", nullable: false, comment: "Pixel width after auto-orientation; 0 for non-images."),
                    height = table.Column<int>(type: "integer", nullable: false, comment: "Pixel height after auto-orientation; 0 for non-images."),
                    category_id = table.Column<long>(type: "bigint", nullable: true, comment: "attachment_categories.id; NULL when uncategorised (the API shows 0)."),
                    is_image = table.Column<bool>(type: "boolean", nullable: false, comment: "True when the file is an image with a thumbnail beside it (thumb_<name>)."),
                    status = table.Column<short>(type: "smallint", nullable: false, comment: "Display status: 1 visible, 0 hidden."),
                    user_id = table.Column<long>(type: "bigint", nullable: true, comment: "users.id of the uploader; NULL when that user was deleted."),
                    created_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "When the attachment was first uploaded."),
                    updated_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "When the row or its bytes last changed."),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachments", x => x.id);
                    table.CheckConstraint("ck_attachments_dimensions", "width >= 0 AND height >= 0");
                    table.CheckConstraint("ck_attachments_file_location", "file_location LIKE 'uploads/%'");
                    table.CheckConstraint("ck_attachments_file_size", "file_size >= 0");
                    table.ForeignKey(
                        name: "fk_attachments_category_id",
                        column: x => x.category_id,
                        principalTable: "attachment_categories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_attachments_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                },
                comment: "Uploaded files: one row per distinct content (md5), bytes on disk at file_location under the storage root.");

            migrationBuilder.CreateIndex(
                name: "ix_attachments_category_id_created_time_id",
                table: "attachments",
                columns: new[] { "category_id", "created_time", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_attachments_created_time_id",
                table: "attachments",
                columns: new[] { "created_time", "id" },
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "ix_attachments_user_id",
                table: "attachments",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ux_attachments_file_location",
                table: "attachments",
                column: "file_location",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_attachments_file_md5",
                table: "attachments",
                column: "file_md5",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_users_user_name",
                table: "users",
                column: "user_name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attachments");

            migrationBuilder.DropTable(
                name: "attachment_categories");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
