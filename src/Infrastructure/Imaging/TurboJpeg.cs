using System.Runtime.InteropServices;

namespace Attachments.Infrastructure.Imaging;

/// <summary>
/// libjpeg-turbo's TurboJPEG API (Debian <c>libturbojpeg0</c>), for turning EXIF-rotated JPEGs upright without
/// ImageMagick's pixel cache (decision 024): a lossless DCT transform where the picture divides into whole
/// MCUs, otherwise a decode to YUV planes, a turn of each plane and an encode with the same subsampling.
/// Every failure (a damaged file, an imperfect transform, a missing library) answers null, and the caller takes
/// the ordinary ImageMagick path, which refuses damaged files with its own message.
/// </summary>
internal static unsafe partial class TurboJpeg
{
    private const string Library = "libturbojpeg.so.0";

    // A warning (truncated data, a bad Huffman code) stops the work instead of producing grey blocks.
    private const int StopOnWarning = 8192;
    private const int TransformPerfect = 1;
    private const int TransformProgressive = 32;
    private const int TransformCopyNone = 64;

    private const int ColorspaceYCbCr = 1, ColorspaceGray = 2;
    private const int Sampling444 = 0, Sampling422 = 1, Sampling420 = 2, SamplingGray = 3, Sampling440 = 4;

    public static readonly bool IsAvailable = OperatingSystem.IsLinux() && NativeLibrary.TryLoad(Library, out _);

    /// <summary>
    /// The same DCT coefficients moved to the upright position (jpegtran's <c>-perfect -copy none</c>): no pixel is
    /// decoded and no quantisation loss added. Null when an edge MCU is partial, for which the transform is not
    /// lossless.
    /// </summary>
    public static NativeJpeg? TransformLosslessly(ReadOnlySpan<byte> jpeg, int orientation, bool progressive)
    {
        if (!IsAvailable || TransformOperation(orientation) is not { } operation)
            return null;

        var handle = InitTransform();
        if (handle == 0)
            return null;

        try
        {
            var transform = new Transform
            {
                Operation = operation,
                Options = TransformPerfect | TransformCopyNone | (progressive ? TransformProgressive : 0),
            };
            byte* output = null;
            nuint outputSize = 0;
            fixed (byte* source = jpeg)
            {
                if (TransformJpeg(handle, source, (nuint)jpeg.Length, 1, &output, &outputSize, &transform, StopOnWarning) != 0)
                {
                    Free(output);
                    return null;
                }
            }

            return new NativeJpeg(output, checked((int)outputSize));
        }
        finally
        {
            _ = Destroy(handle);
        }
    }

    /// <summary>
    /// Decodes to YUV planes (no colour conversion, no upsampling), turns each plane upright and encodes them with
    /// the correspondingly turned subsampling at <paramref name="quality"/>. Null for colour spaces and
    /// subsamplings that cannot be turned this way (RGB, CMYK, 4:1:1).
    /// </summary>
    public static NativeJpeg? Reencode(ReadOnlySpan<byte> jpeg, int orientation, int quality)
    {
        if (!IsAvailable || orientation is < 2 or > 8)
            return null;

        var decoder = InitDecompress();
        if (decoder == 0)
            return null;

        var turns = orientation >= 5;
        var planes = new PlaneSet(turns);
        try
        {
            fixed (byte* source = jpeg)
            {
                int width, height, sampling, colorspace;
                if (DecompressHeader(decoder, source, (nuint)jpeg.Length, &width, &height, &sampling, &colorspace) != 0
                    || colorspace is not (ColorspaceYCbCr or ColorspaceGray)
                    || TurnedSampling(sampling, orientation) is not { } outputSampling)
                {
                    return null;
                }

                var components = sampling == SamplingGray ? 1 : 3;
                var (outputWidth, outputHeight) = turns ? (height, width) : (width, height);
                for (var c = 0; c < components; c++)
                {
                    var (planeWidth, planeHeight) = (PlaneWidth(c, width, sampling), PlaneHeight(c, height, sampling));
                    var (turnedWidth, turnedHeight) = (PlaneWidth(c, outputWidth, outputSampling), PlaneHeight(c, outputHeight, outputSampling));

                    // The turned plane must be the plane turned, or the encoder would read rows of another width.
                    if ((turnedWidth, turnedHeight) != (turns ? (planeHeight, planeWidth) : (planeWidth, planeHeight)))
                        return null;

                    planes.Add(planeWidth, planeHeight);
                }

                if (DecompressToYuvPlanes(decoder, source, (nuint)jpeg.Length, planes.Sources, width, planes.SourceStrides, height, StopOnWarning) != 0)
                    return null;

                for (var c = 0; c < components; c++)
                {
                    PlaneRotation.Apply(
                        new ReadOnlySpan<byte>(planes.Sources[c], planes.Length(c)), planes.SourceStrides[c], planes.Heights[c],
                        new Span<byte>(planes.Outputs[c], planes.Length(c)), orientation);
                }

                planes.FreeSources();
                return Compress(planes, outputWidth, outputHeight, outputSampling, quality);
            }
        }
        finally
        {
            planes.Dispose();
            _ = Destroy(decoder);
        }
    }

    private static NativeJpeg? Compress(PlaneSet planes, int width, int height, int sampling, int quality)
    {
        var encoder = InitCompress();
        if (encoder == 0)
            return null;

        try
        {
            byte* output = null;
            nuint outputSize = 0;
            if (CompressFromYuvPlanes(encoder, planes.Outputs, width, planes.OutputStrides, height, sampling, &output, &outputSize, Math.Clamp(quality, 1, 100), 0) != 0)
            {
                Free(output);
                return null;
            }

            return new NativeJpeg(output, checked((int)outputSize));
        }
        finally
        {
            _ = Destroy(encoder);
        }
    }

    // EXIF orientation → TJXOP: 2 flip horizontally, 3 rotate 180°, 4 flip vertically, 5 transpose, 6 rotate 90°
    // clockwise, 7 transverse, 8 rotate 270°.
    private static int? TransformOperation(int orientation) => orientation switch
    {
        2 => 1,
        3 => 6,
        4 => 2,
        5 => 3,
        6 => 5,
        7 => 4,
        8 => 7,
        _ => null,
    };

    // Turning a picture by a quarter turns its chroma blocks too: 4:2:2 becomes 4:4:0. TurboJPEG 2.1 has no 1×4 for 4:1:1.
    private static int? TurnedSampling(int sampling, int orientation) => sampling switch
    {
        Sampling444 or Sampling420 or SamplingGray => sampling,
        Sampling422 => orientation >= 5 ? Sampling440 : Sampling422,
        Sampling440 => orientation >= 5 ? Sampling422 : Sampling440,
        _ => null,
    };

    [StructLayout(LayoutKind.Sequential)]
    private struct Transform
    {
        public int X, Y, Width, Height;
        public int Operation;
        public int Options;
        public nint Data;
        public nint CustomFilter;
    }

    /// <summary>
    /// Up to three planes before and after turning, in native memory (a 12 MP picture is 18 MB each way). A turned
    /// plane has the same bytes; a quarter turn swaps its width and height.
    /// </summary>
    private sealed class PlaneSet(bool turns) : IDisposable
    {
        private int _count;

        public byte** Sources { get; } = (byte**)NativeMemory.AllocZeroed(3, (nuint)sizeof(byte*));

        public byte** Outputs { get; } = (byte**)NativeMemory.AllocZeroed(3, (nuint)sizeof(byte*));

        public int* SourceStrides { get; } = (int*)NativeMemory.AllocZeroed(3, sizeof(int));

        public int* OutputStrides { get; } = (int*)NativeMemory.AllocZeroed(3, sizeof(int));

        public int[] Heights { get; } = new int[3];

        public void Add(int width, int height)
        {
            var c = _count++;
            SourceStrides[c] = width;
            Heights[c] = height;
            OutputStrides[c] = turns ? height : width;
            Sources[c] = (byte*)NativeMemory.Alloc((nuint)Length(c));
            Outputs[c] = (byte*)NativeMemory.Alloc((nuint)Length(c));
        }

        public int Length(int c) => SourceStrides[c] * Heights[c];

        public void FreeSources()
        {
            for (var c = 0; c < 3; c++)
            {
                NativeMemory.Free(Sources[c]);
                Sources[c] = null;
            }
        }

        public void Dispose()
        {
            FreeSources();
            for (var c = 0; c < 3; c++)
                NativeMemory.Free(Outputs[c]);
            NativeMemory.Free(Sources);
            NativeMemory.Free(Outputs);
            NativeMemory.Free(SourceStrides);
            NativeMemory.Free(OutputStrides);
        }
    }

    [LibraryImport(Library, EntryPoint = "tjInitTransform")]
    private static partial nint InitTransform();

    [LibraryImport(Library, EntryPoint = "tjInitDecompress")]
    private static partial nint InitDecompress();

    [LibraryImport(Library, EntryPoint = "tjInitCompress")]
    private static partial nint InitCompress();

    [LibraryImport(Library, EntryPoint = "tjDestroy")]
    private static partial int Destroy(nint handle);

    [LibraryImport(Library, EntryPoint = "tjFree")]
    internal static partial void Free(byte* buffer);

    [LibraryImport(Library, EntryPoint = "tjTransform")]
    private static partial int TransformJpeg(nint handle, byte* jpeg, nuint jpegSize, int count, byte** outputs, nuint* outputSizes, Transform* transforms, int flags);

    [LibraryImport(Library, EntryPoint = "tjDecompressHeader3")]
    private static partial int DecompressHeader(nint handle, byte* jpeg, nuint jpegSize, int* width, int* height, int* sampling, int* colorspace);

    [LibraryImport(Library, EntryPoint = "tjDecompressToYUVPlanes")]
    private static partial int DecompressToYuvPlanes(nint handle, byte* jpeg, nuint jpegSize, byte** planes, int width, int* strides, int height, int flags);

    [LibraryImport(Library, EntryPoint = "tjCompressFromYUVPlanes")]
    private static partial int CompressFromYuvPlanes(nint handle, byte** planes, int width, int* strides, int height, int sampling, byte** jpeg, nuint* jpegSize, int quality, int flags);

    [LibraryImport(Library, EntryPoint = "tjPlaneWidth")]
    private static partial int PlaneWidth(int component, int width, int sampling);

    [LibraryImport(Library, EntryPoint = "tjPlaneHeight")]
    private static partial int PlaneHeight(int component, int height, int sampling);
}

/// <summary>A JPEG TurboJPEG allocated; written out once, then freed with tjFree.</summary>
internal sealed unsafe class NativeJpeg(byte* start, int length) : IDisposable
{
    private byte* _start = start;

    public ReadOnlySpan<byte> Span => new(_start, length);

    public void Dispose()
    {
        TurboJpeg.Free(_start);
        _start = null;
    }
}
