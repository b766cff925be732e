using System.Buffers.Binary;
using System.IO.Compression;
using FluentAssertions;

namespace TorchFluent.Tests.Examples;

/// <summary>Checks that a file is a well-formed 8-bit RGB PNG (signature, chunk CRCs, IDAT size) and returns its size.</summary>
internal static class PngFile
{
    public static (int Width, int Height) Check(string path)
    {
        File.Exists(path).Should().BeTrue($"{path} should have been written");
        var bytes = File.ReadAllBytes(path);
        bytes.AsSpan(0, 8).ToArray().Should().Equal([137, 80, 78, 71, 13, 10, 26, 10], "PNG signature");
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            var data = bytes.AsSpan(at + 8, length);
            BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 8 + length)).Should().Be(Crc(bytes.AsSpan(at + 4, length + 4)), $"CRC of {type}");
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
            }
            if (type == "IDAT") idat.Write(data);
            at += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        inflated.Length.Should().Be((long)height * (1 + 3 * width), "one filter byte and RGB pixels per row");
        return (width, height);
    }

    static uint Crc(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return crc ^ 0xFFFFFFFFu;
    }
}
