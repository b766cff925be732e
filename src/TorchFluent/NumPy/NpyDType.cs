using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// A .npy element type (its <c>descr</c>, such as <c>&lt;f4</c>) and the PyTorch dtype it maps to: the 11 dtypes of
/// the reference text's table that NumPy has (all but bfloat16), in either byte order. Everything else is refused
/// with the reason, as torch.from_numpy refuses it.
/// </summary>
internal readonly record struct NpyDType(ScalarType TorchType, int ElementSize, bool BigEndian)
{
    /// <summary>The descr numpy.save writes for a dtype (little-endian; '|' for one-byte types).</summary>
    internal static string DescrOf(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "<f4",
        ScalarType.Float64 => "<f8",
        ScalarType.Float16 => "<f2",
        ScalarType.Byte => "|u1",
        ScalarType.Int8 => "|i1",
        ScalarType.Int16 => "<i2",
        ScalarType.Int32 => "<i4",
        ScalarType.Int64 => "<i8",
        ScalarType.Bool => "|b1",
        ScalarType.ComplexFloat32 => "<c8",
        ScalarType.ComplexFloat64 => "<c16",
        _ => throw new NotSupportedException(Messages.NpySaveUnsupported(dtype)),
    };

    /// <summary>Reads a header's descr value; throws NotSupportedException for types with no PyTorch dtype.</summary>
    internal static NpyDType FromDescr(object? descr, string source)
    {
        if (descr is not string text)
            // A list of (name, type) pairs: a structured (record) array.
            throw new NotSupportedException(Messages.NpyUnsupportedDType(source, descr is null ? "None" : "[...]", "structured (record)"));
        if (text.Length < 2) throw new NotSupportedException(Messages.NpyUnsupportedDType(source, text, "unknown"));

        var order = text[0];
        var code = order is '<' or '>' or '|' or '=' ? text[1..] : text;
        var bigEndian = order == '>' || (order == '=' && !BitConverter.IsLittleEndian);
        ScalarType? dtype = code switch
        {
            "f4" => ScalarType.Float32,
            "f8" => ScalarType.Float64,
            "f2" => ScalarType.Float16,
            "u1" => ScalarType.Byte,
            "i1" => ScalarType.Int8,
            "i2" => ScalarType.Int16,
            "i4" => ScalarType.Int32,
            "i8" => ScalarType.Int64,
            "b1" => ScalarType.Bool,
            "c8" => ScalarType.ComplexFloat32,
            "c16" => ScalarType.ComplexFloat64,
            _ => null,
        };
        if (dtype is { } known)
        {
            var size = DType.Info(known).Bytes;
            return new NpyDType(known, size, bigEndian && size > 1);
        }
        if (code == "O") throw new NotSupportedException(Messages.NpyObjectArray(source));
        throw new NotSupportedException(Messages.NpyUnsupportedDType(source, text, Describe(code)));
    }

    static string Describe(string code) => code[0] switch
    {
        'u' => $"uint{SizeBits(code)}",
        'i' => $"int{SizeBits(code)}",
        'f' => $"float{SizeBits(code)}",
        'c' => $"complex{SizeBits(code)}",
        'U' => "unicode string",
        'S' or 'a' => "byte string",
        'M' => "datetime64",
        'm' => "timedelta64",
        'V' => "void (raw bytes)",
        _ => "unknown",
    };

    static string SizeBits(string code) => int.TryParse(code.AsSpan(1), out var bytes) ? (bytes * 8).ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
}
