using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Shapes and the reference text's shape operations as PascalCase members with PyTorch's semantics:
/// <c>x.Shape</c>, <c>x.Transpose(0, 1)</c>, <c>x.Squeeze(0)</c>, <c>x.Unsqueeze(1)</c>, <c>x.Permute(1, 2, 0)</c>,
/// <c>x.Bmm(y)</c>, <c>x.Matmul(y)</c>. Shape mistakes are reported before libtorch runs, as <see cref="ArgumentException"/>s that name
/// the shapes and the rule.
/// </summary>
/// <remarks>Transpose, Squeeze, Unsqueeze and Permute return views that share the input's memory, as in PyTorch.</remarks>
public static class TensorShapeExtensions
{
    extension(Tensor input)
    {
        /// <summary>The tensor's shape (PyTorch: <c>x.shape</c>): <c>x.Shape == [3, 2]</c>, <c>var (b, m, k) = x.Shape;</c>.</summary>
        public Shape Shape => TensorMetadata.ShapeOf(input);

        /// <summary>Swaps two dimensions (PyTorch: <c>x.transpose(0, 1)</c>): [2, 3] becomes [3, 2].</summary>
        /// <param name="dim0">One dimension; negative counts from the end.</param>
        /// <param name="dim1">The other dimension.</param>
        /// <returns>A view of the tensor.</returns>
        /// <exception cref="ArgumentOutOfRangeException">A dim is out of range; the message gives the valid range.</exception>
        public Tensor Transpose(long dim0, long dim1)
        {
            var positions = ShapeRules.ExistingDims(TensorMetadata.Dim(input));
            ShapeRules.WrapDim("Transpose", nameof(dim0), dim0, positions, input);
            ShapeRules.WrapDim("Transpose", nameof(dim1), dim1, positions, input);
            var result = NativeOps.Transpose(input, dim0, dim1);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Failure("Transpose", input);
        }

        /// <summary>Removes every dimension of size 1 (PyTorch: <c>x.squeeze()</c>): [1, 2, 1, 3] becomes [2, 3].</summary>
        /// <returns>A view of the tensor.</returns>
        public Tensor Squeeze()
        {
            var result = NativeOps.Squeeze(input);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Failure("Squeeze", input);
        }

        /// <summary>
        /// Removes dimension <paramref name="dim"/> if its size is 1 (PyTorch: <c>x.squeeze(0)</c>): [1, 2, 3] becomes
        /// [2, 3]. A dimension of another size is left as it is, as in PyTorch.
        /// </summary>
        /// <param name="dim">The dimension; negative counts from the end.</param>
        /// <returns>A view of the tensor.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
        public Tensor Squeeze(long dim)
        {
            ShapeRules.WrapDim("Squeeze", nameof(dim), dim, ShapeRules.ExistingDims(TensorMetadata.Dim(input)), input);
            var result = NativeOps.Squeeze(input, dim);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Failure("Squeeze", input);
        }

        /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/> (PyTorch: <c>x.unsqueeze(1)</c>): [2, 3] becomes [2, 1, 3].</summary>
        /// <param name="dim">Where the new dimension goes, from 0 to the rank; negative counts from the end (-1 appends).</param>
        /// <returns>A view of the tensor.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
        public Tensor Unsqueeze(long dim)
        {
            ShapeRules.WrapDim("Unsqueeze", nameof(dim), dim, TensorMetadata.Dim(input) + 1, input);
            var result = NativeOps.Unsqueeze(input, dim);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Failure("Unsqueeze", input);
        }

        /// <summary>Reorders the dimensions (PyTorch: <c>x.permute(1, 2, 0)</c>): [3, 5, 7] becomes [5, 7, 3].</summary>
        /// <param name="dims">The new order: each dimension exactly once; negative counts from the end.</param>
        /// <returns>A view of the tensor.</returns>
        /// <exception cref="ArgumentException">Too few or too many dims, a repeated dim, or a dim out of range.</exception>
        public Tensor Permute(params ReadOnlySpan<long> dims)
        {
            ShapeRules.CheckPermutation(dims, input);
            var result = NativeOps.Permute(input, dims);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Failure("Permute", input);
        }

        /// <summary>
        /// Batched matrix product (PyTorch: <c>torch.bmm(x, y)</c>): (B, M, N) @ (B, N, K) is (B, M, K). Both tensors must
        /// be 3-D, with the same B and N1 == N2, checked before libtorch runs.
        /// </summary>
        /// <param name="other">The right operand, (B, N, K).</param>
        /// <returns>A new tensor of shape (B, M, K).</returns>
        /// <exception cref="ArgumentException">An operand is not 3-D, or the batch or inner sizes differ; the message names both shapes.</exception>
        /// <exception cref="TorchOperationException">libtorch refused the inputs (for example different dtypes or devices).</exception>
        public Tensor Bmm(Tensor other)
        {
            ArgumentNullException.ThrowIfNull(other);
            ShapeRules.CheckBmm(input, other);
            var result = NativeOps.Bmm(input, other);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Failure("Bmm", input, other);
        }

        /// <summary>
        /// Matrix product with PyTorch's <c>torch.matmul</c> semantics (PyTorch: <c>torch.matmul(x, y)</c>, <c>x @ y</c>):
        /// (m) @ (m) is a 0-d dot product, (n, m) @ (m, p) is (n, p), (n, m) @ (m) is (n), (m) @ (m, p) is (p), and
        /// batch dimensions broadcast: (2, 1, 3, 4) @ (5, 4, 2) is (2, 5, 3, 2). Every rule is checked before libtorch
        /// runs, so a mistake is an <see cref="ArgumentException"/>; with raw TorchSharp 0.107 the same mistake in
        /// <c>x.matmul(y)</c> aborts the process.
        /// </summary>
        /// <param name="other">The right operand: at least 1-D, of the same dtype and on the same device.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException">
        /// An operand is 0-d, the inner sizes differ, the batch dimensions do not broadcast, the dtypes or devices differ,
        /// the dtype has no matrix product (bool; integers on CUDA), or a sparse operand is used outside a 2-D @ 2-D or
        /// 2-D @ 1-D product; the message names both shapes and dtypes.
        /// </exception>
        /// <exception cref="TorchOperationException">libtorch failed anyway (for example out of memory in a 2-D product).</exception>
        public Tensor Matmul(Tensor other)
        {
            ArgumentNullException.ThrowIfNull(other);
            // Why the routes: see MatmulRules. dot/mv/mm/bmm are the kernels at::matmul picks for these shapes, reached
            // through entry points that report libtorch's errors instead of aborting.
            var result = MatmulRules.Check(input, other) switch
            {
                MatmulRoute.Dot => NativeOps.Dot(input, other),
                MatmulRoute.Mv => NativeOps.Mv(input, other),
                MatmulRoute.Mm => NativeOps.Mm(input, other),
                MatmulRoute.Bmm => NativeOps.Bmm(input, other),
                _ => NativeOps.MatmulUnchecked(input, other),
            };
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Failure("Matmul", input, other);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Exception Failure(string op, Tensor input) => TorchOperationException.Create(op, NativeOps.Failure(), input);

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Exception Failure(string op, Tensor input, Tensor other) => TorchOperationException.Create(op, NativeOps.Failure(), input, other);
}
