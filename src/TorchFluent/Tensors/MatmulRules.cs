using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>The libtorch op a checked Matmul runs (see <see cref="MatmulRules.Check"/>).</summary>
internal enum MatmulRoute
{
    /// <summary>1-D @ 1-D: at::dot.</summary>
    Dot,

    /// <summary>2-D @ 1-D: at::mv.</summary>
    Mv,

    /// <summary>2-D @ 2-D: at::mm.</summary>
    Mm,

    /// <summary>3-D @ 3-D with the same batch size: at::bmm.</summary>
    Bmm,

    /// <summary>Everything else (1-D @ 2-D, folded and broadcast batches): at::matmul itself.</summary>
    Matmul,
}

/// <summary>
/// torch.matmul's rules, checked in managed code before any native call. This is not only for clearer messages:
/// LibTorchSharp 0.107.0's THSTensor_matmul is the one entry point without a try/catch, so any libtorch error inside
/// it throws a C++ exception through the P/Invoke boundary and aborts the process. Everything matmul can refuse
/// deterministically (rank, inner sizes, batch broadcasting, dtype, device, layout) is refused here first.
/// </summary>
/// <remarks>
/// The checks also pick the op to run. For 1-D @ 1-D, 2-D @ 1-D, 2-D @ 2-D and same-batch 3-D @ 3-D, at::matmul
/// itself calls dot, mv, mm and bmm (after views that change nothing), so calling those directly gives the same values
/// and gradients (the unit tests compare them bit for bit) through entry points that do catch libtorch's errors, and
/// skips matmul's dispatch. The remaining cases keep THSTensor_matmul: reproducing its expand/reshape/bmm/view
/// sequence from C# would re-implement the op and cost four more native calls, far over the 2% budget.
/// What is left unguarded there is what cannot be checked up front: an allocation failure inside a batched product.
/// </remarks>
internal static class MatmulRules
{
    /// <summary>
    /// Checks <c>input @ other</c> against torch.matmul's rules and returns the op to run. Metadata reads only; no
    /// allocation unless it throws.
    /// </summary>
    /// <remarks>
    /// Each read costs a few nanoseconds (most touch libtorch's thread-local error slot), so the CPU's device index
    /// (always -1) is not read, and the layout only on the at::matmul route: 8 reads for a matrix product, 12 for a
    /// broadcast batched one such as (2, 1, 3, 4) @ (5, 4, 2).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static MatmulRoute Check(Tensor input, Tensor other)
    {
        var a = input.Handle;
        var b = other.Handle;
        var da = TensorMetadata.Dim(a);
        var db = TensorMetadata.Dim(b);
        var dtype = TensorMetadata.DType(a);
        var deviceType = TensorMetadata.DeviceType(a);
        if (da == 0 || db == 0
            || TensorMetadata.DType(b) != dtype || !Multipliable(deviceType, dtype)
            || TensorMetadata.DeviceType(b) != deviceType
            || (deviceType != DeviceType.CPU && TensorMetadata.DeviceIndex(a) != TensorMetadata.DeviceIndex(b))
            || TensorMetadata.Size(a, da - 1) != TensorMetadata.Size(b, db == 1 ? 0 : db - 2)
            || ((da > 2 || db > 2) && !BatchesBroadcast(a, da, b, db)))
            Throw(input, other);

        var route = (da, db) switch
        {
            (1, 1) => MatmulRoute.Dot,
            (2, 1) => MatmulRoute.Mv,
            (2, 2) => MatmulRoute.Mm,
            (3, 3) when TensorMetadata.Size(a, 0) == TensorMetadata.Size(b, 0) => MatmulRoute.Bmm,
            _ => MatmulRoute.Matmul,
        };
        // Only the uncaught entry point needs this: dot, mv and mm report a sparse operand they cannot take as an
        // error, but every sparse case matmul itself handles (PyTorch raises for sparse 1-D @ 2-D and batched products).
        if (route == MatmulRoute.Matmul && (TensorMetadata.IsSparse(a) || TensorMetadata.IsSparse(b))) ThrowSparse(input, other);
        GC.KeepAlive(input);
        GC.KeepAlive(other);
        return route;
    }

    /// <summary>
    /// Whether libtorch has a matrix product for <paramref name="dtype"/> on <paramref name="deviceType"/>: the dtypes
    /// of PyTorch's table except bool (CPU: "addmm_impl_cpu_" not implemented for 'Bool'; quantized and other dtypes
    /// have none either), and on CUDA only floating-point and complex ones (cuBLAS has no integer GEMM).
    /// </summary>
    internal static bool Multipliable(DeviceType deviceType, ScalarType dtype) =>
        DType.Find(dtype) is { } info && dtype != ScalarType.Bool
        && (deviceType != DeviceType.CUDA || info.IsFloatingPoint || info.IsComplex);

    /// <summary>
    /// Batch dimensions (all but the last two; a 1-D operand has none) broadcast: counted from the right, equal sizes
    /// or a size of 1.
    /// </summary>
    static bool BatchesBroadcast(IntPtr a, int da, IntPtr b, int db)
    {
        var na = Math.Max(da - 2, 0);
        var nb = Math.Max(db - 2, 0);
        for (var k = 1; k <= Math.Min(na, nb); k++)
        {
            var sa = TensorMetadata.Size(a, na - k);
            var sb = TensorMetadata.Size(b, nb - k);
            if (sa != sb && sa != 1 && sb != 1) return false;
        }
        return true;
    }

    /// <summary>The first rule the operands break, in the order PyTorch's users meet them, as an ArgumentException.</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    static void Throw(Tensor input, Tensor other)
    {
        var x = MatmulOperand.Of(input);
        var y = MatmulOperand.Of(other);
        if (x.Shape.Count == 0) throw new ArgumentException(Messages.MatmulScalar("input", x, y), nameof(input));
        if (y.Shape.Count == 0) throw new ArgumentException(Messages.MatmulScalar("other", x, y), nameof(other));
        if (x.DType != y.DType) throw new ArgumentException(Messages.MatmulDTypeMismatch(x, y), nameof(other));
        if (x.DeviceType != y.DeviceType || x.DeviceIndex != y.DeviceIndex)
            throw new ArgumentException(Messages.MatmulDeviceMismatch(x, y), nameof(other));
        if (!Multipliable(x.DeviceType, x.DType)) throw new ArgumentException(Messages.MatmulUnsupportedDType(x, y), nameof(input));
        var left = x.Shape;
        var right = y.Shape;
        var inner = right.Count == 1 ? right[0] : right[^2];
        if (left[^1] != inner) throw new ArgumentException(Messages.MatmulInnerMismatch(x, y), nameof(other));
        var na = Math.Max(left.Count - 2, 0);
        var nb = Math.Max(right.Count - 2, 0);
        for (var k = 1; k <= Math.Min(na, nb); k++)
        {
            var sa = left[na - k];
            var sb = right[nb - k];
            if (sa != sb && sa != 1 && sb != 1) throw new ArgumentException(Messages.MatmulBatchMismatch(x, y, k), nameof(other));
        }
        throw new UnreachableException("Matmul's check failed but no rule is broken.");
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    static void ThrowSparse(Tensor input, Tensor other)
    {
        var parameter = TensorMetadata.IsSparse(input.Handle) ? nameof(input) : nameof(other);
        throw new ArgumentException(Messages.MatmulSparse(parameter, MatmulOperand.Of(input), MatmulOperand.Of(other)), parameter);
    }
}

/// <summary>What a Matmul message says about one operand: shape, dtype and device (read on the failure path only).</summary>
internal readonly record struct MatmulOperand(Shape Shape, ScalarType DType, DeviceType DeviceType, int DeviceIndex)
{
    internal static MatmulOperand Of(Tensor t) =>
        new(TensorMetadata.ShapeOf(t), TensorMetadata.DType(t), TensorMetadata.DeviceType(t), TensorMetadata.DeviceIndex(t));

    /// <summary>PyTorch's spelling of the device: "cpu", "cuda:0".</summary>
    internal string Device => DeviceType == DeviceType.CPU
        ? "cpu"
        : DeviceIndex < 0 ? DeviceType.ToString().ToLowerInvariant() : $"{DeviceType.ToString().ToLowerInvariant()}:{DeviceIndex}";

    /// <summary>"torch.Size([2, 3]) float32", with " on cuda:0" when not on the CPU.</summary>
    public override string ToString() =>
        $"{Shape} {TorchFluent.DType.NameOf(DType)}{(DeviceType == DeviceType.CPU ? "" : " on " + Device)}";
}
