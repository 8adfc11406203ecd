// Helpers for upload-cpu.sh: the CPU of MD5 in-process, and distinct small PNGs to upload.
//   dotnet run cpu-tool.cs -- md5 <bytes> <repetitions>   prints the CPU seconds of one MD5 over <bytes>
//   dotnet run cpu-tool.cs -- png <folder> <count> <seed>  writes <count> distinct PNGs of about 100 KB
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;

switch (args[0])
{
    case "md5":
        Md5Cpu(long.Parse(args[1]), int.Parse(args[2]));
        break;
    case "png":
        WritePngs(args[1], int.Parse(args[2]), int.Parse(args[3]));
        break;
    default:
        throw new ArgumentException($"Unknown command '{args[0]}'.");
}

static void Md5Cpu(long bytes, int repetitions)
{
    var buffer = new byte[bytes];
    Random.Shared.NextBytes(buffer);
    MD5.HashData(buffer);
    var process = Process.GetCurrentProcess();
    var before = process.TotalProcessorTime;
    using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    for (var i = 0; i < repetitions; i++)
    {
        // As the service hashes: in 80 KB appends.
        for (var at = 0; at < buffer.Length; at += 81_920)
            md5.AppendData(buffer, at, Math.Min(81_920, buffer.Length - at));
        md5.GetHashAndReset();
    }

    process.Refresh();
    Console.WriteLine(((process.TotalProcessorTime - before).TotalSeconds / repetitions).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));
}

// A 224x168 photo-like RGB image (smooth gradients with noise), about 100 KB as PNG; each file differs.
static void WritePngs(string folder, int count, int seed)
{
    Directory.CreateDirectory(folder);
    const int width = 224, height = 168;
    for (var n = 0; n < count; n++)
    {
        var random = new Random(seed * 100_003 + n);
        var raw = new byte[height * (1 + width * 3)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + width * 3);
            for (var x = 0; x < width; x++)
            {
                var p = row + 1 + x * 3;
                raw[p] = (byte)(x * 255 / width + random.Next(6));
                raw[p + 1] = (byte)(y * 255 / height + random.Next(6));
                raw[p + 2] = (byte)((x + y + n) % 256);
            }
        }

        using var file = File.Create(Path.Combine(folder, $"image-{seed}-{n}.png"));
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        Chunk(file, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
                zlib.Write(raw);
            Chunk(file, "IDAT", compressed.ToArray());
        }

        Chunk(file, "IEND", []);
    }
}

static void Chunk(Stream output, string type, byte[] data)
{
    var length = new byte[4];
    BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
    output.Write(length);
    var typed = new byte[4 + data.Length];
    System.Text.Encoding.ASCII.GetBytes(type, typed);
    data.CopyTo(typed, 4);
    output.Write(typed);
    var crc = new byte[4];
    BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
    output.Write(crc);
}

static uint Crc32(byte[] data)
{
    var crc = 0xFFFFFFFFu;
    foreach (var b in data)
    {
        crc ^= b;
        for (var k = 0; k < 8; k++)
            crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }

    return ~crc;
}
