using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// The reference text's basic arithmetic as PascalCase methods with PyTorch's semantics: <c>x.Add(y)</c>,
/// <c>x.Sub(y)</c>, <c>x.Sum()</c>, <c>x.Sum(0)</c>, <c>x.Mean()</c>, <c>x.Pow(2)</c>. Each returns a new tensor
/// the caller owns.
/// </summary>
/// <remarks>
/// <c>x.Sum(0)</c> sums over dimension 0, as in PyTorch. (With raw TorchSharp, <c>x.sum(0)</c> binds to
/// <c>sum(ScalarType)</c>, because C# converts the literal 0 to any enum, and sums everything as uint8; no overload
/// here takes a dtype first, so the trap cannot happen.)
/// </remarks>
public static class TensorMathExtensions
{
    extension(Tensor input)
    {
        /// <summary>Elementwise sum with broadcasting (PyTorch: <c>x + y</c>, <c>x.add(y)</c>).</summary>
        /// <param name="other">The tensor to add; broadcast against this one.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException">The shapes do not broadcast; the message names both shapes.</exception>
        /// <exception cref="TorchOperationException">libtorch refused the inputs (for example different devices).</exception>
        public Tensor Add(Tensor other)
        {
            ArgumentNullException.ThrowIfNull(other);
            var result = NativeOps.Add(input, other);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Elementwise("Add", input, other);
        }

        /// <summary>Adds a number to every element (PyTorch: <c>x + 2</c>); an integer tensor stays integer.</summary>
        /// <param name="other">The number.</param>
        /// <returns>A new tensor.</returns>
        public Tensor Add(long other) => ScalarOp("Add", input, NativeOps.Scalar(other), Op.Add);

        /// <summary>Adds a number to every element (PyTorch: <c>x + 2.5</c>); an integer tensor becomes floating point.</summary>
        /// <param name="other">The number.</param>
        /// <returns>A new tensor.</returns>
        public Tensor Add(double other) => ScalarOp("Add", input, NativeOps.Scalar(other), Op.Add);

        /// <summary>Elementwise difference with broadcasting (PyTorch: <c>x - y</c>, <c>x.sub(y)</c>).</summary>
        /// <param name="other">The tensor to subtract; broadcast against this one.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException">The shapes do not broadcast; the message names both shapes.</exception>
        /// <exception cref="TorchOperationException">libtorch refused the inputs (for example bool tensors, or different devices).</exception>
        public Tensor Sub(Tensor other)
        {
            ArgumentNullException.ThrowIfNull(other);
            var result = NativeOps.Sub(input, other);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Elementwise("Sub", input, other);
        }

        /// <summary>Subtracts a number from every element (PyTorch: <c>x - 2</c>).</summary>
        /// <param name="other">The number.</param>
        /// <returns>A new tensor.</returns>
        public Tensor Sub(long other) => ScalarOp("Sub", input, NativeOps.Scalar(other), Op.Sub);

        /// <summary>Subtracts a number from every element (PyTorch: <c>x - 2.5</c>).</summary>
        /// <param name="other">The number.</param>
        /// <returns>A new tensor.</returns>
        public Tensor Sub(double other) => ScalarOp("Sub", input, NativeOps.Scalar(other), Op.Sub);

        /// <summary>The sum of all elements, as a 0-d tensor (PyTorch: <c>x.sum()</c>); integer and bool tensors sum to int64.</summary>
        /// <returns>A new scalar tensor.</returns>
        public Tensor Sum()
        {
            var result = NativeOps.Sum(input);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Unary("Sum", input);
        }

        /// <summary>The sum over dimension <paramref name="dim"/> (PyTorch: <c>x.sum(0)</c>, <c>x.sum(dim=1, keepdim=True)</c>).</summary>
        /// <param name="dim">The dimension to reduce; negative counts from the end.</param>
        /// <param name="keepDim">Keep the reduced dimension with size 1.</param>
        /// <param name="dtype">Accumulate and return in this dtype; null keeps PyTorch's default (int64 for integers).</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
        public Tensor Sum(long dim, bool keepDim = false, ScalarType? dtype = null)
        {
            ShapeRules.WrapDim("Sum", nameof(dim), dim, ShapeRules.ExistingDims(TensorMetadata.Dim(input)), input);
            var result = NativeOps.Sum(input, [dim], keepDim, dtype);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Unary("Sum", input);
        }

        /// <summary>The sum over several dimensions (PyTorch: <c>x.sum((0, 1))</c>): <c>x.Sum([0, 1])</c>.</summary>
        /// <param name="dims">The dimensions to reduce, each at most once.</param>
        /// <param name="keepDim">Keep the reduced dimensions with size 1.</param>
        /// <param name="dtype">Accumulate and return in this dtype; null keeps PyTorch's default.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException">A dim is out of range or repeated.</exception>
        public Tensor Sum(ReadOnlySpan<long> dims, bool keepDim = false, ScalarType? dtype = null)
        {
            ShapeRules.CheckDims("Sum", nameof(dims), dims, input);
            var result = NativeOps.Sum(input, dims, keepDim, dtype);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Unary("Sum", input);
        }

        /// <summary>The mean of all elements, as a 0-d tensor (PyTorch: <c>x.mean()</c>).</summary>
        /// <returns>A new scalar tensor.</returns>
        /// <exception cref="ArgumentException">The tensor is integer or bool: PyTorch cannot infer mean's dtype for those either.</exception>
        public Tensor Mean()
        {
            CheckMeanDType(input);
            var result = NativeOps.Mean(input);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Unary("Mean", input);
        }

        /// <summary>The mean over dimension <paramref name="dim"/> (PyTorch: <c>x.mean(0)</c>).</summary>
        /// <param name="dim">The dimension to reduce; negative counts from the end.</param>
        /// <param name="keepDim">Keep the reduced dimension with size 1.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException">The tensor is integer or bool, or <paramref name="dim"/> is out of range.</exception>
        public Tensor Mean(long dim, bool keepDim = false)
        {
            CheckMeanDType(input);
            ShapeRules.WrapDim("Mean", nameof(dim), dim, ShapeRules.ExistingDims(TensorMetadata.Dim(input)), input);
            var result = NativeOps.Mean(input, [dim], keepDim);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Unary("Mean", input);
        }

        /// <summary>The mean over several dimensions: <c>x.Mean([0, 1])</c>.</summary>
        /// <param name="dims">The dimensions to reduce, each at most once.</param>
        /// <param name="keepDim">Keep the reduced dimensions with size 1.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException">The tensor is integer or bool, or a dim is out of range or repeated.</exception>
        public Tensor Mean(ReadOnlySpan<long> dims, bool keepDim = false)
        {
            CheckMeanDType(input);
            ShapeRules.CheckDims("Mean", nameof(dims), dims, input);
            var result = NativeOps.Mean(input, dims, keepDim);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Unary("Mean", input);
        }

        /// <summary>Raises every element to an integer power (PyTorch: <c>x.pow(2)</c>); an integer tensor stays integer.</summary>
        /// <param name="exponent">The power.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="TorchOperationException">libtorch refused (for example an integer tensor to a negative power).</exception>
        public Tensor Pow(long exponent) => ScalarOp("Pow", input, NativeOps.Scalar(exponent), Op.Pow);

        /// <summary>Raises every element to a real power (PyTorch: <c>x.pow(0.5)</c>); an integer tensor becomes floating point.</summary>
        /// <param name="exponent">The power.</param>
        /// <returns>A new tensor.</returns>
        public Tensor Pow(double exponent) => ScalarOp("Pow", input, NativeOps.Scalar(exponent), Op.Pow);

        /// <summary>Raises each element to the matching element of <paramref name="exponent"/>, with broadcasting (PyTorch: <c>x.pow(y)</c>).</summary>
        /// <param name="exponent">The powers; broadcast against this tensor.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException">The shapes do not broadcast.</exception>
        public Tensor Pow(Tensor exponent)
        {
            ArgumentNullException.ThrowIfNull(exponent);
            var result = NativeOps.Pow(input, exponent);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Elementwise("Pow", input, exponent);
        }
    }

    enum Op
    {
        Add,
        Sub,
        Pow,
    }

    /// <summary>Runs a tensor-scalar op and frees the native scalar (which the op does not keep).</summary>
    static Tensor ScalarOp(string name, Tensor input, IntPtr scalar, Op op)
    {
        IntPtr result;
        if (input.IsInvalid)
        {
            NativeOps.FreeScalar(scalar);
            _ = input.Handle; // throws TorchSharp's "Tensor invalid" error
        }
        result = op switch
        {
            Op.Add => NativeOps.AddScalar(input, scalar),
            Op.Sub => NativeOps.SubScalar(input, scalar),
            _ => NativeOps.PowScalar(input, scalar),
        };
        NativeOps.FreeScalar(scalar);
        return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Unary(name, input);
    }

    static void CheckMeanDType(Tensor input)
    {
        var dtype = TensorMetadata.DType(input);
        var info = DType.Find(dtype);
        if (info is not null && !info.IsFloatingPoint && !info.IsComplex)
            throw new ArgumentException(Messages.MeanNotFloating(info.Name), nameof(input));
    }

    /// <summary>A one-input op failed in libtorch.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static Exception Unary(string op, Tensor input) => TorchOperationException.Create(op, NativeOps.Failure(), input);

    /// <summary>An elementwise op failed: a broadcasting mistake becomes an ArgumentException naming the shapes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static Exception Elementwise(string op, Tensor input, Tensor other)
    {
        var native = NativeOps.Failure();
        if (ShapeRules.BroadcastMessage(op, input, other) is { } message)
            return new ArgumentException(message, nameof(other), native);
        return TorchOperationException.Create(op, native, input, other);
    }
}
