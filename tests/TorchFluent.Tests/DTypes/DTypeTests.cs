using FluentAssertions;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

public sealed class DTypeTests
{
    public DTypeTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Constants_AreTheTorchSharpScalarTypesUnderPyTorchsNames()
    {
        DType.UInt8.Should().Be(ScalarType.Byte);
        DType.Complex64.Should().Be(ScalarType.ComplexFloat32);
        DType.Complex128.Should().Be(ScalarType.ComplexFloat64);
        DType.Table.Select(r => r.DType).Should().OnlyHaveUniqueItems().And.HaveCount(12);
        DType.Table.Select(r => r.Name).Should().Equal(
            "float32", "float64", "float16", "bfloat16", "uint8", "int8", "int16", "int32", "int64", "bool", "complex64", "complex128");
    }

    [Fact]
    public void Info_FindsEachRowAndPrintsThePyTorchName()
    {
        foreach (var row in DType.Table)
        {
            DType.Info(row.DType).Should().BeSameAs(row);
            row.DType.Info().Should().BeSameAs(row);
            row.ToString().Should().Be("torch." + row.Name);
            row.Bytes.Should().Be(row.Bits / 8);
            row.Description.Should().NotBeEmpty();
            row.Notes.Should().NotBeEmpty();
        }
        DType.Int32.Info().Notes.Should().Contain("index tensors are int64");
    }

    [Fact]
    public void Info_OfAQuantizedType_IsRefused()
    {
        var act = () => DType.Info(ScalarType.QInt8);

        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("dtype");
        e.Message.Should().Be(
            "ScalarType.QInt8 is not one of PyTorch's 12 standard dtypes.\n" +
            "Expected: float32, float64, float16, bfloat16, uint8, int8, int16, int32, int64, bool, complex64 or complex128.\n" +
            "Received: ScalarType.QInt8 (value 12).\n" +
            "Fix: quantized types (QInt8, QUInt8, QInt32) have no row in the table; use DType.Table for the 12 that do. (Parameter 'dtype')");
    }

    [Fact]
    public void To_AnotherDType_ReturnsANewTensorAndTheSameDType_ReturnsTheInput()
    {
        using var x = ones(2, 2);

        using var l = x.Long();
        using var h = x.To(DType.Float16);

        l.Should().NotBeSameAs(x);
        l.dtype.Should().Be(ScalarType.Int64);
        h.dtype.Should().Be(ScalarType.Float16);
        x.To(ScalarType.Float32).Should().BeSameAs(x);
        l.Long().Should().BeSameAs(l);
        h.Half().Should().BeSameAs(h);
    }

    [Fact]
    public void Shortcuts_ProduceTheirDTypes()
    {
        using var x = zeros(1, dtype: ScalarType.Int16);

        using var f = x.Float();
        using var d = x.Double();
        using var h = x.Half();
        using var b16 = x.BFloat16();
        using var i = x.Int();
        using var l = x.Long();
        using var u = x.Byte();
        using var b = x.Bool();

        new[] { f, d, h, b16, i, l, u, b }.Select(t => t.dtype).Should().Equal(
            ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16,
            ScalarType.Int32, ScalarType.Int64, ScalarType.Byte, ScalarType.Bool);
    }

    [Fact]
    public void ModuleTo_IntegerDType_ExplainsWhatPyTorchAllows()
    {
        using var linear = nn.Linear(2, 2);

        var act = () => linear.To(DType.Bool);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("dtype");
        e.Message.Should().Be(
            "Module.To: a module can only be cast to a floating-point or complex dtype, not bool.\n" +
            "Expected: float32, float64, float16, bfloat16, complex64 or complex128 (PyTorch: \"nn.Module.to only accepts floating point or complex dtypes\").\n" +
            "Received: bool.\n" +
            "Fix: keep the module floating-point and cast its inputs or outputs instead, for example output.Long(); integer parameters and buffers are never converted by a module cast. (Parameter 'dtype')");
    }

    [Fact]
    public void ModuleCasts_ReturnTheSameTypedModule()
    {
        using var linear = nn.Linear(2, 2);

        nn.Module<Tensor, Tensor> same = linear.Double();
        linear.To(DType.Complex64).Should().BeSameAs(linear);

        same.Should().BeSameAs(linear);
        linear.weight!.dtype.Should().Be(ScalarType.ComplexFloat32);
    }
}
