using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// PyTorch's dtypes under PyTorch's names (<c>DType.Float32</c>, <c>DType.Int64</c>, <c>DType.BFloat16</c> ...) and the
/// 12-row dtype table as data. The constants are TorchSharp <see cref="ScalarType"/> values, so they go anywhere
/// TorchSharp takes a dtype: <c>x.To(DType.BFloat16)</c>, <c>zeros(2, 3, dtype: DType.Float64)</c>.
/// </summary>
public static class DType
{
    /// <summary>32-bit floating point (<c>torch.float32</c>, <c>torch.float</c>); the default floating type.</summary>
    public const ScalarType Float32 = ScalarType.Float32;

    /// <summary>64-bit floating point (<c>torch.float64</c>, <c>torch.double</c>).</summary>
    public const ScalarType Float64 = ScalarType.Float64;

    /// <summary>16-bit floating point (<c>torch.float16</c>, <c>torch.half</c>).</summary>
    public const ScalarType Float16 = ScalarType.Float16;

    /// <summary>16-bit brain floating point (<c>torch.bfloat16</c>): float32's range with 8 bits of precision.</summary>
    public const ScalarType BFloat16 = ScalarType.BFloat16;

    /// <summary>8-bit unsigned integer (<c>torch.uint8</c>); TorchSharp calls it <c>ScalarType.Byte</c>.</summary>
    public const ScalarType UInt8 = ScalarType.Byte;

    /// <summary>8-bit signed integer (<c>torch.int8</c>).</summary>
    public const ScalarType Int8 = ScalarType.Int8;

    /// <summary>16-bit signed integer (<c>torch.int16</c>, <c>torch.short</c>).</summary>
    public const ScalarType Int16 = ScalarType.Int16;

    /// <summary>32-bit signed integer (<c>torch.int32</c>, <c>torch.int</c>).</summary>
    public const ScalarType Int32 = ScalarType.Int32;

    /// <summary>64-bit signed integer (<c>torch.int64</c>, <c>torch.long</c>); the type of integer data and of indices.</summary>
    public const ScalarType Int64 = ScalarType.Int64;

    /// <summary>Boolean (<c>torch.bool</c>).</summary>
    public const ScalarType Bool = ScalarType.Bool;

    /// <summary>Complex of two float32 (<c>torch.complex64</c>, <c>torch.cfloat</c>); TorchSharp calls it <c>ScalarType.ComplexFloat32</c>.</summary>
    public const ScalarType Complex64 = ScalarType.ComplexFloat32;

    /// <summary>Complex of two float64 (<c>torch.complex128</c>, <c>torch.cdouble</c>); TorchSharp calls it <c>ScalarType.ComplexFloat64</c>.</summary>
    public const ScalarType Complex128 = ScalarType.ComplexFloat64;

    // Row order follows the reference text's table.
    static readonly DTypeInfo[] Rows =
    [
        new(Float32, "float32", "32-bit floating point", 32, true, false, true, "torch.FloatTensor",
            "The default floating-point type; what training normally uses."),
        new(Float64, "float64", "64-bit floating point", 64, true, false, true, "torch.DoubleTensor",
            "High-precision numerics."),
        new(Float16, "float16", "16-bit floating point", 16, true, false, true, "torch.HalfTensor",
            "Mixed precision, mostly on GPUs."),
        new(BFloat16, "bfloat16", "bfloat16 floating point", 16, true, false, true, "torch.BFloat16Tensor",
            "Mixed precision with float32's range; it has its own tensor type name, torch.BFloat16Tensor."),
        new(UInt8, "uint8", "8-bit integer (unsigned)", 8, false, false, false, "torch.ByteTensor",
            "Image pixels; also accepted as a mask for indexing."),
        new(Int8, "int8", "8-bit integer (signed)", 8, false, false, true, "torch.CharTensor",
            "Quantization."),
        new(Int16, "int16", "16-bit integer (signed)", 16, false, false, true, "torch.ShortTensor",
            "Rarely used."),
        new(Int32, "int32", "32-bit integer (signed)", 32, false, false, true, "torch.IntTensor",
            "General integers; PyTorch 1.13 refuses int32 tensors as indices (index tensors are int64)."),
        new(Int64, "int64", "64-bit integer (signed)", 64, false, false, true, "torch.LongTensor",
            "Indices and class labels; the type PyTorch infers for integer data."),
        new(Bool, "bool", "Boolean", 8, false, false, false, "torch.BoolTensor",
            "Masks."),
        new(Complex64, "complex64", "Complex (64-bit)", 64, false, true, true, "torch.ComplexFloatTensor",
            "FFT and other complex-valued maths."),
        new(Complex128, "complex128", "Complex (128-bit)", 128, false, true, true, "torch.ComplexDoubleTensor",
            "FFT and other complex-valued maths in double precision."),
    ];

    // Indexed by the ScalarType's numeric value (0..15), for O(1) lookups without a dictionary.
    static readonly DTypeInfo?[] ByValue = BuildIndex();

    /// <summary>The 12 dtypes of the reference text's table, in its order.</summary>
    public static IReadOnlyList<DTypeInfo> Table => Rows;

    /// <summary>The default floating-point dtype (PyTorch: <c>torch.get_default_dtype()</c>): float32 unless changed.</summary>
    public static ScalarType Default
    {
        get
        {
            TorchRuntime.EnsureLoaded();
            return get_default_dtype();
        }
    }

    /// <summary>The table row of <paramref name="dtype"/>.</summary>
    /// <param name="dtype">One of the 12 dtypes.</param>
    /// <returns>Its row.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not one of the 12 (for example a quantized type).</exception>
    public static DTypeInfo Info(ScalarType dtype) =>
        Find(dtype) ?? throw new ArgumentOutOfRangeException(nameof(dtype), Messages.DTypeNotInTable(dtype));

    internal static DTypeInfo? Find(ScalarType dtype)
    {
        var i = (int)dtype;
        return (uint)i < (uint)ByValue.Length ? ByValue[i] : null;
    }

    /// <summary>PyTorch's short name ("float32") of any ScalarType, falling back to TorchSharp's for types outside the table.</summary>
    internal static string NameOf(ScalarType dtype) => Find(dtype)?.Name ?? dtype.ToString();

    static DTypeInfo?[] BuildIndex()
    {
        var index = new DTypeInfo?[16];
        foreach (var row in Rows) index[(int)row.DType] = row;
        return index;
    }
}
