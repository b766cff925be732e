using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// The header of a .npy file (NumPy's format, versions 1.0 to 3.0): magic string, version, header length, then a
/// Python dict literal such as <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c> padded with
/// spaces to a multiple of 64 bytes. Writes byte for byte what NumPy 1.24's <c>numpy.save</c> writes.
/// </summary>
internal sealed class NpyHeader
{
    static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    const int Align = 64;

    // numpy.lib.format.GROWTH_AXIS_MAX_DIGITS: NumPy pads the header so that the growing axis can reach 21 digits.
    const int GrowthAxisMaxDigits = 21;

    NpyHeader(NpyDType dtype, bool fortranOrder, long[] shape)
    {
        DType = dtype;
        FortranOrder = fortranOrder;
        Shape = shape;
    }

    internal NpyDType DType { get; }

    internal bool FortranOrder { get; }

    internal long[] Shape { get; }

    /// <summary>Reads and validates the header; the stream is left at the first data byte.</summary>
    internal static NpyHeader Read(Stream stream, string source)
    {
        Span<byte> prefix = stackalloc byte[12];
        var got = ReadFully(stream, prefix[..8]);
        if (got < 8 || !prefix[..6].SequenceEqual(Magic))
        {
            if (got >= 6 && prefix[..6].SequenceEqual(Magic))
                throw new InvalidDataException(Messages.NpyTruncated(source, "header", 10, got));
            throw new InvalidDataException(Messages.NpyNotNpy(source, Describe(prefix[..got])));
        }
        int major = prefix[6], minor = prefix[7];
        if (major is < 1 or > 3 || minor != 0)
            throw new InvalidDataException(Messages.NpyUnsupportedVersion(source, major, minor));

        var lengthSize = major == 1 ? 2 : 4;
        got = ReadFully(stream, prefix.Slice(8, lengthSize));
        if (got < lengthSize) throw new InvalidDataException(Messages.NpyTruncated(source, "header", 8 + lengthSize, 8 + got));
        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(prefix.Slice(8, 2))
            : BinaryPrimitives.ReadUInt32LittleEndian(prefix.Slice(8, 4));
        if (headerLength > 1 << 24)
            throw new InvalidDataException(Messages.NpyBadHeader(source, $"(a header length of {headerLength} bytes)", "the header is implausibly long"));

        var bytes = new byte[headerLength];
        got = ReadFully(stream, bytes);
        if (got < headerLength)
            throw new InvalidDataException(Messages.NpyTruncated(source, "header", 8 + lengthSize + headerLength, 8 + lengthSize + got));
        // Versions 1 and 2 store latin-1 text, version 3 UTF-8; the dict NumPy writes is ASCII either way.
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes);
        return Parse(text, source);
    }

    /// <summary>Parses the dict literal NumPy writes (see <see cref="PythonLiteral"/> for the accepted syntax).</summary>
    internal static NpyHeader Parse(string text, string source)
    {
        object? literal;
        try
        {
            literal = PythonLiteral.Parse(text);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException(Messages.NpyBadHeader(source, text.TrimEnd(), e.Message), e);
        }
        if (literal is not Dictionary<string, object?> dict)
            throw new InvalidDataException(Messages.NpyBadHeader(source, text.TrimEnd(), "it is not a dict"));
        foreach (var key in new[] { "descr", "fortran_order", "shape" })
        {
            if (!dict.ContainsKey(key))
                throw new InvalidDataException(Messages.NpyBadHeader(source, text.TrimEnd(), $"the key '{key}' is missing"));
        }
        if (dict["fortran_order"] is not bool fortran)
            throw new InvalidDataException(Messages.NpyBadHeader(source, text.TrimEnd(), "'fortran_order' is not True or False"));
        if (dict["shape"] is not List<object?> { } dims || dims.Any(d => d is not long { } v || v < 0))
            throw new InvalidDataException(Messages.NpyBadHeader(source, text.TrimEnd(), "'shape' is not a tuple of sizes"));
        var shape = dims.Select(d => (long)d!).ToArray();
        var dtype = NpyDType.FromDescr(dict["descr"], source);
        return new NpyHeader(dtype, fortran, shape);
    }

    /// <summary>The header bytes numpy.save would write for an array of this dtype and shape.</summary>
    internal static byte[] Format(ScalarType dtype, ReadOnlySpan<long> shape, bool fortranOrder)
    {
        var descr = NpyDType.DescrOf(dtype);
        var dims = new StringBuilder("(");
        for (var i = 0; i < shape.Length; i++)
        {
            if (i > 0) dims.Append(", ");
            dims.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }
        dims.Append(shape.Length == 1 ? ",)" : ")");
        var header = $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {dims}, }}";
        if (shape.Length > 0)
        {
            var growing = shape[fortranOrder ? shape.Length - 1 : 0].ToString(CultureInfo.InvariantCulture);
            header += new string(' ', GrowthAxisMaxDigits - growing.Length);
        }

        // Version 1.0 while the header fits its 2-byte length field, else 2.0 (numpy's _wrap_header_guess_version).
        var major = 1;
        var prefixLength = 10;
        var padding = Align - (prefixLength + header.Length + 1) % Align;
        var total = header.Length + padding + 1;
        if (total > ushort.MaxValue)
        {
            major = 2;
            prefixLength = 12;
            padding = Align - (prefixLength + header.Length + 1) % Align;
            total = header.Length + padding + 1;
        }
        var bytes = new byte[prefixLength + total];
        Magic.CopyTo(bytes);
        bytes[6] = (byte)major;
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)total);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)total);
        Encoding.ASCII.GetBytes(header, bytes.AsSpan(prefixLength));
        bytes.AsSpan(prefixLength + header.Length, padding).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    internal static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer[total..]);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    static string Describe(ReadOnlySpan<byte> start)
    {
        if (start.IsEmpty) return "nothing (the file is empty)";
        var text = new StringBuilder();
        foreach (var b in start) text.Append(b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}");
        return $"\"{text}\"";
    }
}
