using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace TorchFluent;

public static partial class Tensors
{
    /// <summary>
    /// A tensor holding a copy of <paramref name="data"/> (PyTorch: <c>torch.tensor([1, 2, 3])</c>).
    /// Without <paramref name="dtype"/>, the dtype is the one PyTorch infers for the same numbers: int64 for any
    /// integers, the default dtype (float32) for float or double, complex64 for Complex, bool for bool.
    /// </summary>
    /// <typeparam name="T">bool, byte, sbyte, short, int, long, Half, BFloat16, float, double or Complex.</typeparam>
    /// <param name="data">The values.</param>
    /// <param name="dtype">The dtype to store; null infers it as PyTorch does.</param>
    /// <param name="device">Where to put the tensor; null is the default device (the CPU unless changed).</param>
    /// <param name="requiresGrad">Whether autograd tracks the tensor (floating-point and complex dtypes only).</param>
    /// <returns>A new tensor of shape [data.Length].</returns>
    /// <exception cref="ArgumentException">Unsupported element type, or requiresGrad on an integer or bool dtype.</exception>
    /// <exception cref="InvalidOperationException">The device is not available here.</exception>
    public static Tensor From<T>(T[] data, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromArray<T>(data, [data.LongLength], dtype, device, requiresGrad);
    }

    /// <summary>A 2-D tensor from a rectangular array: <c>Tensors.From(new float[,] { { 1, -1 }, { -1, 1 } })</c>. Dtype inference as in <see cref="From{T}(T[], ScalarType?, Device?, bool)"/>.</summary>
    /// <typeparam name="T">bool, byte, sbyte, short, int, long, Half, BFloat16, float, double or Complex.</typeparam>
    /// <param name="data">The values, row-major.</param>
    /// <param name="dtype">The dtype to store; null infers it as PyTorch does.</param>
    /// <param name="device">Where to put the tensor; null is the default device.</param>
    /// <param name="requiresGrad">Whether autograd tracks the tensor (floating-point and complex dtypes only).</param>
    /// <returns>A new tensor of shape [rows, columns].</returns>
    public static Tensor From<T>(T[,] data, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromArray<T>(data, [data.GetLongLength(0), data.GetLongLength(1)], dtype, device, requiresGrad);
    }

    /// <summary>A 3-D tensor from a rectangular array. Dtype inference as in <see cref="From{T}(T[], ScalarType?, Device?, bool)"/>.</summary>
    /// <typeparam name="T">bool, byte, sbyte, short, int, long, Half, BFloat16, float, double or Complex.</typeparam>
    /// <param name="data">The values, row-major.</param>
    /// <param name="dtype">The dtype to store; null infers it as PyTorch does.</param>
    /// <param name="device">Where to put the tensor; null is the default device.</param>
    /// <param name="requiresGrad">Whether autograd tracks the tensor (floating-point and complex dtypes only).</param>
    /// <returns>A new 3-D tensor.</returns>
    public static Tensor From<T>(T[,,] data, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromArray<T>(data, [data.GetLongLength(0), data.GetLongLength(1), data.GetLongLength(2)], dtype, device, requiresGrad);
    }

    /// <summary>A 4-D tensor from a rectangular array. Dtype inference as in <see cref="From{T}(T[], ScalarType?, Device?, bool)"/>.</summary>
    /// <typeparam name="T">bool, byte, sbyte, short, int, long, Half, BFloat16, float, double or Complex.</typeparam>
    /// <param name="data">The values, row-major.</param>
    /// <param name="dtype">The dtype to store; null infers it as PyTorch does.</param>
    /// <param name="device">Where to put the tensor; null is the default device.</param>
    /// <param name="requiresGrad">Whether autograd tracks the tensor (floating-point and complex dtypes only).</param>
    /// <returns>A new 4-D tensor.</returns>
    public static Tensor From<T>(T[,,,] data, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromArray<T>(data, [data.GetLongLength(0), data.GetLongLength(1), data.GetLongLength(2), data.GetLongLength(3)], dtype, device, requiresGrad);
    }

    /// <summary>
    /// A tensor from any array: rectangular arrays of any rank (<c>float[,,,,]</c>) and jagged arrays of any depth
    /// (<c>float[][]</c>, <c>int[][][]</c>), which must be rectangular (every row at a depth of the same length).
    /// Dtype inference as in <see cref="From{T}(T[], ScalarType?, Device?, bool)"/>.
    /// </summary>
    /// <param name="data">The array; its innermost element type must be one of the supported element types.</param>
    /// <param name="dtype">The dtype to store; null infers it as PyTorch does.</param>
    /// <param name="device">Where to put the tensor; null is the default device.</param>
    /// <param name="requiresGrad">Whether autograd tracks the tensor (floating-point and complex dtypes only).</param>
    /// <returns>A new tensor whose shape is the array's dimensions, outermost first.</returns>
    /// <exception cref="ArgumentException">Ragged or null rows, an unsupported element type, or requiresGrad on an integer dtype.</exception>
    public static Tensor From(Array data, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        var layout = ArrayLayout.Of(data);
        var target = Prepare(layout.Storage, dtype, device, requiresGrad);
        var raw = empty(layout.Shape, layout.Storage);
        try
        {
            var destination = TensorMetadata.DataPointer(raw);
            var offset = 0L;
            foreach (var leaf in layout.Leaves)
            {
                var bytes = leaf.LongLength * layout.ElementSize;
                Copy(ref MemoryMarshal.GetArrayDataReference(leaf), destination + (nint)offset, bytes);
                offset += bytes;
            }
        }
        catch
        {
            raw.Dispose();
            throw;
        }
        return Finish(raw, layout.Storage, target, device, requiresGrad);
    }

    /// <summary>
    /// A tensor of shape <paramref name="shape"/> holding a copy of <paramref name="data"/> (row-major), for data
    /// that is already flat: <c>Tensors.From(pixels, [28, 28])</c>. Dtype inference as in <see cref="From{T}(T[], ScalarType?, Device?, bool)"/>.
    /// </summary>
    /// <typeparam name="T">bool, byte, sbyte, short, int, long, Half, BFloat16, float, double or Complex.</typeparam>
    /// <param name="data">The values; exactly as many as the shape holds.</param>
    /// <param name="shape">The tensor's shape.</param>
    /// <param name="dtype">The dtype to store; null infers it as PyTorch does.</param>
    /// <param name="device">Where to put the tensor; null is the default device.</param>
    /// <param name="requiresGrad">Whether autograd tracks the tensor (floating-point and complex dtypes only).</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="ArgumentException">The shape does not hold exactly data.Length elements, or another argument problem.</exception>
    public static Tensor From<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> shape, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false) where T : unmanaged
    {
        CheckCount(data.Length, shape);
        return FromSpan(MemoryMarshal.AsBytes(data), shape, StorageOf<T>(), dtype, device, requiresGrad);
    }

    /// <summary>Like <see cref="From{T}(ReadOnlySpan{T}, ReadOnlySpan{long}, ScalarType?, Device?, bool)"/> for a <see cref="ReadOnlyMemory{T}"/>.</summary>
    /// <typeparam name="T">bool, byte, sbyte, short, int, long, Half, BFloat16, float, double or Complex.</typeparam>
    /// <param name="data">The values; exactly as many as the shape holds.</param>
    /// <param name="shape">The tensor's shape.</param>
    /// <param name="dtype">The dtype to store; null infers it as PyTorch does.</param>
    /// <param name="device">Where to put the tensor; null is the default device.</param>
    /// <param name="requiresGrad">Whether autograd tracks the tensor (floating-point and complex dtypes only).</param>
    /// <returns>A new tensor.</returns>
    public static Tensor From<T>(ReadOnlyMemory<T> data, ReadOnlySpan<long> shape, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false) where T : unmanaged =>
        From(data.Span, shape, dtype, device, requiresGrad);

    /// <summary>Like <see cref="From{T}(ReadOnlySpan{T}, ReadOnlySpan{long}, ScalarType?, Device?, bool)"/> for a <see cref="Memory{T}"/>.</summary>
    /// <typeparam name="T">bool, byte, sbyte, short, int, long, Half, BFloat16, float, double or Complex.</typeparam>
    /// <param name="data">The values; exactly as many as the shape holds.</param>
    /// <param name="shape">The tensor's shape.</param>
    /// <param name="dtype">The dtype to store; null infers it as PyTorch does.</param>
    /// <param name="device">Where to put the tensor; null is the default device.</param>
    /// <param name="requiresGrad">Whether autograd tracks the tensor (floating-point and complex dtypes only).</param>
    /// <returns>A new tensor.</returns>
    public static Tensor From<T>(Memory<T> data, ReadOnlySpan<long> shape, ScalarType? dtype = null, Device? device = null, bool requiresGrad = false) where T : unmanaged =>
        From((ReadOnlySpan<T>)data.Span, shape, dtype, device, requiresGrad);

    static Tensor FromArray<T>(Array data, ReadOnlySpan<long> shape, ScalarType? dtype, Device? device, bool requiresGrad) where T : unmanaged
    {
        var storage = StorageOf<T>();
        var bytes = checked(data.LongLength * Unsafe.SizeOf<T>());
        return FromBytes(ref MemoryMarshal.GetArrayDataReference(data), bytes, shape, storage, dtype, device, requiresGrad);
    }

    static Tensor FromSpan(ReadOnlySpan<byte> bytes, ReadOnlySpan<long> shape, ScalarType storage, ScalarType? dtype, Device? device, bool requiresGrad) =>
        FromBytes(ref MemoryMarshal.GetReference(bytes), bytes.Length, shape, storage, dtype, device, requiresGrad);

    /// <summary>
    /// The one creation path: validate, allocate an uninitialised CPU tensor of the data's own dtype, copy the bytes
    /// into libtorch's buffer, then convert and move. Copying (rather than pinning the .NET array for the tensor's
    /// life, as TorchSharp's <c>tensor(T[])</c> does) keeps the GC heap unfragmented and gives PyTorch's
    /// <c>torch.tensor</c> semantics: later changes to the array never show in the tensor.
    /// </summary>
    static Tensor FromBytes(ref byte source, long byteCount, ReadOnlySpan<long> shape, ScalarType storage, ScalarType? dtype, Device? device, bool requiresGrad)
    {
        var target = Prepare(storage, dtype, device, requiresGrad);
        var raw = empty(shape, storage);
        try
        {
            if (byteCount > 0) Copy(ref source, TensorMetadata.DataPointer(raw), byteCount);
        }
        catch
        {
            raw.Dispose();
            throw;
        }
        return Finish(raw, storage, target, device, requiresGrad);
    }

    /// <summary>Checks everything that can be checked before allocating; returns the dtype to produce.</summary>
    static ScalarType Prepare(ScalarType storage, ScalarType? dtype, Device? device, bool requiresGrad)
    {
        TorchRuntime.EnsureLoaded();
        var target = dtype ?? ElementTypes.Inferred(storage);
        if (requiresGrad) AutogradRules.CheckCanRequireGrad(target, nameof(requiresGrad));
        if (device is not null) DeviceGuard.EnsureUsable(device);
        return target;
    }

    static Tensor Finish(Tensor raw, ScalarType storage, ScalarType target, Device? device, bool requiresGrad)
    {
        var result = raw;
        try
        {
            if (target != storage)
            {
                result = raw.to_type(target);
                raw.Dispose();
            }
            var destination = device ?? get_default_device();
            if (!DeviceGuard.IsOn(TensorMetadata.DeviceType(result), TensorMetadata.DeviceIndex(result), destination))
            {
                var moved = result.to(destination);
                result.Dispose();
                result = moved;
            }
            if (requiresGrad) result.requires_grad = true;
            return result;
        }
        catch (Exception e)
        {
            raw.Dispose();
            result.Dispose();
            if (TorchOperationException.IsNative(e)) throw TorchOperationException.Create("Tensors.From", e, []);
            throw;
        }
    }

    static unsafe void Copy(ref byte source, IntPtr destination, long byteCount)
    {
        // Span lengths are ints: copy arrays over 2 GB in pieces.
        var target = (byte*)destination;
        for (long done = 0; done < byteCount;)
        {
            var chunk = (int)Math.Min(byteCount - done, 1L << 30);
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref source, (nint)done), chunk).CopyTo(new Span<byte>(target + done, chunk));
            done += chunk;
        }
    }

    static ScalarType StorageOf<T>() where T : unmanaged =>
        ElementTypes.StorageOf<T>() ?? throw new ArgumentException(Messages.FromUnsupportedElementType(typeof(T)), "data");

    static void CheckCount(long count, ReadOnlySpan<long> shape)
    {
        long numel = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0) throw new ArgumentOutOfRangeException(nameof(shape), Messages.ShapeNegativeSize(shape, i));
            numel = numel > 0 && shape[i] > long.MaxValue / numel ? -1 : numel * shape[i];
            if (numel < 0) break;
        }
        if (numel != count) throw new ArgumentException(Messages.FromCountMismatch(count, shape, numel), nameof(shape));
    }
}
