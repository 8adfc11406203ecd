using Attachments.Application.Common.Exceptions;
using Attachments.Application.Common.Interfaces;
using Attachments.Application.Common.Models;
using Microsoft.Extensions.Options;

namespace Attachments.Infrastructure.Files;

/// <summary>Parts live in <c>&lt;root&gt;/.chunks/&lt;upload key&gt;/NNNNN.part</c>, outside what is served.</summary>
public sealed class DiskChunkStore(IOptions<StorageOptions> options, StorageInstance instance) : IChunkStore
{
    /// <summary>Between the upload key and the claiming instance's id in the name of a claimed folder.</summary>
    public const string ClaimMarker = ".assembling-";

    private const string PartPattern = "*.part";

    public string ChunksDirectory { get; } = Path.Combine(options.Value.FullRoot, ".chunks");

    public long SavePart(string uploadKey, int index, StagedFile part)
    {
        var directory = Directory.CreateDirectory(PathOf(uploadKey));
        File.Move(part.TempPath, Path.Combine(directory.FullName, $"{index:D5}.part"), overwrite: true);
        directory.LastWriteTimeUtc = DateTime.UtcNow;
        return directory.EnumerateFiles(PartPattern).Sum(f => f.Length);
    }

    public int CountParts(string uploadKey)
    {
        var directory = new DirectoryInfo(PathOf(uploadKey));
        return directory.Exists ? directory.EnumerateFiles(PartPattern).Count() : 0;
    }

    public IChunkAssembly? TryClaim(string uploadKey)
    {
        // The claimer's id in the name lets recovery give the parts back if this process dies assembling them.
        var claimed = $"{PathOf(uploadKey)}{ClaimMarker}{instance.Id}-{Guid.NewGuid():N}";
        try
        {
            // A rename is atomic: of two requests completing the set at once, exactly one gets the parts.
            Directory.Move(PathOf(uploadKey), claimed);
            return new ClaimedParts(claimed, PathOf(uploadKey));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Returns the parts claimed by the dead instance <paramref name="instanceId"/> to their uploads, so the
    /// client's next part completes the set again; returns how many uploads got their parts back.
    /// </summary>
    public int ReleaseClaimsOf(string instanceId)
    {
        var directory = new DirectoryInfo(ChunksDirectory);
        if (!directory.Exists)
            return 0;

        var released = 0;
        foreach (var claim in directory.EnumerateDirectories($"*{ClaimMarker}{instanceId}-*"))
        {
            var upload = new DirectoryInfo(Path.Combine(ChunksDirectory, claim.Name[..claim.Name.IndexOf(ClaimMarker, StringComparison.Ordinal)]));
            if (!upload.Exists)
            {
                claim.MoveTo(upload.FullName);
            }
            else
            {
                // The client sent parts again meanwhile: keep those, add the ones it has not re-sent.
                foreach (var part in claim.EnumerateFiles(PartPattern))
                {
                    if (!File.Exists(Path.Combine(upload.FullName, part.Name)))
                        part.MoveTo(Path.Combine(upload.FullName, part.Name));
                }

                claim.Delete(recursive: true);
            }

            // The age limit counts from now: the client could not have finished while the parts were claimed.
            upload.Refresh();
            upload.LastWriteTimeUtc = DateTime.UtcNow;
            released++;
        }

        return released;
    }

    public void Discard(string uploadKey)
    {
        var path = PathOf(uploadKey);
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
    }

    private string PathOf(string uploadKey)
    {
        if (uploadKey.Length == 0 || uploadKey.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
            throw new ArgumentException("An upload key is letters, digits and '-'.", nameof(uploadKey));

        return Path.Combine(ChunksDirectory, uploadKey);
    }

    private sealed class ClaimedParts(string directory, string home) : IChunkAssembly
    {
        private bool _released;

        public Stream OpenConcatenated(int chunks)
        {
            var parts = Enumerable.Range(0, chunks).Select(i => Path.Combine(directory, $"{i:D5}.part")).ToList();
            var missing = parts.FindIndex(p => !File.Exists(p));
            if (missing >= 0)
                throw new ValidationException($"Part {missing} of {chunks} is missing; the parts were sent with different chunks counts. Upload every part again.");

            return new ConcatenatedFileStream(parts);
        }

        public void Release()
        {
            _released = true;
            if (!Directory.Exists(home))
            {
                Directory.Move(directory, home);
                return;
            }

            // The client re-sent a part meanwhile, which started a new folder: keep its copy, add the rest.
            foreach (var part in Directory.EnumerateFiles(directory))
            {
                var target = Path.Combine(home, Path.GetFileName(part));
                if (!File.Exists(target))
                    File.Move(part, target);
            }

            Directory.Delete(directory, recursive: true);
        }

        public void Dispose()
        {
            if (!_released && Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }
}
