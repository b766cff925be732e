using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (<c>{"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, "__metadata__": {...}}</c>, padded
/// with spaces), then the raw little-endian row-major tensor bytes; offsets count from the end of the header. Nothing
/// in the file is code. Implemented here (the format is small) with every offset checked against the file.
/// </summary>
internal static class SafetensorsFormat
{
    const CheckpointFormat Format = CheckpointFormat.Safetensors;

    // The safetensors library refuses headers over 100 MB; so do we, before allocating anything.
    const long MaxHeaderLength = 100_000_000;

    static readonly Dictionary<string, ScalarType> DTypes = new()
    {
        ["F64"] = ScalarType.Float64,
        ["F32"] = ScalarType.Float32,
        ["F16"] = ScalarType.Float16,
        ["BF16"] = ScalarType.BFloat16,
        ["I64"] = ScalarType.Int64,
        ["I32"] = ScalarType.Int32,
        ["I16"] = ScalarType.Int16,
        ["I8"] = ScalarType.Int8,
        ["U8"] = ScalarType.Byte,
        ["BOOL"] = ScalarType.Bool,
    };

    static readonly Dictionary<ScalarType, string> Names = DTypes.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>The dtypes safetensors can hold that TorchSharp has (no complex numbers in safetensors).</summary>
    public static bool CanWrite(ScalarType dtype) => Names.ContainsKey(dtype);

    /// <summary>True when the file starts like safetensors: a header length that fits the file, then '{'.</summary>
    public static bool LooksLike(ReadOnlySpan<byte> head, long fileLength) =>
        head.Length >= 9
        && BinaryPrimitives.ReadUInt64LittleEndian(head) is var n && n >= 2 && n <= MaxHeaderLength
        && head[8] == (byte)'{'
        && (long)n <= fileLength - 8;

    /// <summary>True when the first 8 bytes announce a header longer than the file (a truncated safetensors file).</summary>
    public static bool LooksTruncated(ReadOnlySpan<byte> head, long fileLength) =>
        head.Length >= 9 && head[8] == (byte)'{'
        && BinaryPrimitives.ReadUInt64LittleEndian(head) is var n && n <= MaxHeaderLength && (long)n > fileLength - 8;

    /// <summary>Reads every tensor, in the header's order.</summary>
    public static List<KeyValuePair<string, Tensor>> ReadStateDict(string path)
    {
        using var stream = File.OpenRead(path);
        var entries = ReadHeader(stream, path, out var bodyStart);
        var result = new List<KeyValuePair<string, Tensor>>(entries.Count);
        try
        {
            foreach (var entry in entries)
            {
                stream.Position = bodyStart + entry.Begin;
                result.Add(new(entry.Key, TensorBytes.Read(stream, entry.DType, entry.Shape)));
            }
            return result;
        }
        catch (EndOfStreamException e)
        {
            foreach (var item in result) item.Value.Dispose();
            throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointEndsEarly, e);
        }
        catch
        {
            foreach (var item in result) item.Value.Dispose();
            throw;
        }
    }

    /// <summary>Writes compact CPU tensors (see <see cref="TensorBytes.Compact"/>); the caller checked the dtypes.</summary>
    public static void Write(Stream stream, IReadOnlyCollection<KeyValuePair<string, Tensor>> compactEntries)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            // "format": "pt" is what Hugging Face's torch helpers write; readers treat it as a hint only.
            writer.WriteStartObject("__metadata__");
            writer.WriteString("format", "pt");
            writer.WriteEndObject();
            long offset = 0;
            foreach (var (key, tensor) in compactEntries)
            {
                var size = tensor.NumberOfElements * tensor.ElementSize;
                writer.WriteStartObject(key);
                writer.WriteString("dtype", Names[tensor.dtype]);
                writer.WriteStartArray("shape");
                foreach (var extent in tensor.shape) writer.WriteNumberValue(extent);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + size);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += size;
            }
            writer.WriteEndObject();
        }

        // The body starts 8-byte aligned, as the safetensors library writes it: pad the header with spaces.
        var header = json.ToArray();
        var padded = (header.Length + 7) / 8 * 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(header);
        for (var i = header.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var (_, tensor) in compactEntries) TensorBytes.Write(tensor, stream);
    }

    sealed record Entry(string Key, ScalarType DType, long[] Shape, long Begin, long End);

    static List<Entry> ReadHeader(FileStream stream, string path, out long bodyStart)
    {
        Span<byte> prefix = stackalloc byte[8];
        if (stream.Length < 8) throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointEndsEarly);
        stream.ReadExactly(prefix);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength || (long)headerLength > stream.Length - 8)
            throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointHeaderPastEnd((long)Math.Min(headerLength, long.MaxValue), stream.Length));
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        bodyStart = 8 + (long)headerLength;
        var bodyLength = stream.Length - bodyStart;

        JsonDocument document;
        try
        {
            // The space padding is JSON whitespace: the parser skips it.
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointHeaderNotJson(e.Message), e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointHeaderNotJson("the header is not a JSON object"));
            var entries = new List<Entry>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__") continue;
                entries.Add(ParseEntry(property, bodyLength, path));
            }
            return entries;
        }
    }

    static Entry ParseEntry(JsonProperty property, long bodyLength, string path)
    {
        var key = property.Name;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2
            || shapeElement.EnumerateArray().Any(e => !e.TryGetInt64(out var x) || x < 0)
            || offsetsElement.EnumerateArray().Any(e => !e.TryGetInt64(out var x) || x < 0))
        {
            throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointBadHeaderEntry(key));
        }

        var dtypeName = dtypeElement.GetString()!;
        if (!DTypes.TryGetValue(dtypeName, out var dtype))
            throw CheckpointErrors.Unsupported(path, Format, Messages.CheckpointSafetensorsDType(key, dtypeName));
        var shape = shapeElement.EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var begin = offsetsElement[0].GetInt64();
        var end = offsetsElement[1].GetInt64();
        var elements = TensorBytes.ElementCount(shape);
        if (end > bodyLength)
            throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointTensorPastEnd(key, bodyLength));
        if (elements < 0 || begin > end || end - begin != elements * TensorBytes.ElementSize(dtype))
            throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointBadHeaderEntry(key));
        return new Entry(key, dtype, shape, begin, end);
    }
}

