using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// One row of PyTorch's dtype table: the reference text's "Data Type" section as data. Get rows from
/// <see cref="DType.Table"/>, <see cref="DType.Info(ScalarType)"/> or <c>x.dtype.Info()</c>.
/// </summary>
public sealed class DTypeInfo
{
    internal DTypeInfo(
        ScalarType dtype, string name, string description, int bits,
        bool isFloatingPoint, bool isComplex, bool isSigned, string tensorTypeName, string notes)
    {
        DType = dtype;
        Name = name;
        Description = description;
        Bits = bits;
        IsFloatingPoint = isFloatingPoint;
        IsComplex = isComplex;
        IsSigned = isSigned;
        TensorTypeName = tensorTypeName;
        Notes = notes;
    }

    /// <summary>The TorchSharp value (<c>ScalarType.Float32</c> ...), what every TorchSharp and TorchFluent call takes.</summary>
    public ScalarType DType { get; }

    /// <summary>PyTorch's name without the module: "float32", "int64", "complex64" ...</summary>
    public string Name { get; }

    /// <summary>PyTorch's full name, as <c>str(dtype)</c> prints it: "torch.float32".</summary>
    public string PyTorchName => "torch." + Name;

    /// <summary>The table's first column: "32-bit floating point", "8-bit integer (unsigned)" ...</summary>
    public string Description { get; }

    /// <summary>The size of one element in bits (PyTorch: <c>dtype.itemsize * 8</c>).</summary>
    public int Bits { get; }

    /// <summary>The size of one element in bytes.</summary>
    public int Bytes => Bits / 8;

    /// <summary>True for float16, bfloat16, float32 and float64 (PyTorch: <c>dtype.is_floating_point</c>).</summary>
    public bool IsFloatingPoint { get; }

    /// <summary>True for complex64 and complex128 (PyTorch: <c>dtype.is_complex</c>).</summary>
    public bool IsComplex { get; }

    /// <summary>True when the type can hold negative values (PyTorch: <c>dtype.is_signed</c>; false for uint8 and bool).</summary>
    public bool IsSigned { get; }

    /// <summary>The legacy tensor type name <c>x.type()</c> returns on the CPU: "torch.FloatTensor", "torch.BFloat16Tensor" ...</summary>
    public string TensorTypeName { get; }

    /// <summary>What the type is typically used for (the reference text's notes, corrected where they are wrong).</summary>
    public string Notes { get; }

    /// <summary>PyTorch's full name: "torch.float32".</summary>
    /// <returns><see cref="PyTorchName"/>.</returns>
    public override string ToString() => PyTorchName;
}
