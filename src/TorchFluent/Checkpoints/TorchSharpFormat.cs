using System.Text;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// TorchSharp's own state-dict format, as <c>Module.save</c> writes it and <c>Module.load</c> reads it: the entry
/// count (LEB128), then per entry the key (a .NET BinaryWriter string), the dtype (LEB128 of ScalarType), the rank and
/// extents (LEB128), and the raw little-endian bytes. Read here with every length checked against the file, so a
/// truncated file is an error that names it rather than a huge allocation or a native failure.
/// </summary>
internal static class TorchSharpFormat
{
    const CheckpointFormat Format = CheckpointFormat.TorchSharp;
    const int MaxRank = 64;

    /// <summary>True when the file starts like a TorchSharp state dict: a count, a UTF-8 key, a known dtype, a rank.</summary>
    public static bool LooksLike(ReadOnlySpan<byte> head, long fileLength)
    {
        var position = 0;
        if (!TryDecode(head, ref position, out var count) || count > int.MaxValue) return false;
        if (count == 0) return fileLength == position;
        if (!TryDecode(head, ref position, out var keyLength) || keyLength > head.Length - position) return false;
        try
        {
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(head.Slice(position, (int)keyLength));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        position += (int)keyLength;
        return TryDecode(head, ref position, out var dtype) && dtype <= int.MaxValue && TensorBytes.IsKnown((ScalarType)(int)dtype)
               && TryDecode(head, ref position, out var rank) && rank <= MaxRank;
    }

    /// <summary>Reads a state dict in the file's order.</summary>
    public static List<KeyValuePair<string, Tensor>> ReadStateDict(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true));
        var result = new List<KeyValuePair<string, Tensor>>();
        try
        {
            var count = Decode(reader);
            for (long i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                var dtype = (ScalarType)(int)Math.Min(Decode(reader), int.MaxValue);
                if (!TensorBytes.IsKnown(dtype))
                    throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointUnknownDTypeCode(key, (int)dtype));
                var rank = Decode(reader);
                if (rank > MaxRank) throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointBadRank(key, rank));
                var shape = new long[rank];
                for (var d = 0; d < rank; d++) shape[d] = Decode(reader);
                var elements = TensorBytes.ElementCount(shape);
                var bytes = elements < 0 ? -1 : elements * (long)TensorBytes.ElementSize(dtype);
                if (bytes < 0 || bytes > stream.Length - stream.Position)
                    throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointTensorPastEnd(key, stream.Length));
                result.Add(new(key, TensorBytes.Read(stream, dtype, shape)));
            }
            if (stream.Position != stream.Length)
                throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointTrailingBytes(stream.Length - stream.Position));
            return result;
        }
        catch (Exception e) when (e is EndOfStreamException or DecoderFallbackException or OverflowException)
        {
            Dispose(result);
            throw CheckpointErrors.Damaged(path, Format, Messages.CheckpointEndsEarly, e);
        }
        catch
        {
            Dispose(result);
            throw;
        }
    }

    /// <summary>Writes compact CPU tensors (see <see cref="TensorBytes.Compact"/>) in TorchSharp's format.</summary>
    public static void Write(Stream stream, IReadOnlyCollection<KeyValuePair<string, Tensor>> compactEntries)
    {
        using var writer = new BinaryWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        Encode(writer, compactEntries.Count);
        foreach (var (key, tensor) in compactEntries)
        {
            writer.Write(key);
            Encode(writer, (int)tensor.dtype);
            Encode(writer, tensor.shape.Length);
            foreach (var extent in tensor.shape) Encode(writer, extent);
            writer.Flush();
            TensorBytes.Write(tensor, stream);
        }
        writer.Flush();
    }

    static void Dispose(List<KeyValuePair<string, Tensor>> entries)
    {
        foreach (var entry in entries) entry.Value.Dispose();
    }

    // LEB128, as TorchSharp's internal LEB128Codec writes it (non-negative values only).
    static void Encode(BinaryWriter writer, long value)
    {
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            writer.Write(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
    }

    static long Decode(BinaryReader reader)
    {
        long result = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 56) throw new OverflowException("a LEB128 number wider than 63 bits");
            long b = reader.ReadByte();
            result |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    static bool TryDecode(ReadOnlySpan<byte> bytes, ref int position, out long value)
    {
        value = 0;
        for (var shift = 0; shift <= 56 && position < bytes.Length; shift += 7)
        {
            long b = bytes[position++];
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return true;
        }
        return false;
    }
}
