using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>Reads the dtype table from a TorchSharp <see cref="ScalarType"/>: <c>x.dtype.Info().Bits</c>.</summary>
public static class DTypeExtensions
{
    extension(ScalarType dtype)
    {
        /// <summary>The table row of this dtype (name, bits, floating/complex/signed, PyTorch name).</summary>
        /// <returns>Its row.</returns>
        /// <exception cref="ArgumentOutOfRangeException">The dtype is not one of the 12 (for example a quantized type).</exception>
        public DTypeInfo Info() => DType.Info(dtype);
    }
}
