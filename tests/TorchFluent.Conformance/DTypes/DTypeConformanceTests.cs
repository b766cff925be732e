using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>Reference text, "Data Type" and "Casting" (SEED_ERRATA A.5, A.6).</summary>
public sealed class DTypeConformanceTests
{
    static readonly Golden G = Golden.Load("dtypes");

    public DTypeConformanceTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Table_HasPyTorchsTwelveDTypesWithTheirProperties()
    {
        var rows = G["table"].Element.GetProperty("rows").EnumerateArray().ToList();

        DType.Table.Should().HaveCount(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var expected = new GoldenCase($"dtypes/table[{i}]", rows[i]);
            var row = DType.Table[i];
            row.Name.Should().Be(expected.String("name"));
            row.PyTorchName.Should().Be(expected.String("str"));
            row.Bits.Should().Be((int)expected.Long("bits"), row.Name);
            row.IsFloatingPoint.Should().Be(expected.Bool("is_floating_point"), row.Name);
            row.IsComplex.Should().Be(expected.Bool("is_complex"), row.Name);
            row.IsSigned.Should().Be(expected.Bool("is_signed"), row.Name);
            row.TensorTypeName.Should().Be(expected.String("type"), row.Name);
            // The row's ScalarType really is that dtype: a tensor of it reports the same name and element size.
            using var t = zeros(1, dtype: row.DType);
            TorchNames.Of(t.dtype).Should().Be(row.Name);
            (t.element_size() * 8).Should().Be(row.Bits);
        }
    }

    [Fact]
    public void Table_BFloat16HasItsOwnTensorTypeName()
    {
        // The text's note says bfloat16 has no class name of its own; torch.BFloat16Tensor exists (SEED_ERRATA A.6).
        DType.BFloat16.Info().TensorTypeName.Should().Be("torch.BFloat16Tensor");
        DType.Default.Should().Be(GoldenInputs.DTypeOf(G["table"].String("default")));
    }

    [Fact]
    public void To_Float64AndInt32_ConvertAsPyTorch()
    {
        // t = torch.randn(3, 4); t_double = t.to(torch.float64); t_int = t.to(torch.int32)
        var c = G["to"];
        using var t = c.Tensor("t").ToTensor();

        using var tDouble = t.To(DType.Float64);
        using var tInt = t.To(DType.Int32);
        using var tBFloat16 = t.To(DType.BFloat16);

        TensorAssert.Equal(tDouble, c.Tensor("double"));
        TensorAssert.Equal(tInt, c.Tensor("int"));
        TensorAssert.Equal(tBFloat16, c.Tensor("bfloat16"));
    }

    [Fact]
    public void To_SameDType_ReturnsTheSameObjectAsPyTorch()
    {
        G["to"].Bool("same_is_self").Should().BeTrue();
        G["shortcuts"].Bool("float_is_self").Should().BeTrue();
        using var t = G["to"].Tensor("t").ToTensor();

        t.To(DType.Float32).Should().BeSameAs(t);
        t.Float().Should().BeSameAs(t);
    }

    [Fact]
    public void Long_OnOnes_IsInt64Ones()
    {
        // x = torch.ones(2, 2); x = x.long()  # float32 -> int64 (the text's "float32 x = x.long()", SEED_ERRATA A.5)
        var c = G["long_example"];
        using var x = ones(2, 2);

        using var l = x.Long();

        TensorAssert.Equal(l, c.Tensor("long"));
    }

    [Fact]
    public void Shortcuts_ConvertAsPyTorch()
    {
        var c = G["shortcuts"];
        using var x = c.Tensor("x").ToTensor();

        using var d = x.Double();
        using var h = x.Half();
        using var b16 = x.BFloat16();
        using var i = x.Int();
        using var l = x.Long();
        using var b = x.Bool();

        TensorAssert.Equal(x.Float(), c.Tensor("float"));
        TensorAssert.Equal(d, c.Tensor("double"));
        TensorAssert.Equal(h, c.Tensor("half"));
        TensorAssert.Equal(b16, c.Tensor("bfloat16"));
        TensorAssert.Equal(i, c.Tensor("int"));
        TensorAssert.Equal(l, c.Tensor("long"));
        TensorAssert.Equal(b, c.Tensor("bool"));
    }

    [Fact]
    public void Byte_TruncatesToUInt8AsPyTorch()
    {
        var c = G["byte"];
        using var x = c.Tensor("x").ToTensor();

        using var b = x.Byte();

        TensorAssert.Equal(b, c.Tensor("byte"));
    }

    [Fact]
    public void Casts_FromIntegers_ConvertAsPyTorch()
    {
        var c = G["int_to_float"];
        using var x = c.Tensor("x").ToTensor();

        using var f = x.Float();
        using var b = x.Bool();
        using var h = x.Half();

        TensorAssert.Equal(f, c.Tensor("float"));
        TensorAssert.Equal(b, c.Tensor("bool"));
        TensorAssert.Equal(h, c.Tensor("half"));
    }

    [Fact]
    public void ModuleCasts_ConvertParametersInPlaceAndReturnTheModule()
    {
        var c = G["module_double"];
        using var linear = nn.Linear(2, 3);
        using (Autograd.NoGrad())
        {
            using var w = c.Tensor("weight").ToTensor();
            using var b = c.Tensor("bias").ToTensor();
            linear.weight!.copy_(w);
            linear.bias!.copy_(b);
        }

        linear.Double().Should().BeSameAs(linear);
        TensorAssert.Equal(linear.weight!, c.Tensor("weight_after"));
        TensorAssert.Equal(linear.bias!, c.Tensor("bias_after"));
        linear.Half();
        TensorAssert.Equal(linear.weight!, G["module_half"].Tensor("weight_after"));
        linear.BFloat16();
        TensorAssert.Equal(linear.weight!, G["module_bfloat16"].Tensor("weight_after"));
        linear.Float().Should().BeSameAs(linear);
        TensorAssert.Equal(linear.weight!, G["module_float"].Tensor("weight_after"));
    }

    [Fact]
    public void ModuleTo_IntegerDType_IsRefusedAsInPyTorch()
    {
        var c = G["module_to_int"];
        c.Case("error").PyTorchRaised().Should().StartWith("nn.Module.to only accepts floating point or complex dtypes");
        // nn.Module has no long()/int()/byte()/bool(); neither does TorchFluent's module casting.
        c.Bool("has_long").Should().BeFalse();
        c.Bool("has_int").Should().BeFalse();
        c.Bool("has_byte").Should().BeFalse();
        c.Bool("has_bool").Should().BeFalse();
        using var linear = nn.Linear(2, 2);

        var act = () => linear.To(DType.Int64);

        act.Should().Throw<ArgumentException>().WithMessage("Module.To: a module can only be cast to a floating-point or complex dtype, not int64*");
        linear.weight!.dtype.Should().Be(ScalarType.Float32);
    }

    [Fact]
    public void ModuleCast_LeavesIntegerBuffersAlone()
    {
        var c = G["module_integer_buffer"];
        using var norm = nn.BatchNorm1d(2);

        norm.Double();

        TorchNames.Of(norm.running_mean!.dtype).Should().Be(c.String("running_mean"));
        TorchNames.Of(norm.num_batches_tracked!.dtype).Should().Be(c.String("num_batches_tracked"));
    }
}
