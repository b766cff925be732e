using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>Raw tensor bytes in and out of streams, and the dtype facts the checkpoint formats need.</summary>
internal static class TensorBytes
{
    /// <summary>Bytes per element of the dtypes the checkpoint formats carry.</summary>
    public static int ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        ScalarType.ComplexFloat64 => 16,
        _ => throw new NotSupportedException($"dtype {dtype}"),
    };

    /// <summary>True for the dtypes <see cref="ElementSize"/> knows.</summary>
    public static bool IsKnown(ScalarType dtype) => dtype is ScalarType.Float64 or ScalarType.Int64 or ScalarType.ComplexFloat32
        or ScalarType.Float32 or ScalarType.Int32 or ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16
        or ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool or ScalarType.ComplexFloat64;

    /// <summary>PyTorch's name of a dtype ("float32"), for messages a Python user recognises.</summary>
    public static string PyTorchName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => "float64",
        ScalarType.Float32 => "float32",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Int64 => "int64",
        ScalarType.Int32 => "int32",
        ScalarType.Int16 => "int16",
        ScalarType.Int8 => "int8",
        ScalarType.Byte => "uint8",
        ScalarType.Bool => "bool",
        ScalarType.ComplexFloat32 => "complex64",
        ScalarType.ComplexFloat64 => "complex128",
        _ => dtype.ToString(),
    };

    /// <summary>
    /// A CPU, contiguous tensor with storage offset 0 holding <paramref name="tensor"/>'s values: the tensor itself
    /// (a new handle) when it already is one, else a copy. Writers copy raw memory, so views must be compacted first.
    /// </summary>
    public static Tensor Compact(Tensor tensor)
    {
        using var detached = tensor.detach();
        var onCpu = detached.device_type == DeviceType.CPU ? detached.alias() : detached.cpu();
        if (onCpu.is_contiguous() && onCpu.storage_offset() == 0) return onCpu;
        using (onCpu)
        {
            // contiguous() returns a view as is when it is contiguous but starts inside its storage; a clone of a
            // contiguous tensor always starts at offset 0.
            using var contiguous = onCpu.contiguous();
            return contiguous.clone();
        }
    }

    /// <summary>Writes the bytes of a compact tensor (see <see cref="Compact"/>).</summary>
    public static void Write(Tensor compact, Stream stream)
    {
        var size = compact.NumberOfElements * compact.ElementSize;
        if (size == 0) return;
        if (size <= int.MaxValue)
        {
            stream.Write(compact.bytes);
            return;
        }
        // Span-based access stops at 2 GB; TorchSharp's chunked copy has no such limit.
        compact.WriteBytesToStream(stream, 1 << 20);
    }

    /// <summary>
    /// A new tensor of <paramref name="shape"/> and <paramref name="dtype"/> filled from exactly its size in bytes of
    /// <paramref name="stream"/>; throws <see cref="EndOfStreamException"/> when the stream ends first.
    /// </summary>
    public static Tensor Read(Stream stream, ScalarType dtype, long[] shape)
    {
        var tensor = empty(shape, dtype);
        try
        {
            var size = tensor.NumberOfElements * tensor.ElementSize;
            if (size == 0) return tensor;
            if (size <= int.MaxValue) stream.ReadExactly(tensor.bytes);
            else tensor.ReadBytesFromStream(stream, 1 << 20);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>The number of elements of a shape, or -1 when it overflows or has a negative extent.</summary>
    public static long ElementCount(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (var extent in shape)
        {
            if (extent < 0) return -1;
            try { count = checked(count * extent); }
            catch (OverflowException) { return -1; }
        }
        return count;
    }
}
