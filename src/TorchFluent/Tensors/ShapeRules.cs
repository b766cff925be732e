using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// PyTorch's shape rules, checked before libtorch runs so that a mistake is reported as an
/// <see cref="ArgumentException"/> naming the shapes and the rule. The checks read metadata through
/// <see cref="TensorMetadata"/> and allocate nothing unless they fail; only the failure path builds shapes and text.
/// Other TorchFluent areas reuse them (dims of reductions, layers' input checks).
/// </summary>
internal static class ShapeRules
{
    /// <summary>
    /// Wraps a PyTorch dim (negative counts from the end) into 0..positions-1, or throws.
    /// <paramref name="positions"/> is the number of valid positions: the rank for most ops (1 for a scalar, which
    /// PyTorch lets ops address as dim 0 or -1), the rank + 1 for ops that insert a dimension (Unsqueeze, Stack).
    /// </summary>
    /// <remarks>Inlined range check; everything that builds the message lives in a separate, never-inlined method.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int WrapDim(string op, string parameter, long dim, int positions, Tensor t)
    {
        if ((ulong)(dim + positions) >= (ulong)(2 * positions)) ThrowDimOutOfRange(op, parameter, dim, positions, t);
        return (int)(dim < 0 ? dim + positions : dim);
    }

    /// <summary>Like <see cref="WrapDim"/> for element <paramref name="index"/> of a list of dims (named "dims[i]" only on failure).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int WrapDimAt(string op, string parameter, int index, long dim, int positions, Tensor t)
    {
        if ((ulong)(dim + positions) >= (ulong)(2 * positions)) ThrowDimOutOfRange(op, parameter, index, dim, positions, t);
        return (int)(dim < 0 ? dim + positions : dim);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    static void ThrowDimOutOfRange(string op, string parameter, long dim, int positions, Tensor t) =>
        throw new ArgumentOutOfRangeException(parameter, Messages.DimOutOfRange(op, parameter, dim, TensorMetadata.ShapeOf(t), positions));

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    static void ThrowDimOutOfRange(string op, string parameter, int index, long dim, int positions, Tensor t) =>
        throw new ArgumentOutOfRangeException(parameter, Messages.DimOutOfRange(op, $"{parameter}[{index}]", dim, TensorMetadata.ShapeOf(t), positions));

    /// <summary>Positions an existing-dimension op accepts: the rank, or 1 for a scalar (PyTorch wraps scalars).</summary>
    internal static int ExistingDims(int rank) => rank == 0 ? 1 : rank;

    /// <summary>Wraps every dim of a list, rejecting repeats (Sum/Mean over several dims).</summary>
    internal static void CheckDims(string op, string parameter, ReadOnlySpan<long> dims, Tensor t)
    {
        var rank = TensorMetadata.Dim(t);
        var positions = ExistingDims(rank);
        // Ranks are small (libtorch allows at most 64 dims): a bit mask finds repeats without allocating.
        ulong seen = 0;
        for (var i = 0; i < dims.Length; i++)
        {
            var d = WrapDimAt(op, parameter, i, dims[i], positions, t);
            var bit = 1UL << d;
            if ((seen & bit) != 0)
                throw new ArgumentException(Messages.DimRepeated(op, parameter, dims, dims[i], TensorMetadata.ShapeOf(t)), parameter);
            seen |= bit;
        }
    }

    /// <summary>Permute's rule: one dim per dimension, each exactly once.</summary>
    internal static void CheckPermutation(ReadOnlySpan<long> dims, Tensor t)
    {
        var rank = TensorMetadata.Dim(t);
        if (dims.Length != rank)
            throw new ArgumentException(Messages.PermuteWrongCount(dims, TensorMetadata.ShapeOf(t)), nameof(dims));
        ulong seen = 0;
        for (var i = 0; i < dims.Length; i++)
        {
            var d = WrapDimAt("Permute", nameof(dims), i, dims[i], ExistingDims(rank), t);
            var bit = 1UL << d;
            if ((seen & bit) != 0)
                throw new ArgumentException(Messages.DimRepeated("Permute", "dims", dims, dims[i], TensorMetadata.ShapeOf(t)), nameof(dims));
            seen |= bit;
        }
    }

    /// <summary>Bmm's rule: (B, M, N) @ (B, N, K), both 3-D, same B, N1 == N2.</summary>
    /// <remarks>Six native reads on the success path (each handle fetched once); messages are built only on failure.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CheckBmm(Tensor input, Tensor other)
    {
        var a = input.Handle;
        var b = other.Handle;
        if (TensorMetadata.Dim(a) != 3 || TensorMetadata.Dim(b) != 3
            || TensorMetadata.Size(a, 0) != TensorMetadata.Size(b, 0) || TensorMetadata.Size(a, 2) != TensorMetadata.Size(b, 1))
            ThrowBmm(input, other);
        GC.KeepAlive(input);
        GC.KeepAlive(other);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    static void ThrowBmm(Tensor input, Tensor other)
    {
        var left = TensorMetadata.ShapeOf(input);
        var right = TensorMetadata.ShapeOf(other);
        if (left.Count != 3) throw new ArgumentException(Messages.BmmNot3D("input", left, right), nameof(input));
        if (right.Count != 3) throw new ArgumentException(Messages.BmmNot3D("other", left, right), nameof(other));
        if (left[0] != right[0]) throw new ArgumentException(Messages.BmmBatchMismatch(left, right), nameof(other));
        throw new ArgumentException(Messages.BmmInnerMismatch(left, right), nameof(other));
    }

    /// <summary>
    /// Cat's rule: same rank, same sizes except in <paramref name="dim"/>; no scalars. Like PyTorch, 1-D empty tensors
    /// (shape [0]) are skipped for backward compatibility. Returns nothing: libtorch wraps the dim itself.
    /// </summary>
    [SkipLocalsInit] // the size buffer is written before it is read
    internal static void CheckCat(ReadOnlySpan<Tensor> tensors, long dim)
    {
        CheckNotEmpty("Cat", tensors);
        // The reference's sizes are read once into the stack (libtorch allows at most 64 dims): each other tensor then
        // costs one native read per dimension.
        Span<long> sizes = stackalloc long[64];
        var reference = -1;
        var rank = 0;
        var wrapped = 0;
        for (var i = 0; i < tensors.Length; i++)
        {
            var t = tensors[i];
            var r = TensorMetadata.Dim(t);
            if (r == 0) throw new ArgumentException(Messages.CatScalar(i, ShapesOf(tensors)), nameof(tensors));
            if (r == 1 && TensorMetadata.Size(t, 0) == 0) continue;
            if (reference < 0)
            {
                reference = i;
                rank = r;
                wrapped = WrapDim("Cat", nameof(dim), dim, rank, t);
                for (var d = 0; d < rank; d++) sizes[d] = d == wrapped ? 0 : TensorMetadata.Size(t, d);
                continue;
            }
            if (r != rank) throw new ArgumentException(Messages.CatRankMismatch(i, reference, ShapesOf(tensors), dim), nameof(tensors));
            for (var d = 0; d < rank; d++)
            {
                if (d != wrapped && TensorMetadata.Size(t, d) != sizes[d])
                    throw new ArgumentException(Messages.CatSizeMismatch(i, reference, d, ShapesOf(tensors), dim), nameof(tensors));
            }
        }
        // Every tensor was a legacy empty [0]: libtorch accepts dims 0 and -1 for them.
        if (reference < 0) WrapDim("Cat", nameof(dim), dim, 1, tensors[0]);
    }

    /// <summary>Stack's rule: every tensor has the same shape; dim may be one past the last dimension.</summary>
    [SkipLocalsInit] // the size buffer is written before it is read
    internal static void CheckStack(ReadOnlySpan<Tensor> tensors, long dim)
    {
        CheckNotEmpty("Stack", tensors);
        var first = tensors[0];
        var rank = TensorMetadata.Dim(first);
        WrapDim("Stack", nameof(dim), dim, rank + 1, first);
        if (tensors.Length == 1) return;
        Span<long> sizes = stackalloc long[64];
        for (var d = 0; d < rank; d++) sizes[d] = TensorMetadata.Size(first, d);
        for (var i = 1; i < tensors.Length; i++)
        {
            var t = tensors[i];
            var same = TensorMetadata.Dim(t) == rank;
            for (var d = 0; same && d < rank; d++) same = TensorMetadata.Size(t, d) == sizes[d];
            if (!same) throw new ArgumentException(Messages.StackShapeMismatch(i, ShapesOf(tensors)), nameof(tensors));
        }
    }

    /// <summary>
    /// After libtorch rejected an elementwise op: if the shapes do not broadcast, the reason is PyTorch's broadcasting
    /// rule, and this returns the message for an ArgumentException; otherwise null (the caller reports the native failure).
    /// </summary>
    internal static string? BroadcastMessage(string op, Tensor input, Tensor other)
    {
        var left = TensorMetadata.ShapeOf(input);
        var right = TensorMetadata.ShapeOf(other);
        for (var k = 1; k <= Math.Min(left.Count, right.Count); k++)
        {
            var a = left[left.Count - k];
            var b = right[right.Count - k];
            if (a != b && a != 1 && b != 1)
                return Messages.BroadcastMismatch(op, left, right, k);
        }
        return null;
    }

    static void CheckNotEmpty(string op, ReadOnlySpan<Tensor> tensors)
    {
        if (tensors.IsEmpty) throw new ArgumentException(Messages.JoinEmpty(op), nameof(tensors));
        for (var i = 0; i < tensors.Length; i++)
        {
            if (tensors[i] is null) throw new ArgumentNullException(nameof(tensors), Messages.JoinNullTensor(op, i));
        }
    }

    static Shape[] ShapesOf(ReadOnlySpan<Tensor> tensors)
    {
        var shapes = new Shape[tensors.Length];
        for (var i = 0; i < shapes.Length; i++) shapes[i] = TensorMetadata.ShapeOf(tensors[i]);
        return shapes;
    }
}
