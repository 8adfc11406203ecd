using Attachments.Application.FunctionalTests.Support;
using Attachments.Domain.Entities;
using Attachments.Infrastructure.Data;
using Attachments.Infrastructure.Files;
using Microsoft.Extensions.DependencyInjection;
using static Attachments.Application.FunctionalTests.Testing;

namespace Attachments.Application.FunctionalTests.RollForward;

/// <summary>
/// Operations committed but not applied, as a writer that died between its commit and its files leaves them
/// (docs/decisions/016-roll-forward-file-operations.md): the next command on the same location applies them first,
/// and a sweep takes over those whose lease has expired.
/// </summary>
public sealed class PendingFileOperationTests : BaseTestFixture
{
    [Test]
    public async Task Command_OnALocationWithAnOlderPendingDelete_AppliesThatDeleteFirst()
    {
        var bytes = TestFiles.Pdf();
        var deleted = await UploadAsync(bytes, "report.pdf");
        await CommitDeleteWithoutApplyingAsync(deleted.Id, deleted.FileLocation, createdAgo: TimeSpan.Zero);
        Assert.That(File.Exists(StoredPath(deleted.FileLocation)), Is.True, "the delete has not been applied yet");

        // The same bytes the same day go to the same location, with a place operation newer than the delete.
        var again = await UploadAsync(bytes, "report.pdf");

        Assert.Multiple(async () =>
        {
            Assert.That(again.Id, Is.Not.EqualTo(deleted.Id));
            Assert.That(again.FileLocation, Is.EqualTo(deleted.FileLocation));
            Assert.That(await CountAsync("pending_file_operations"), Is.Zero, "the older delete was applied by the command, not left to a sweep");
            Assert.That(await File.ReadAllBytesAsync(StoredPath(again.FileLocation)), Is.EqualTo(bytes), "the delete came before the place, not after");
        });
    }

    // The older operation on the command's location also touches another location, where an even older one waits:
    // all three are applied, in id order (the closure FileOperations reads when one statement is not enough).
    [Test]
    public async Task Command_OnALocationWhoseOlderOperationReachesAnotherLocation_AppliesTheWholeChainFirst()
    {
        var first = TestFiles.Pdf("first");
        var a = await UploadAsync(first, "a.pdf");
        var b = await UploadAsync(TestFiles.Pdf("second"), "b.pdf");
        await CommitDeleteWithoutApplyingAsync(b.Id, b.FileLocation, createdAgo: TimeSpan.Zero);
        await ExecuteAsync(
            """
            BEGIN;
            DELETE FROM attachments WHERE id = @id;
            INSERT INTO pending_file_operations (kind, attachment_id, steps, locations, staged_files, created_at, attempts)
            VALUES ('delete', @id, jsonb_build_array(
                        jsonb_build_object('action', 'delete', 'target', @a),
                        jsonb_build_object('action', 'delete', 'target', @b)),
                    ARRAY[@a, @b], '{}', now(), 0);
            COMMIT;
            """,
            ("id", a.Id), ("a", a.FileLocation), ("b", b.FileLocation));

        var again = await UploadAsync(first, "a.pdf");

        Assert.Multiple(async () =>
        {
            Assert.That(again.FileLocation, Is.EqualTo(a.FileLocation));
            Assert.That(await CountAsync("pending_file_operations"), Is.Zero, "both older operations were applied by the command");
            Assert.That(await File.ReadAllBytesAsync(StoredPath(again.FileLocation)), Is.EqualTo(first), "the deletes came before the place");
            Assert.That(File.Exists(StoredPath(b.FileLocation)), Is.False);
        });
    }

    [Test]
    public async Task Sweep_PendingDeleteWhoseLeaseExpired_DeletesTheFile()
    {
        var stored = await UploadAsync(TestFiles.Pdf(), "report.pdf");
        await CommitDeleteWithoutApplyingAsync(stored.Id, stored.FileLocation, createdAgo: TimeSpan.FromMinutes(5));

        var applied = await SweepAsync(everything: false);

        Assert.Multiple(async () =>
        {
            Assert.That(applied, Is.EqualTo(1));
            Assert.That(await CountAsync("pending_file_operations"), Is.Zero);
            Assert.That(StoredFiles(), Is.Empty);
        });
    }

    [Test]
    public async Task Sweep_PendingPlaceWhoseLeaseExpired_PutsTheStagedUploadInPlace()
    {
        var bytes = TestFiles.Pdf("committed, never placed");
        using var staged = await StageAsync(bytes, "report.pdf");
        const string location = "uploads/202601/01/0123456789abcdef.pdf";
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AttachmentsDbContext>();
            var attachment = new Attachment
            {
                FileName = "report",
                OriginalFileName = "report.pdf",
                FileLocation = location,
                FileMd5 = staged.Md5,
                FileSize = staged.Length,
                MimeType = "application/pdf",
                CreatedTime = DateTimeOffset.UtcNow,
                UpdatedTime = DateTimeOffset.UtcNow,
            };
            db.Attachments.Add(attachment);
            await db.SaveChangesAsync();
            var operation = PendingFileOperation.Place(FileOperationKind.Place, attachment.Id, [(staged.HandOver(), location)]);
            operation.CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
            db.PendingFileOperations.Add(operation);
            await db.SaveChangesAsync();
        }

        var applied = await SweepAsync(everything: false);

        Assert.Multiple(async () =>
        {
            Assert.That(applied, Is.EqualTo(1));
            Assert.That(await File.ReadAllBytesAsync(StoredPath(location)), Is.EqualTo(bytes));
            Assert.That(StagedFiles(), Is.Empty);
        });
    }

    [Test]
    public async Task Sweep_PendingOperationWithinItsLease_IsLeftToItsWriterUntilStartUpTakesEverything()
    {
        var stored = await UploadAsync(TestFiles.Pdf(), "report.pdf");
        await CommitDeleteWithoutApplyingAsync(stored.Id, stored.FileLocation, createdAgo: TimeSpan.Zero);

        var appliedBySweep = await SweepAsync(everything: false);
        var pendingAfterSweep = await CountAsync("pending_file_operations");
        await Services.GetRequiredService<StorageSweeper>().SweepEverythingAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(appliedBySweep, Is.Zero);
            Assert.That(pendingAfterSweep, Is.EqualTo(1));
            Assert.That(await CountAsync("pending_file_operations"), Is.Zero);
            Assert.That(StoredFiles(), Is.Empty);
        });
    }

    /// <summary>What DeleteAttachmentsCommand commits, written by hand: the row gone and its delete recorded, the file still there.</summary>
    private static Task CommitDeleteWithoutApplyingAsync(long attachmentId, string location, TimeSpan createdAgo) =>
        ExecuteAsync(
            """
            BEGIN;
            DELETE FROM attachments WHERE id = @id;
            INSERT INTO pending_file_operations (kind, attachment_id, steps, locations, staged_files, created_at, attempts)
            VALUES ('delete', @id, jsonb_build_array(jsonb_build_object('action', 'delete', 'target', @location)),
                    ARRAY[@location], '{}', now() - @ago, 0);
            COMMIT;
            """,
            ("id", attachmentId), ("location", location), ("ago", createdAgo));

    private static async Task<int> SweepAsync(bool everything)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FileOperations>().SweepAsync(everything, CancellationToken.None);
    }
}
