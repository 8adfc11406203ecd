using System.Runtime.InteropServices;

namespace Attachments.Infrastructure.Imaging;

/// <summary>
/// ImageMagick's coders allocate their buffers with malloc. glibc keeps what they free: in up to eight arenas
/// per core, and, once a large block has been freed, it raises its mmap threshold so that later large blocks
/// come from those arenas too. After a few hundred uploads the process held 600 MiB it no longer used
/// (decision 022). Two arenas, a fixed threshold, and a trim once no image is being worked on give it back.
/// </summary>
internal static partial class GlibcHeap
{
    private const int ArenaMax = -8;
    private const int MmapThreshold = -3;

    // Fixing the threshold also stops glibc from raising it; blocks this large are mapped and unmapped.
    private const int MmapThresholdBytes = 4 * 1024 * 1024;

    private static readonly bool Available = OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out _);

    public static void Configure()
    {
        if (!Available)
            return;

        _ = MallOpt(ArenaMax, 2);
        _ = MallOpt(MmapThreshold, MmapThresholdBytes);
    }

    public static void Trim()
    {
        if (Available)
            _ = MallocTrim(0);
    }

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    [LibraryImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
