using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attachments.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "alt",
                table: "attachments",
                type: "text",
                nullable: false,
                defaultValue: "",
                comment: "Alternative text for the image, as a page's alt attribute; '' when not given. Found by the list's q.");

            migrationBuilder.AddColumn<string>(
                name: "caption",
                table: "attachments",
                type: "text",
                nullable: false,
                defaultValue: "",
                comment: "A caption to show with the file; '' when not given. Found by the list's q.");

            migrationBuilder.AddColumn<List<string>>(
                name: "tags",
                table: "attachments",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]",
                comment: "Editors' labels (at most 20 of at most 50 characters, none twice in any case); the list's tag= finds one exactly, q any part of one.");

            // What the list's q searches, computed into search_text on every write. IMMUTABLE is true here:
            // array_to_string of text[] depends on no setting. The EF model cannot describe a function.
            migrationBuilder.Sql("""
                CREATE FUNCTION attachment_search_text(file_name text, alt text, caption text, tags text[]) RETURNS text
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN lower(file_name || ' ' || alt || ' ' || caption || ' ' || array_to_string(tags, ' '));
                COMMENT ON FUNCTION attachment_search_text(text, text, text, text[]) IS
                    'Computes attachments.search_text, what GET /api/attachment/list?q= searches: name, alt text, caption and tags, lower-cased.';
                """);

            migrationBuilder.AddColumn<string>(
                name: "search_text",
                table: "attachments",
                type: "text",
                nullable: false,
                computedColumnSql: "attachment_search_text(file_name, alt, caption, tags)",
                stored: true,
                comment: "Kept by the database: lower-cased file_name, alt, caption and tags in one string, what the list's q searches (ix_attachments_search_trgm).");

            migrationBuilder.CreateIndex(
                name: "ix_attachments_search_trgm",
                table: "attachments",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_attachments_tags",
                table: "attachments",
                column: "tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.AddCheckConstraint(
                name: "ck_attachments_alt",
                table: "attachments",
                sql: "char_length(alt) <= 1000");

            migrationBuilder.AddCheckConstraint(
                name: "ck_attachments_caption",
                table: "attachments",
                sql: "char_length(caption) <= 2000");

            migrationBuilder.AddCheckConstraint(
                name: "ck_attachments_tags",
                table: "attachments",
                sql: "cardinality(tags) <= 20");

            // Replaced by ix_attachments_search_trgm, which finds names as well.
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_attachments_file_name_trgm;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX ix_attachments_file_name_trgm ON attachments USING gin (lower(file_name) gin_trgm_ops);");

            migrationBuilder.DropIndex(
                name: "ix_attachments_search_trgm",
                table: "attachments");

            migrationBuilder.DropIndex(
                name: "ix_attachments_tags",
                table: "attachments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_attachments_alt",
                table: "attachments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_attachments_caption",
                table: "attachments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_attachments_tags",
                table: "attachments");

            migrationBuilder.DropColumn(
                name: "search_text",
                table: "attachments");

            migrationBuilder.DropColumn(
                name: "alt",
                table: "attachments");

            migrationBuilder.DropColumn(
                name: "caption",
                table: "attachments");

            migrationBuilder.DropColumn(
                name: "tags",
                table: "attachments");

            migrationBuilder.Sql("DROP FUNCTION IF EXISTS attachment_search_text(text, text, text, text[]);");
        }
    }
}
