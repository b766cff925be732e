using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// A minimal reader of NumPy's .npy format (versions 1.0 to 3.0; bool, integer, float and complex dtypes; either byte
/// order; C or Fortran order), for <see cref="Dataset.FromNpy(string)"/>. Kept internal so it can be unified with a
/// general NumPy I/O later.
/// </summary>
internal static partial class NpyReader
{
    static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    internal static Tensor Read(string path)
    {
        var name = Path.GetFileName(path);
        using var stream = File.OpenRead(path);
        var (type, bigEndian, fortran, shape) = ReadHeader(stream, name);

        // Fortran order stores the transpose: read it with the shape reversed, then permute the dimensions back.
        var stored = fortran ? shape.Reverse().ToArray() : shape;
        var tensor = torch.empty(stored, type);
        try
        {
            var total = tensor.numel() * tensor.element_size();
            if (total > int.MaxValue) throw new InvalidDataException(Messages.NpyTooLarge(name, total));
            var span = tensor.bytes;
            var read = 0;
            while (read < span.Length)
            {
                var n = stream.Read(span[read..]);
                if (n == 0) throw new InvalidDataException(Messages.NpyTruncated(name, read, span.Length));
                read += n;
            }
            var elementSize = (int)tensor.element_size();
            if (bigEndian && elementSize > 1) Swap(span, type == ScalarType.ComplexFloat32 || type == ScalarType.ComplexFloat64 ? elementSize / 2 : elementSize);
            if (!fortran) return tensor;
            var order = Enumerable.Range(0, shape.Length).Reverse().Select(i => (long)i).ToArray();
            using (tensor)
            using (var permuted = tensor.permute(order))
            {
                return permuted.contiguous();
            }
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    static (ScalarType Type, bool BigEndian, bool Fortran, long[] Shape) ReadHeader(Stream stream, string name)
    {
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8 || !prefix[..6].SequenceEqual(Magic))
            throw new InvalidDataException(Messages.NpyNotNpy(name));
        var major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            Span<byte> len = stackalloc byte[2];
            if (stream.ReadAtLeast(len, 2, throwOnEndOfStream: false) < 2) throw new InvalidDataException(Messages.NpyNotNpy(name));
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(len);
        }
        else if (major is 2 or 3)
        {
            Span<byte> len = stackalloc byte[4];
            if (stream.ReadAtLeast(len, 4, throwOnEndOfStream: false) < 4) throw new InvalidDataException(Messages.NpyNotNpy(name));
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(len));
        }
        else
        {
            throw new InvalidDataException(Messages.NpyVersion(name, major, prefix[7]));
        }
        var headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerLength, throwOnEndOfStream: false) < headerLength)
            throw new InvalidDataException(Messages.NpyBadHeader(name, "(truncated)"));
        // Version 3.0 allows UTF-8 in the header (structured field names); the dicts we accept are ASCII either way.
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes).Trim();

        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new InvalidDataException(Messages.NpyBadHeader(name, header));
        var (type, bigEndian) = ParseDescr(descr.Groups[1].Value, name);
        var dims = shape.Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.TryParse(d.TrimEnd('L'), out var v) && v >= 0 ? v : throw new InvalidDataException(Messages.NpyBadHeader(name, header)))
            .ToArray();
        return (type, bigEndian, fortran.Groups[1].Value == "True", dims);
    }

    static (ScalarType, bool) ParseDescr(string descr, string name)
    {
        if (descr.Length < 3) throw new InvalidDataException(Messages.NpyDType(name, descr));
        var order = descr[0];
        var bigEndian = order == '>' || (order == '=' && !BitConverter.IsLittleEndian);
        if (order is not ('<' or '>' or '|' or '=')) throw new InvalidDataException(Messages.NpyDType(name, descr));
        ScalarType? type = descr[1..] switch
        {
            "b1" => ScalarType.Bool,
            "u1" => ScalarType.Byte,
            "i1" => ScalarType.Int8,
            "i2" => ScalarType.Int16,
            "i4" => ScalarType.Int32,
            "i8" => ScalarType.Int64,
            "f2" => ScalarType.Float16,
            "f4" => ScalarType.Float32,
            "f8" => ScalarType.Float64,
            "c8" => ScalarType.ComplexFloat32,
            "c16" => ScalarType.ComplexFloat64,
            _ => null,
        };
        return type is { } t ? (t, bigEndian) : throw new InvalidDataException(Messages.NpyDType(name, descr));
    }

    static void Swap(Span<byte> data, int width)
    {
        for (var i = 0; i + width <= data.Length; i += width) data.Slice(i, width).Reverse();
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
