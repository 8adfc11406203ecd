using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attachments.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class AttachmentCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "attachment_counts",
                columns: table => new
                {
                    category_id = table.Column<long>(type: "bigint", nullable: false, comment: "attachments.category_id, 0 for the uncategorised ones (NULL there), as the API shows them; no foreign key, so a deleted category's row may stay at 0."),
                    is_image = table.Column<bool>(type: "boolean", nullable: false, comment: "attachments.is_image of the rows counted."),
                    count = table.Column<long>(type: "bigint", nullable: false, comment: "How many attachments have this category_id and is_image, exactly, as of the last commit.")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachment_counts", x => new { x.category_id, x.is_image });
                    table.CheckConstraint("ck_attachment_counts_count", "count >= 0");
                },
                comment: "How many attachments each category holds of each kind, for the list's total without count(*). Written only by the triggers on attachments (function attachment_counts_apply), at commit of the transaction that inserts, deletes or changes category_id/is_image; it always equals SELECT coalesce(category_id, 0), is_image, count(*) FROM attachments GROUP BY 1, 2. Rows at 0 may stay. docs/decisions/021-list-at-scale.md.");

            migrationBuilder.CreateTable(
                name: "attachment_hour_counts",
                columns: table => new
                {
                    category_id = table.Column<long>(type: "bigint", nullable: false, comment: "attachments.category_id, 0 for the uncategorised ones, -1 for the rows that add up every category."),
                    is_image = table.Column<bool>(type: "boolean", nullable: false, comment: "attachments.is_image of the rows counted."),
                    hour = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, comment: "The hour (UTC) the counted rows' created_time falls in: date_trunc('hour', created_time, 'UTC')."),
                    count = table.Column<long>(type: "bigint", nullable: false, comment: "How many attachments have this category_id, is_image and hour, exactly, as of the last commit.")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachment_hour_counts", x => new { x.category_id, x.is_image, x.hour });
                    table.CheckConstraint("ck_attachment_hour_counts_count", "count >= 0");
                },
                comment: "attachment_counts split by the hour of created_time (UTC), plus category_id -1 rows adding up every category: a deep page of the list (current=N) finds the hour it starts in from here and skips only that hour's rows. Written only by the same triggers as attachment_counts; for category_id >= 0 it always equals SELECT coalesce(category_id, 0), is_image, date_trunc('hour', created_time, 'UTC'), count(*) FROM attachments GROUP BY 1, 2, 3. docs/decisions/021-list-at-scale.md.");

            // Deferred constraint triggers run at commit, so a counts row is locked only while its transaction commits,
            // not while an upload persists its file (docs/decisions/021-list-at-scale.md).
            migrationBuilder.Sql("""
                CREATE FUNCTION attachment_counts_add(p_category_id bigint, p_is_image boolean, p_created_time timestamptz, p_delta bigint)
                RETURNS void LANGUAGE plpgsql AS $fn$
                DECLARE
                    v_hour timestamptz := date_trunc('hour', p_created_time, 'UTC');
                BEGIN
                    -- An upsert checks its proposed row before it meets the conflict, so a -1 would fail count >= 0:
                    -- removals update the row their attachment was counted in, which exists.
                    IF p_delta < 0 THEN
                        UPDATE attachment_counts SET count = count + p_delta
                        WHERE category_id = p_category_id AND is_image = p_is_image;
                        UPDATE attachment_hour_counts SET count = count + p_delta
                        WHERE category_id = p_category_id AND is_image = p_is_image AND hour = v_hour;
                        UPDATE attachment_hour_counts SET count = count + p_delta
                        WHERE category_id = -1 AND is_image = p_is_image AND hour = v_hour;
                        RETURN;
                    END IF;
                    INSERT INTO attachment_counts AS c (category_id, is_image, count)
                    VALUES (p_category_id, p_is_image, p_delta)
                    ON CONFLICT (category_id, is_image) DO UPDATE SET count = c.count + excluded.count;
                    INSERT INTO attachment_hour_counts AS c (category_id, is_image, hour, count)
                    VALUES (p_category_id, p_is_image, v_hour, p_delta), (-1, p_is_image, v_hour, p_delta)
                    ON CONFLICT (category_id, is_image, hour) DO UPDATE SET count = c.count + excluded.count;
                END
                $fn$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION attachment_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    IF TG_OP IN ('DELETE', 'UPDATE') THEN
                        PERFORM attachment_counts_add(coalesce(OLD.category_id, 0), OLD.is_image, OLD.created_time, -1);
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        PERFORM attachment_counts_add(coalesce(NEW.category_id, 0), NEW.is_image, NEW.created_time, 1);
                    END IF;
                    RETURN NULL;
                END
                $fn$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION attachment_counts_reset() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    DELETE FROM attachment_counts;
                    DELETE FROM attachment_hour_counts;
                    RETURN NULL;
                END
                $fn$;
                """);
            migrationBuilder.Sql("LOCK TABLE attachments IN SHARE ROW EXCLUSIVE MODE;");
            migrationBuilder.Sql("""
                CREATE CONSTRAINT TRIGGER attachment_counts_insert_delete AFTER INSERT OR DELETE ON attachments
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION attachment_counts_apply();
                """);
            migrationBuilder.Sql("""
                CREATE CONSTRAINT TRIGGER attachment_counts_update AFTER UPDATE OF category_id, is_image, created_time ON attachments
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
                WHEN (OLD.category_id IS DISTINCT FROM NEW.category_id OR OLD.is_image <> NEW.is_image OR OLD.created_time <> NEW.created_time)
                EXECUTE FUNCTION attachment_counts_apply();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER attachment_counts_truncate AFTER TRUNCATE ON attachments
                FOR EACH STATEMENT EXECUTE FUNCTION attachment_counts_reset();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION attachment_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
                BEGIN
                    LOCK TABLE attachments IN SHARE ROW EXCLUSIVE MODE;
                    DELETE FROM attachment_counts;
                    DELETE FROM attachment_hour_counts;
                    INSERT INTO attachment_counts (category_id, is_image, count)
                    SELECT coalesce(category_id, 0), is_image, count(*) FROM attachments GROUP BY 1, 2;
                    INSERT INTO attachment_hour_counts (category_id, is_image, hour, count)
                    SELECT coalesce(category_id, 0), is_image, date_trunc('hour', created_time, 'UTC'), count(*) FROM attachments GROUP BY 1, 2, 3
                    UNION ALL
                    SELECT -1, is_image, date_trunc('hour', created_time, 'UTC'), count(*) FROM attachments GROUP BY 2, 3;
                END
                $fn$;
                """);
            // The idempotent script runs each statement inside a DO block, where a bare SELECT of the function is an error.
            migrationBuilder.Sql("""
                INSERT INTO attachment_counts (category_id, is_image, count)
                SELECT coalesce(category_id, 0), is_image, count(*) FROM attachments GROUP BY 1, 2;
                """);
            migrationBuilder.Sql("""
                INSERT INTO attachment_hour_counts (category_id, is_image, hour, count)
                SELECT coalesce(category_id, 0), is_image, date_trunc('hour', created_time, 'UTC'), count(*) FROM attachments GROUP BY 1, 2, 3
                UNION ALL
                SELECT -1, is_image, date_trunc('hour', created_time, 'UTC'), count(*) FROM attachments GROUP BY 2, 3;
                """);
            migrationBuilder.Sql("COMMENT ON FUNCTION attachment_counts_apply() IS 'Keeps attachment_counts and attachment_hour_counts equal to the rows of attachments, at commit (docs/decisions/021-list-at-scale.md).';");
            migrationBuilder.Sql("COMMENT ON FUNCTION attachment_counts_rebuild() IS 'Recounts attachment_counts and attachment_hour_counts from attachments; for after a bulk load made with the triggers disabled (docs/decisions/021-list-at-scale.md).';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS attachment_counts_truncate ON attachments;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS attachment_counts_update ON attachments;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS attachment_counts_insert_delete ON attachments;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS attachment_counts_rebuild();");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS attachment_counts_reset();");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS attachment_counts_apply();");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS attachment_counts_add(bigint, boolean, timestamptz, bigint);");

            migrationBuilder.DropTable(
                name: "attachment_counts");

            migrationBuilder.DropTable(
                name: "attachment_hour_counts");
        }
    }
}
