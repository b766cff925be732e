using System.Numerics;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Maps .NET element types to the dtype that holds them bit for bit, and to the dtype PyTorch infers for the same
/// numbers: <c>torch.tensor</c> gives int64 for any integers, the default dtype (float32) for floating numbers, its
/// complex counterpart for complex numbers and bool for booleans, whatever their width in .NET.
/// </summary>
internal static class ElementTypes
{
    /// <summary>The dtype whose memory layout equals <typeparamref name="T"/>'s, or null when there is none.</summary>
    /// <remarks>Written as a chain of typeof checks so that the JIT folds it to a constant for each T.</remarks>
    internal static ScalarType? StorageOf<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return ScalarType.Float32;
        if (typeof(T) == typeof(double)) return ScalarType.Float64;
        if (typeof(T) == typeof(long)) return ScalarType.Int64;
        if (typeof(T) == typeof(int)) return ScalarType.Int32;
        if (typeof(T) == typeof(short)) return ScalarType.Int16;
        if (typeof(T) == typeof(sbyte)) return ScalarType.Int8;
        if (typeof(T) == typeof(byte)) return ScalarType.Byte;
        if (typeof(T) == typeof(bool)) return ScalarType.Bool;
        if (typeof(T) == typeof(Half)) return ScalarType.Float16;
        if (typeof(T) == typeof(TorchSharp.BFloat16)) return ScalarType.BFloat16;
        if (typeof(T) == typeof(Complex)) return ScalarType.ComplexFloat64;
        return null;
    }

    /// <summary>Like <see cref="StorageOf{T}"/> for a type known only at run time (jagged and multi-dimensional <see cref="Array"/>s).</summary>
    internal static ScalarType? StorageOf(Type type)
    {
        if (type == typeof(float)) return ScalarType.Float32;
        if (type == typeof(double)) return ScalarType.Float64;
        if (type == typeof(long)) return ScalarType.Int64;
        if (type == typeof(int)) return ScalarType.Int32;
        if (type == typeof(short)) return ScalarType.Int16;
        if (type == typeof(sbyte)) return ScalarType.Int8;
        if (type == typeof(byte)) return ScalarType.Byte;
        if (type == typeof(bool)) return ScalarType.Bool;
        if (type == typeof(Half)) return ScalarType.Float16;
        if (type == typeof(TorchSharp.BFloat16)) return ScalarType.BFloat16;
        if (type == typeof(Complex)) return ScalarType.ComplexFloat64;
        return null;
    }

    /// <summary>The dtype <c>torch.tensor</c> infers for numbers stored as <paramref name="storage"/>.</summary>
    internal static ScalarType Inferred(ScalarType storage)
    {
        switch (storage)
        {
            case ScalarType.Bool:
                return ScalarType.Bool;
            case ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64:
                return ScalarType.Int64;
            case ScalarType.ComplexFloat32 or ScalarType.ComplexFloat64:
                // PyTorch pairs complex64 with a float32 default and complex128 with a float64 default.
                return get_default_dtype() == ScalarType.Float64 ? ScalarType.ComplexFloat64 : ScalarType.ComplexFloat32;
            default:
                return get_default_dtype();
        }
    }
}
