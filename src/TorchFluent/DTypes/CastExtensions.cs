using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Casting, as in PyTorch: <c>x.To(DType.Float64)</c> and the shortcuts <c>x.Float()</c>, <c>x.Double()</c>,
/// <c>x.Half()</c>, <c>x.BFloat16()</c>, <c>x.Int()</c>, <c>x.Long()</c>, <c>x.Byte()</c>, <c>x.Bool()</c>; and the
/// floating-point casts of modules (<c>model.Double()</c>).
/// </summary>
/// <remarks>
/// Like PyTorch (and unlike TorchSharp's <c>to</c>), a tensor cast to the dtype it already has returns the same
/// object, not a new one. Do not dispose both: <c>using var y = x.Float();</c> disposes <c>x</c> when x is already
/// float32. A cast to another dtype returns a new tensor (a copy) that the caller owns.
/// </remarks>
public static class CastExtensions
{
    extension(Tensor input)
    {
        /// <summary>This tensor as <paramref name="dtype"/> (PyTorch: <c>x.to(dtype)</c>): the same object when it already has that dtype, else a converted copy.</summary>
        /// <param name="dtype">The target dtype, for example <c>DType.BFloat16</c>.</param>
        /// <returns>The tensor itself or a new tensor.</returns>
        /// <exception cref="TorchOperationException">libtorch refused the conversion.</exception>
        public Tensor To(ScalarType dtype)
        {
            if (TensorMetadata.DType(input) == dtype) return input;
            var result = NativeOps.ToType(input, dtype);
            return result != IntPtr.Zero ? NativeOps.Wrap(result) : throw Failure(input);
        }

        /// <summary>Cast to float32 (PyTorch: <c>x.float()</c>).</summary>
        /// <returns>The tensor itself when already float32, else a float32 copy.</returns>
        public Tensor Float() => input.To(ScalarType.Float32);

        /// <summary>Cast to float64 (PyTorch: <c>x.double()</c>).</summary>
        /// <returns>The tensor itself when already float64, else a float64 copy.</returns>
        public Tensor Double() => input.To(ScalarType.Float64);

        /// <summary>Cast to float16 (PyTorch: <c>x.half()</c>).</summary>
        /// <returns>The tensor itself when already float16, else a float16 copy.</returns>
        public Tensor Half() => input.To(ScalarType.Float16);

        /// <summary>Cast to bfloat16 (PyTorch: <c>x.bfloat16()</c>).</summary>
        /// <returns>The tensor itself when already bfloat16, else a bfloat16 copy.</returns>
        public Tensor BFloat16() => input.To(ScalarType.BFloat16);

        /// <summary>Cast to int32 (PyTorch: <c>x.int()</c>); floating values are truncated toward zero.</summary>
        /// <returns>The tensor itself when already int32, else an int32 copy.</returns>
        public Tensor Int() => input.To(ScalarType.Int32);

        /// <summary>Cast to int64 (PyTorch: <c>x.long()</c>); floating values are truncated toward zero.</summary>
        /// <returns>The tensor itself when already int64, else an int64 copy.</returns>
        public Tensor Long() => input.To(ScalarType.Int64);

        /// <summary>Cast to uint8 (PyTorch: <c>x.byte()</c>).</summary>
        /// <returns>The tensor itself when already uint8, else a uint8 copy.</returns>
        public Tensor Byte() => input.To(ScalarType.Byte);

        /// <summary>Cast to bool (PyTorch: <c>x.bool()</c>): nonzero values become true.</summary>
        /// <returns>The tensor itself when already bool, else a bool copy.</returns>
        public Tensor Bool() => input.To(ScalarType.Bool);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static Exception Failure(Tensor input) => TorchOperationException.Create("To", NativeOps.Failure(), input);

    extension<TModule>(TModule module) where TModule : nn.Module
    {
        /// <summary>
        /// Casts the module's floating-point parameters and buffers to <paramref name="dtype"/>, in place, and returns
        /// the module (PyTorch: <c>model.to(dtype)</c>). Integer buffers keep their type, as in PyTorch.
        /// </summary>
        /// <param name="dtype">A floating-point or complex dtype.</param>
        /// <returns>The same module.</returns>
        /// <exception cref="ArgumentException"><paramref name="dtype"/> is not floating-point or complex (PyTorch refuses those too).</exception>
        public TModule To(ScalarType dtype)
        {
            var info = DType.Find(dtype);
            if (info is null || !(info.IsFloatingPoint || info.IsComplex))
                throw new ArgumentException(Messages.ModuleCastNotFloating(dtype), nameof(dtype));
            try
            {
                return module.to(dtype);
            }
            catch (Exception e) when (TorchOperationException.IsNative(e))
            {
                throw TorchOperationException.Create("Module.To", e, []);
            }
        }

        /// <summary>Casts floating-point parameters and buffers to float32 in place (PyTorch: <c>model.float()</c>).</summary>
        /// <returns>The same module.</returns>
        public TModule Float() => module.To(ScalarType.Float32);

        /// <summary>Casts floating-point parameters and buffers to float64 in place (PyTorch: <c>model.double()</c>).</summary>
        /// <returns>The same module.</returns>
        public TModule Double() => module.To(ScalarType.Float64);

        /// <summary>Casts floating-point parameters and buffers to float16 in place (PyTorch: <c>model.half()</c>).</summary>
        /// <returns>The same module.</returns>
        public TModule Half() => module.To(ScalarType.Float16);

        /// <summary>Casts floating-point parameters and buffers to bfloat16 in place (PyTorch: <c>model.bfloat16()</c>).</summary>
        /// <returns>The same module.</returns>
        public TModule BFloat16() => module.To(ScalarType.BFloat16);
    }
}
