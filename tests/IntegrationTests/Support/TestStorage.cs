using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace Attachments.IntegrationTests.Support;

/// <summary>
/// What the tests see of, and put into, the storage of one API instance (or of several sharing it), by location
/// (<c>uploads/yyyyMM/dd/name</c>, relative, forward slashes), in either storage mode (<see cref="StorageMode"/>):
/// on Disk the files under the storage root; on S3 the objects under this storage's key prefix in the run's bucket
/// (<see cref="S3Server"/>), plus the local staging folder <c>&lt;root&gt;/.tmp/</c> that every instance keeps in both modes.
/// </summary>
/// <remarks>
/// One per storage root, whoever asks (<see cref="For"/>): two API instances given the same root share one storage, as
/// they share the folder on Disk. Every method is synchronous, so that assertions and polling conditions read as they
/// did with <c>File</c> and <c>Directory</c>.
/// </remarks>
internal abstract class TestStorage : IInspectedStorage
{
    public const string Uploads = "uploads/";
    public const string Staging = ".tmp/";
    public const string Chunks = ".chunks/";

    private static readonly ConcurrentDictionary<string, TestStorage> ByRoot = new(StringComparer.Ordinal);

    protected TestStorage(string root) => Root = root;

    /// <summary>The local storage root (Storage:Root): all of the storage on Disk, the staging folder's parent on S3.</summary>
    public string Root { get; }

    /// <summary>Configuration (beyond Storage:Root) that points an API instance at this storage.</summary>
    public abstract IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The storage of <paramref name="root"/>; on S3 the first call gives the root a key prefix of its own.</summary>
    public static TestStorage For(string root) =>
        ByRoot.GetOrAdd(Path.GetFullPath(root), r => StorageMode.IsS3 ? new S3TestStorage(r, TestEnvironment.S3) : new DiskTestStorage(r));

    /// <summary>Removes the storage of <paramref name="root"/>: the folder, and on S3 its objects.</summary>
    public static void Discard(string root)
    {
        // A fixture whose set-up failed before it made its root has nothing to discard.
        if (string.IsNullOrEmpty(root))
            return;

        if (ByRoot.TryRemove(Path.GetFullPath(root), out var storage))
            storage.DeleteStored();

        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
    }

    public abstract bool Exists(string location);

    /// <summary>The stored bytes; <see cref="FileNotFoundException"/> when nothing is there.</summary>
    public abstract byte[] ReadAllBytes(string location);

    /// <summary>
    /// Puts a file there without a row, as an operator copying files into the storage would (the tests of scan, of
    /// serving, of moves onto a taken name). <paramref name="lastModified"/> is kept on Disk; an S3 object always takes
    /// the time it was written, so read <see cref="LastModified"/> back rather than assuming it.
    /// </summary>
    public abstract void Write(string location, byte[] content, DateTime? lastModified = null);

    /// <summary>Removes the file there, as an operator (or a lost disk) would; nothing there is fine.</summary>
    public abstract void Delete(string location);

    public abstract long Length(string location);

    /// <summary>When the stored file was last written, as the storage reports it (UTC, whole seconds on S3).</summary>
    public abstract DateTime LastModified(string location);

    /// <summary>Changes whenever the file there is written again, even with the same bytes in the same second.</summary>
    public abstract string Version(string location);

    /// <summary>Locations of the stored files whose location starts with <paramref name="prefix"/> (local staging excluded on S3), in order.</summary>
    public abstract IReadOnlyList<string> ListUnder(string prefix);

    /// <summary>
    /// Everything this storage holds, as locations, in order: on Disk every file under the root, staging and chunk
    /// parts included; on S3 every object under the prefix and every file left in the local root, where only staging
    /// belongs: a local file outside <c>.tmp/</c> is listed as <c>local:&lt;path&gt;</c>, so that it never passes for
    /// a stored file. Left out is the lock file a running instance may hold in its staging folder
    /// (<c>.tmp/&lt;instance&gt;/instance.lock</c>).
    /// </summary>
    public abstract IReadOnlyList<string> Files();

    /// <summary>Staged content: files in the local <c>.tmp/</c> and, on S3, objects under <c>.tmp/</c> in the bucket.</summary>
    public abstract IReadOnlyList<string> StagedFiles();

    /// <summary>Removes every stored file whose location starts with <paramref name="prefix"/> (local staging excluded on S3).</summary>
    public abstract void DeleteUnder(string prefix);

    /// <summary>Empties the storage between tests, keeping the folders that the instance made at start-up.</summary>
    public virtual void Reset() => EmptyLocalRoot();

    public string Md5Of(string location) => Convert.ToHexStringLower(MD5.HashData(ReadAllBytes(location)));

    public override string ToString() => Describe();

    protected abstract string Describe();

    /// <summary>Deletes what this storage holds outside the local root (nothing on Disk).</summary>
    protected abstract void DeleteStored();

    /// <summary>Files under the local root, relative, forward slashes, in order, without the instance lock files.</summary>
    protected IReadOnlyList<string> LocalFiles(string prefix = "") =>
        Directory.Exists(Root)
            ? [.. Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(f => f.StartsWith(prefix, StringComparison.Ordinal))
                .Where(f => !(f.StartsWith(Staging, StringComparison.Ordinal) && f.EndsWith("/instance.lock", StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal)]
            : [];

    protected string LocalPath(string location) => Path.Combine(Root, location.Replace('/', Path.DirectorySeparatorChar));

    private void EmptyLocalRoot()
    {
        if (!Directory.Exists(Root))
            return;

        foreach (var directory in Directory.EnumerateDirectories(Root))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
            {
                if (Directory.Exists(entry))
                    Directory.Delete(entry, recursive: true);
                else
                    File.Delete(entry);
            }
        }
    }

    /// <summary>Storage:Provider=Disk (the default): everything is a file under the root.</summary>
    private sealed class DiskTestStorage(string root) : TestStorage(root)
    {
        public override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

        public override bool Exists(string location) => File.Exists(LocalPath(location));

        public override byte[] ReadAllBytes(string location) => File.ReadAllBytes(LocalPath(location));

        public override void Write(string location, byte[] content, DateTime? lastModified = null)
        {
            var path = LocalPath(location);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
            if (lastModified is { } time)
                File.SetLastWriteTimeUtc(path, time);
        }

        public override void Delete(string location) => File.Delete(LocalPath(location));

        public override long Length(string location) => new FileInfo(LocalPath(location)).Length;

        public override DateTime LastModified(string location) => File.GetLastWriteTimeUtc(LocalPath(location));

        public override string Version(string location) =>
            File.Exists(LocalPath(location))
                ? File.GetLastWriteTimeUtc(LocalPath(location)).Ticks.ToString(CultureInfo.InvariantCulture)
                : throw new FileNotFoundException($"Nothing is stored at {location} in {this}.");

        public override IReadOnlyList<string> ListUnder(string prefix) => LocalFiles(prefix);

        public override IReadOnlyList<string> Files() => LocalFiles();

        public override IReadOnlyList<string> StagedFiles() => LocalFiles(Staging);

        public override void DeleteUnder(string prefix)
        {
            foreach (var location in LocalFiles(prefix))
                File.Delete(LocalPath(location));
        }

        protected override string Describe() => $"the folder {Root}";

        protected override void DeleteStored()
        {
        }
    }

    /// <summary>Storage:Provider=S3: stored files are objects under a prefix of the run's bucket; staging is local as well.</summary>
    private sealed class S3TestStorage : TestStorage
    {
        /// <summary>Marks a file in the local root outside the staging folder: with S3 nothing else should be there.</summary>
        private const string LocalMark = "local:";

        private readonly S3Server _server;
        private readonly string _prefix;

        public S3TestStorage(string root, S3Server server)
            : base(root)
        {
            _server = server;
            _prefix = server.NewPrefix();
            Settings = server.SettingsFor(_prefix);
        }

        public override IReadOnlyDictionary<string, string> Settings { get; }

        private AmazonS3Client Client => _server.Client;

        public override bool Exists(string location) => Head(location) is not null;

        public override byte[] ReadAllBytes(string location)
        {
            try
            {
                using var response = Client.GetObjectAsync(_server.Bucket, Key(location)).GetAwaiter().GetResult();
                using var buffer = new MemoryStream();
                response.ResponseStream.CopyTo(buffer);
                return buffer.ToArray();
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                throw new FileNotFoundException($"Nothing is stored at {location} in {this}.", e);
            }
        }

        public override void Write(string location, byte[] content, DateTime? lastModified = null)
        {
            using var stream = new MemoryStream(content, writable: false);
            Client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _server.Bucket,
                Key = Key(location),
                InputStream = stream,
                AutoCloseStream = false,
                ContentType = "application/octet-stream",
            }).GetAwaiter().GetResult();
        }

        public override void Delete(string location) =>
            Client.DeleteObjectAsync(_server.Bucket, Key(location)).GetAwaiter().GetResult();

        public override long Length(string location) => (Head(location) ?? throw NotThere(location)).ContentLength;

        public override DateTime LastModified(string location) =>
            (Head(location) ?? throw NotThere(location)).LastModified?.ToUniversalTime() ?? throw new InvalidOperationException($"No Last-Modified for {location}.");

        public override string Version(string location)
        {
            // The listing's time has milliseconds where a HEAD answer has whole seconds; the ETag tells other bytes apart.
            var found = _server.ListAsync(Key(location)).GetAwaiter().GetResult().FirstOrDefault(o => o.Key == Key(location))
                ?? throw NotThere(location);
            return $"{found.LastModified?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)}/{found.ETag}";
        }

        public override IReadOnlyList<string> ListUnder(string prefix) =>
            [.. _server.ListAsync(_prefix + prefix).GetAwaiter().GetResult().Select(o => o.Key[_prefix.Length..]).Order(StringComparer.Ordinal)];

        public override IReadOnlyList<string> Files() =>
            [.. LocalFiles().Select(f => f.StartsWith(Staging, StringComparison.Ordinal) ? f : LocalMark + f).Concat(ListUnder("")).Order(StringComparer.Ordinal)];

        public override IReadOnlyList<string> StagedFiles() => [.. LocalFiles(Staging).Concat(ListUnder(Staging)).Order(StringComparer.Ordinal)];

        public override void DeleteUnder(string prefix) => _server.DeleteUnderAsync(_prefix + prefix).GetAwaiter().GetResult();

        public override void Reset()
        {
            base.Reset();
            DeleteStored();
        }

        protected override string Describe() => $"s3://{_server.Bucket}/{_prefix} (staging in {Root})";

        protected override void DeleteStored() => _server.DeleteUnderAsync(_prefix).GetAwaiter().GetResult();

        private string Key(string location) =>
            location.Length > 0 && !location.StartsWith('/') && !location.Contains('\\')
                ? _prefix + location
                : throw new ArgumentException($"'{location}' is not a location (relative, forward slashes).", nameof(location));

        private GetObjectMetadataResponse? Head(string location)
        {
            try
            {
                return Client.GetObjectMetadataAsync(_server.Bucket, Key(location)).GetAwaiter().GetResult();
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }

        private FileNotFoundException NotThere(string location) => new($"Nothing is stored at {location} in {this}.");
    }
}
