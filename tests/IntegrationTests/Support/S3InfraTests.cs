using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Npgsql;

namespace Attachments.IntegrationTests.Support;

/// <summary>
/// The S3 side of the test support itself, against the run's real S3 server (<see cref="S3Server"/>), with no API
/// instance: <see cref="TestStorage"/> writes, lists, reads and deletes objects under a prefix of its own, the settings
/// it gives an API instance reach the same objects, and <see cref="StorageConsistency"/> finds each kind of
/// disagreement in the bucket. Only in the S3 storage mode (category <c>S3Infra</c>; the Disk run leaves it out).
/// </summary>
[Category(Name)]
public sealed class S3InfraTests
{
    public const string Name = "S3Infra";

    private readonly List<string> _roots = [];

    [SetUp]
    public void RequireS3Mode()
    {
        if (!StorageMode.IsS3)
            Assert.Ignore($"Checks the S3 test support: run with {StorageMode.Variable}=S3.");
    }

    [TearDown]
    public void DiscardStorages()
    {
        foreach (var root in _roots)
            TestStorage.Discard(root);
        _roots.Clear();
    }

    [Test]
    public void TestStorage_OnS3_WritesListsReadsAndDeletesObjects()
    {
        var storage = NewStorage();
        var location = "uploads/202601/15/0123456789abcdef.pdf";
        var content = Encoding.UTF8.GetBytes("%PDF-1.4 stored in the bucket");

        Assert.That(storage.Exists(location), Is.False);
        Assert.That(() => storage.ReadAllBytes(location), Throws.InstanceOf<FileNotFoundException>());
        storage.Write(location, content, lastModified: new DateTime(2026, 1, 15, 8, 30, 0, DateTimeKind.Utc));
        storage.Write("uploads/202601/15/thumb_0123456789abcdef.jpg", [1, 2, 3]);
        storage.Write("uploads/banners/hero.jpg", [4]);

        Assert.Multiple(() =>
        {
            Assert.That(storage.Exists(location), Is.True);
            Assert.That(storage.ReadAllBytes(location), Is.EqualTo(content));
            Assert.That(storage.Length(location), Is.EqualTo(content.Length));
            Assert.That(storage.Md5Of(location), Is.EqualTo(StorageConsistency.Md5Of(content)));
            Assert.That(storage.LastModified(location), Is.EqualTo(DateTime.UtcNow).Within(TimeSpan.FromMinutes(1)), "an object takes the time it was written");
            Assert.That(storage.ListUnder(TestStorage.Uploads), Is.EqualTo(new[]
            {
                "uploads/202601/15/0123456789abcdef.pdf", "uploads/202601/15/thumb_0123456789abcdef.jpg", "uploads/banners/hero.jpg",
            }));
            Assert.That(storage.ListUnder("uploads/banners/"), Is.EqualTo(new[] { "uploads/banners/hero.jpg" }));
            Assert.That(storage.Files(), Is.EqualTo(storage.ListUnder(TestStorage.Uploads)), "nothing local yet");
            Assert.That(storage.StagedFiles(), Is.Empty);
        });

        var version = storage.Version(location);
        storage.Write(location, content);
        Assert.That(storage.Version(location), Is.Not.EqualTo(version), "written again with the same bytes, at once");

        storage.Delete(location);
        storage.Delete(location);
        Assert.That(storage.Exists(location), Is.False, "deleted, twice without complaint");
        storage.DeleteUnder("uploads/202601/");
        Assert.That(storage.ListUnder(TestStorage.Uploads), Is.EqualTo(new[] { "uploads/banners/hero.jpg" }));
    }

    [Test]
    public void TestStorage_OnS3_ListsLocalAndBucketFilesApartAndResetEmptiesBoth()
    {
        var storage = NewStorage();
        Directory.CreateDirectory(Path.Combine(storage.Root, ".tmp"));
        File.WriteAllBytes(Path.Combine(storage.Root, ".tmp", "a.upload"), [1]);
        storage.Write(".tmp/b.jpg", [2]);
        storage.Write(".chunks/1-0123/00000.part", [3]);
        storage.Write("uploads/202601/15/c.pdf", [4]);
        Directory.CreateDirectory(Path.Combine(storage.Root, "uploads"));
        File.WriteAllBytes(Path.Combine(storage.Root, "uploads", "d.pdf"), [5]);

        Assert.Multiple(() =>
        {
            Assert.That(storage.StagedFiles(), Is.EqualTo(new[] { ".tmp/a.upload", ".tmp/b.jpg" }), "local and in the bucket");
            Assert.That(storage.Files(), Is.EqualTo(new[] { ".chunks/1-0123/00000.part", ".tmp/a.upload", ".tmp/b.jpg", "local:uploads/d.pdf", "uploads/202601/15/c.pdf" }),
                "a local file outside the staging folder is not taken for a stored one");
        });

        storage.Reset();

        Assert.Multiple(() =>
        {
            Assert.That(storage.Files(), Is.Empty);
            Assert.That(Directory.Exists(Path.Combine(storage.Root, ".tmp")), Is.True, "the folders an instance made are kept");
            Assert.That(Directory.Exists(Path.Combine(storage.Root, "uploads")), Is.True);
        });
    }

    [Test]
    public async Task TestStorage_TwoRoots_HaveTheirOwnPrefixesAndOneRootIsOneStorage()
    {
        var first = NewStorage();
        var second = NewStorage();
        first.Write("uploads/x.pdf", [1]);

        Assert.Multiple(() =>
        {
            Assert.That(second.Exists("uploads/x.pdf"), Is.False, "another root, another prefix");
            Assert.That(TestStorage.For(first.Root).Exists("uploads/x.pdf"), Is.True, "the same root, the same storage");
            Assert.That(first.Settings["Storage:S3:Prefix"], Is.Not.EqualTo(second.Settings["Storage:S3:Prefix"]));
        });

        var prefix = first.Settings["Storage:S3:Prefix"];
        TestStorage.Discard(first.Root);
        Assert.Multiple(async () =>
        {
            Assert.That(await TestEnvironment.S3.ListAsync(prefix), Is.Empty, "discarding the storage deletes its objects");
            Assert.That(Directory.Exists(first.Root), Is.False);
        });
    }

    [Test]
    public async Task Settings_GivenToTheApi_ReachTheSameObjects()
    {
        var storage = NewStorage();
        storage.Write("uploads/202601/15/0123456789abcdef.txt", Encoding.UTF8.GetBytes("seen by the API"));
        var settings = storage.Settings;

        // A client built only from the settings, as the API's S3 provider builds its own.
        using var client = new AmazonS3Client(
            new BasicAWSCredentials(settings["Storage:S3:AccessKey"], settings["Storage:S3:SecretKey"]),
            new AmazonS3Config
            {
                ServiceURL = settings["Storage:S3:ServiceUrl"],
                AuthenticationRegion = settings["Storage:S3:Region"],
                ForcePathStyle = bool.Parse(settings["Storage:S3:ForcePathStyle"]),
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
        using var response = await client.GetObjectAsync(
            settings["Storage:S3:Bucket"], settings["Storage:S3:Prefix"] + "uploads/202601/15/0123456789abcdef.txt");
        using var reader = new StreamReader(response.ResponseStream);

        Assert.Multiple(async () =>
        {
            Assert.That(settings["Storage:Provider"], Is.EqualTo("S3"));
            Assert.That(settings["Storage:S3:Prefix"], Does.StartWith(TestEnvironment.S3.RunPrefix).And.EndWith("/"));
            Assert.That(await reader.ReadToEndAsync(), Is.EqualTo("seen by the API"));
        });
    }

    [Test]
    public async Task StorageConsistency_OnS3_FindsEachKindOfDisagreement()
    {
        var database = "s3infra_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = await TestEnvironment.Server.CreateDatabaseAsync(database);
        try
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var migrate = new NpgsqlCommand(await File.ReadAllTextAsync(Repository.File("db/migrations.sql")), connection);
                await migrate.ExecuteNonQueryAsync();
            }

            var storage = NewStorage();
            var pdf = Encoding.UTF8.GetBytes("%PDF-1.4 consistent");
            await InsertRowAsync(connectionString, "uploads/202601/15/aaaaaaaaaaaaaaaa.pdf", StorageConsistency.Md5Of(pdf), isImage: false);
            await InsertRowAsync(connectionString, "uploads/202601/15/bbbbbbbbbbbbbbbb.jpg", new string('b', 32), isImage: true);
            storage.Write("uploads/202601/15/aaaaaaaaaaaaaaaa.pdf", pdf);
            storage.Write("uploads/202601/15/bbbbbbbbbbbbbbbb.jpg", [0xFF, 0xD8]);
            storage.Write("uploads/202601/15/thumb_bbbbbbbbbbbbbbbb.jpg", [0xFF, 0xD8]);
            Assert.That(await StorageConsistency.ProblemsAsync(connectionString, storage), Is.Empty, "rows and objects agree");

            storage.Write("uploads/202601/15/aaaaaaaaaaaaaaaa.pdf", Encoding.UTF8.GetBytes("%PDF-1.4 changed"));
            storage.Delete("uploads/202601/15/thumb_bbbbbbbbbbbbbbbb.jpg");
            storage.Write("uploads/202601/15/cccccccccccccccc.pdf", pdf);
            storage.Write(".tmp/0123.upload", [1]);
            storage.Write($".chunks/1-{StorageConsistency.Md5Of(pdf)}/00000.part", [1]);
            storage.Write($".chunks/1-{new string('d', 32)}/00000.part", [1]);

            var problems = await StorageConsistency.ProblemsAsync(connectionString, storage);

            Assert.That(problems, Is.EquivalentTo(new[]
            {
                $"attachment 1: uploads/202601/15/aaaaaaaaaaaaaaaa.pdf has md5 {StorageConsistency.Md5Of(Encoding.UTF8.GetBytes("%PDF-1.4 changed"))}, the row says {StorageConsistency.Md5Of(pdf)}",
                "attachment 2: its thumbnail uploads/202601/15/thumb_bbbbbbbbbbbbbbbb.jpg is not stored",
                "uploads/202601/15/cccccccccccccccc.pdf belongs to no row",
                ".tmp/0123.upload is still staged",
                $".chunks/1-{StorageConsistency.Md5Of(pdf)}/00000.part is a part of an upload that has finished",
            }), "the parts of an upload still in progress are no problem");
        }
        finally
        {
            await TestEnvironment.Server.DropDatabaseAsync(database);
        }
    }

    private TestStorage NewStorage()
    {
        var root = Directory.CreateTempSubdirectory("attachments-s3infra-").FullName;
        _roots.Add(root);
        return TestStorage.For(root);
    }

    private static async Task InsertRowAsync(string connectionString, string location, string md5, bool isImage)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            insert into attachments (file_name, original_file_name, file_location, file_size, file_md5, mime_type, width, height,
                                     is_image, status, created_time, updated_time)
            values ('x', 'x', @location, 1, @md5, 'application/octet-stream', 0, 0, @image, 1, now(), now())
            """,
            connection);
        command.Parameters.AddWithValue("location", location);
        command.Parameters.AddWithValue("md5", md5);
        command.Parameters.AddWithValue("image", isImage);
        await command.ExecuteNonQueryAsync();
    }
}
