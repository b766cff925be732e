using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// The operations TorchFluent wraps, called through the LibTorchSharp entry points TorchSharp itself binds (same
/// names, same signatures, TorchSharp pinned to 0.107.0 exactly), returning ordinary TorchSharp tensors.
/// </summary>
/// <remarks>
/// Why not call TorchSharp's methods: a wrapper has to turn libtorch's failures into TorchOperationException or an
/// ArgumentException naming the shapes. Catching TorchSharp's ExternalException needs a try block around every call,
/// and a method with a try block is never inlined: on a 0.5-1 us op that costs 2-4%, more than the 2% budget. Here
/// the failure is a null handle, tested with an `if`: the hot path has no exception handling, and the cold path asks
/// TorchSharp for libtorch's error (<see cref="Failure"/>). Calls also skip TorchSharp's per-call managed Scalar
/// objects (for example the alpha = 1 that <c>Tensor.add(Tensor)</c> allocates on every call). Nothing is
/// re-implemented: each method is one libtorch op.
/// </remarks>
internal static unsafe class NativeOps
{
    const string Library = "LibTorchSharp";

    // add's alpha; created once, never freed (one small native object per process).
    static readonly IntPtr One;

    static NativeOps()
    {
        // The DllImport resolver must be registered before this class's first native call.
        TensorMetadata.EnsureResolver();
        One = THSTorch_int64_to_scalar(1);
    }

    internal static IntPtr Add(Tensor input, Tensor other) => Keep(THSTensor_add(input.Handle, other.Handle, One), input, other);

    internal static IntPtr Sub(Tensor input, Tensor other) => Keep(THSTensor_sub(input.Handle, other.Handle), input, other);

    internal static IntPtr Pow(Tensor input, Tensor exponent) => Keep(THSTensor_pow(input.Handle, exponent.Handle), input, exponent);

    internal static IntPtr AddScalar(Tensor input, IntPtr scalar) => Keep(THSTensor_add_scalar(input.Handle, scalar, One), input);

    internal static IntPtr SubScalar(Tensor input, IntPtr scalar) => Keep(THSTensor_sub_scalar(input.Handle, scalar), input);

    internal static IntPtr PowScalar(Tensor input, IntPtr scalar) => Keep(THSTensor_pow_scalar(input.Handle, scalar), input);

    internal static IntPtr Sum(Tensor input) => Keep(THSTensor_sum(input.Handle, false, 0), input);

    internal static IntPtr Sum(Tensor input, ReadOnlySpan<long> dims, bool keepDim, ScalarType? dtype)
    {
        fixed (long* p = dims)
        {
            return Keep(THSTensor_sum_along_dimensions(input.Handle, (IntPtr)p, dims.Length, keepDim, dtype.HasValue, (sbyte)dtype.GetValueOrDefault()), input);
        }
    }

    internal static IntPtr Mean(Tensor input) => Keep(THSTensor_mean(input.Handle), input);

    internal static IntPtr Mean(Tensor input, ReadOnlySpan<long> dims, bool keepDim)
    {
        fixed (long* p = dims)
        {
            return Keep(THSTensor_mean_along_dimensions(input.Handle, (IntPtr)p, dims.Length, keepDim, false, 0), input);
        }
    }

    internal static IntPtr Transpose(Tensor input, long dim0, long dim1) => Keep(THSTensor_transpose(input.Handle, dim0, dim1), input);

    internal static IntPtr Squeeze(Tensor input) => Keep(THSTensor_squeeze_no_dim(input.Handle), input);

    internal static IntPtr Squeeze(Tensor input, long dim) => Keep(THSTensor_squeeze(input.Handle, dim), input);

    internal static IntPtr Unsqueeze(Tensor input, long dim) => Keep(THSTensor_unsqueeze(input.Handle, dim), input);

    internal static IntPtr Permute(Tensor input, ReadOnlySpan<long> dims)
    {
        fixed (long* p = dims)
        {
            return Keep(THSTensor_permute(input.Handle, (IntPtr)p, dims.Length), input);
        }
    }

    internal static IntPtr Bmm(Tensor input, Tensor other) => Keep(THSTensor_bmm(input.Handle, other.Handle), input, other);

    internal static IntPtr Dot(Tensor input, Tensor other) => Keep(THSTensor_dot(input.Handle, other.Handle), input, other);

    internal static IntPtr Mv(Tensor input, Tensor vector) => Keep(THSTensor_mv(input.Handle, vector.Handle), input, vector);

    internal static IntPtr Mm(Tensor input, Tensor other) => Keep(THSTensor_mm(input.Handle, other.Handle), input, other);

    /// <summary>
    /// at::matmul. Unlike every other entry point here, LibTorchSharp 0.107.0's THSTensor_matmul has no try/catch: a
    /// libtorch error inside it aborts the process instead of returning a null handle. Call it only after
    /// <see cref="MatmulRules.Check"/> has accepted the operands.
    /// </summary>
    internal static IntPtr MatmulUnchecked(Tensor input, Tensor other) => Keep(THSTensor_matmul(input.Handle, other.Handle), input, other);

    internal static IntPtr ToType(Tensor input, ScalarType dtype) => Keep(THSTensor_to_type(input.Handle, (sbyte)dtype, false, false), input);

    /// <summary>
    /// torch.cat through the same native entry point TorchSharp uses, with the handles on the stack: TorchSharp's
    /// cat allocates a handle array and pins it with a GCHandle on every call, which costs more than all of
    /// TorchFluent's shape checks. The result is an ordinary TorchSharp tensor (and joins the current DisposeScope).
    /// </summary>
    internal static Tensor Cat(ReadOnlySpan<Tensor> tensors, long dim) => Join(tensors, dim, stack: false);

    /// <summary>torch.stack through the same native entry point TorchSharp uses; see <see cref="Cat"/>.</summary>
    internal static Tensor Stack(ReadOnlySpan<Tensor> tensors, long dim) => Join(tensors, dim, stack: true);

    [SkipLocalsInit] // every handle slot is written before the call
    static unsafe Tensor Join(ReadOnlySpan<Tensor> tensors, long dim, bool stack)
    {
        const int OnStack = 64;
        var handles = tensors.Length <= OnStack ? stackalloc IntPtr[OnStack] : new IntPtr[tensors.Length];
        for (var i = 0; i < tensors.Length; i++) handles[i] = tensors[i].Handle;
        IntPtr result;
        fixed (IntPtr* p = handles)
        {
            result = stack ? THSTensor_stack((IntPtr)p, tensors.Length, dim) : THSTensor_cat((IntPtr)p, tensors.Length, dim);
        }
        // The native call only sees raw handles: keep the managed tensors (whose finalizers free them) alive past it.
        foreach (var t in tensors) GC.KeepAlive(t);
        if (result == IntPtr.Zero) CheckForErrors();
        return Tensor.UnsafeCreateTensor(result);
    }

    /// <summary>A native scalar for the scalar overloads; free it with <see cref="FreeScalar"/>.</summary>
    internal static IntPtr Scalar(long value) => THSTorch_int64_to_scalar(value);

    /// <summary>A native scalar for the scalar overloads; free it with <see cref="FreeScalar"/>.</summary>
    internal static IntPtr Scalar(double value) => THSTorch_float64_to_scalar(value);

    internal static void FreeScalar(IntPtr scalar) => THSTorch_dispose_scalar(scalar);

    /// <summary>Wraps a non-null result handle as a TorchSharp tensor (it joins the current DisposeScope, as TorchSharp's results do).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Tensor Wrap(IntPtr handle) => Tensor.UnsafeCreateTensor(handle);

    /// <summary>
    /// libtorch returned no tensor: the error it recorded, as TorchSharp's ExternalException (kept as the inner
    /// exception by the caller). Cold path, never inlined.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static Exception Failure()
    {
        try
        {
            CheckForErrors();
        }
        catch (Exception e) when (TorchOperationException.IsNative(e))
        {
            return e;
        }
        return new ExternalException("libtorch returned no tensor and reported no error.");
    }

    // The native calls only see raw handles: keep the managed tensors (whose finalizers free those handles) alive
    // until the call has returned.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static IntPtr Keep(IntPtr result, Tensor a)
    {
        GC.KeepAlive(a);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static IntPtr Keep(IntPtr result, Tensor a, Tensor b)
    {
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        return result;
    }

    [DllImport(Library)]
    static extern IntPtr THSTensor_add(IntPtr tensor, IntPtr trg, IntPtr alpha);

    [DllImport(Library)]
    static extern IntPtr THSTensor_add_scalar(IntPtr tensor, IntPtr trg, IntPtr alpha);

    [DllImport(Library)]
    static extern IntPtr THSTensor_sub(IntPtr tensor, IntPtr trg);

    [DllImport(Library)]
    static extern IntPtr THSTensor_sub_scalar(IntPtr tensor, IntPtr trg);

    [DllImport(Library)]
    static extern IntPtr THSTensor_pow(IntPtr tensor, IntPtr exponent);

    [DllImport(Library)]
    static extern IntPtr THSTensor_pow_scalar(IntPtr tensor, IntPtr scalar);

    [DllImport(Library)]
    static extern IntPtr THSTensor_sum(IntPtr tensor, [MarshalAs(UnmanagedType.U1)] bool has_type, sbyte scalar_type);

    [DllImport(Library)]
    static extern IntPtr THSTensor_sum_along_dimensions(IntPtr tensor, IntPtr dimensions, int length, [MarshalAs(UnmanagedType.U1)] bool keepdim, [MarshalAs(UnmanagedType.U1)] bool has_type, sbyte scalar_type);

    [DllImport(Library)]
    static extern IntPtr THSTensor_mean(IntPtr tensor);

    [DllImport(Library)]
    static extern IntPtr THSTensor_mean_along_dimensions(IntPtr tensor, IntPtr dimensions, int length, [MarshalAs(UnmanagedType.U1)] bool keepdim, [MarshalAs(UnmanagedType.U1)] bool has_type, sbyte scalar_type);

    [DllImport(Library)]
    static extern IntPtr THSTensor_transpose(IntPtr tensor, long dim1, long dim2);

    [DllImport(Library)]
    static extern IntPtr THSTensor_squeeze(IntPtr tensor, long dim);

    [DllImport(Library)]
    static extern IntPtr THSTensor_squeeze_no_dim(IntPtr tensor);

    [DllImport(Library)]
    static extern IntPtr THSTensor_unsqueeze(IntPtr tensor, long dim);

    [DllImport(Library)]
    static extern IntPtr THSTensor_permute(IntPtr tensor, IntPtr psizes, int length);

    [DllImport(Library)]
    static extern IntPtr THSTensor_bmm(IntPtr batch1, IntPtr batch2);

    [DllImport(Library)]
    static extern IntPtr THSTensor_dot(IntPtr tensor, IntPtr other);

    [DllImport(Library)]
    static extern IntPtr THSTensor_mv(IntPtr tensor, IntPtr vector);

    [DllImport(Library)]
    static extern IntPtr THSTensor_mm(IntPtr tensor, IntPtr other);

    [DllImport(Library)]
    static extern IntPtr THSTensor_matmul(IntPtr tensor, IntPtr other);

    [DllImport(Library)]
    static extern IntPtr THSTensor_to_type(IntPtr handle, sbyte scalar_type, [MarshalAs(UnmanagedType.U1)] bool copy, [MarshalAs(UnmanagedType.U1)] bool non_blocking);

    [DllImport(Library)]
    static extern IntPtr THSTensor_cat(IntPtr tensors, int length, long dim);

    [DllImport(Library)]
    static extern IntPtr THSTensor_stack(IntPtr tensors, int length, long dim);

    [DllImport(Library)]
    static extern IntPtr THSTorch_int64_to_scalar(long value);

    [DllImport(Library)]
    static extern IntPtr THSTorch_float64_to_scalar(double value);

    [DllImport(Library)]
    static extern void THSTorch_dispose_scalar(IntPtr handle);
}
