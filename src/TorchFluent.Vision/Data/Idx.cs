using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// The IDX format of MNIST, Fashion-MNIST and KMNIST (train-images-idx3-ubyte, ...): a magic number (0, 0, type,
/// dimensions), big-endian 32-bit sizes, then big-endian values. Files ending in .gz are read through gzip.
/// </summary>
public static class Idx
{
    static readonly (byte Code, ScalarType Type, int Size)[] Types =
    [
        (0x08, ScalarType.Byte, 1), (0x09, ScalarType.Int8, 1), (0x0B, ScalarType.Int16, 2),
        (0x0C, ScalarType.Int32, 4), (0x0D, ScalarType.Float32, 4), (0x0E, ScalarType.Float64, 8),
    ];

    /// <summary>
    /// Reads an IDX file into a tensor of its type and shape: MNIST's image files give uint8 [N, 28, 28], label files
    /// uint8 [N] (torchvision's <c>read_sn3_pascalvincent_tensor</c>). Multi-byte values are read big-endian, as the format
    /// says (torchvision 0.14 scrambles them).
    /// </summary>
    /// <param name="path">The file; a name ending in .gz is decompressed on the fly.</param>
    /// <returns>A new tensor the caller owns.</returns>
    /// <exception cref="InvalidDataException">The file is not an IDX file, or is truncated; the message names the file and what is wrong.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Tensor Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        TorchRuntime.EnsureLoaded();
        var data = ReadAllBytes(path);
        if (data.Length < 4) throw new InvalidDataException(Messages.IdxTooShort(path, data.Length));
        if (data[0] != 0 || data[1] != 0) throw new InvalidDataException(Messages.IdxMagic(path, data));
        var type = Array.FindIndex(Types, t => t.Code == data[2]);
        if (type < 0) throw new InvalidDataException(Messages.IdxType(path, data[2]));
        var (_, dtype, size) = Types[type];
        int rank = data[3];
        if (rank == 0) throw new InvalidDataException(Messages.IdxNoDimensions(path));
        var header = 4 + 4L * rank;
        if (data.Length < header) throw new InvalidDataException(Messages.IdxTooShort(path, data.Length));
        var shape = new long[rank];
        for (var i = 0; i < rank; i++) shape[i] = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4 + 4 * i));
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var received = data.Length - header;
        if (received != count * size)
            throw new InvalidDataException(Messages.IdxLength(path, shape, dtype.ToString(), count * size, received));

        var values = data.AsSpan((int)header);
        // Big-endian on disk: swap in place for little-endian machines before handing the bytes to libtorch.
        if (size > 1 && BitConverter.IsLittleEndian)
            for (var i = 0; i < values.Length; i += size) values.Slice(i, size).Reverse();
        return dtype switch
        {
            ScalarType.Byte => tensor(values.ToArray(), shape),
            ScalarType.Int8 => tensor(MemoryMarshal.Cast<byte, sbyte>(values).ToArray(), shape),
            ScalarType.Int16 => tensor(MemoryMarshal.Cast<byte, short>(values).ToArray(), shape),
            ScalarType.Int32 => tensor(MemoryMarshal.Cast<byte, int>(values).ToArray(), shape),
            ScalarType.Float32 => tensor(MemoryMarshal.Cast<byte, float>(values).ToArray(), shape),
            _ => tensor(MemoryMarshal.Cast<byte, double>(values).ToArray(), shape),
        };
    }

    /// <summary>Writes a tensor as an IDX file (big-endian), for example small MNIST-format files for tests.</summary>
    /// <param name="data">A uint8, int8, int16, int32, float32 or float64 tensor with 1 to 255 dimensions.</param>
    /// <param name="path">The file to create or replace; a name ending in .gz is gzip-compressed.</param>
    /// <exception cref="ArgumentException">The dtype or rank cannot be stored in IDX.</exception>
    public static void Write(Tensor data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(path);
        TorchRuntime.EnsureLoaded();
        var type = Array.FindIndex(Types, t => t.Type == data.dtype);
        if (type < 0) throw new ArgumentException(Messages.IdxWriteDType(data.dtype.ToString()), nameof(data));
        var shape = data.shape;
        if (shape.Length is 0 or > 255) throw new ArgumentException(Messages.IdxWriteRank(shape), nameof(data));
        var (code, _, size) = Types[type];

        using var flat = data.detach().cpu().contiguous().reshape(-1);
        var values = data.dtype switch
        {
            ScalarType.Byte => flat.data<byte>().ToArray(),
            ScalarType.Int8 => MemoryMarshal.AsBytes(flat.data<sbyte>().ToArray().AsSpan()).ToArray(),
            ScalarType.Int16 => MemoryMarshal.AsBytes(flat.data<short>().ToArray().AsSpan()).ToArray(),
            ScalarType.Int32 => MemoryMarshal.AsBytes(flat.data<int>().ToArray().AsSpan()).ToArray(),
            ScalarType.Float32 => MemoryMarshal.AsBytes(flat.data<float>().ToArray().AsSpan()).ToArray(),
            _ => MemoryMarshal.AsBytes(flat.data<double>().ToArray().AsSpan()).ToArray(),
        };
        if (size > 1 && BitConverter.IsLittleEndian)
            for (var i = 0; i < values.Length; i += size) Array.Reverse(values, i, size);

        using var file = File.Create(path);
        using Stream output = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Optimal) : file;
        output.Write([0, 0, code, (byte)shape.Length]);
        Span<byte> dim = stackalloc byte[4];
        foreach (var d in shape)
        {
            BinaryPrimitives.WriteUInt32BigEndian(dim, checked((uint)d));
            output.Write(dim);
        }
        output.Write(values);
    }

    internal static byte[] ReadAllBytes(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return File.ReadAllBytes(path);
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        try
        {
            gzip.CopyTo(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(Messages.GzipDamaged(path, e.Message), e);
        }
        return buffer.ToArray();
    }
}
