using FluentAssertions;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

/// <summary>The fast metadata reads must agree with TorchSharp's own properties on every kind of tensor.</summary>
public sealed class TensorMetadataTests
{
    public TensorMetadataTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<string> Kinds => ["scalar", "vector", "matrix", "view", "empty", "int8", "bool", "complex", "grad", "meta", "5d"];

    static Tensor Make(string kind) => kind switch
    {
        "scalar" => tensor(2.5),
        "vector" => arange(7),
        "matrix" => ones(3, 4, dtype: ScalarType.Float16),
        "view" => arange(24).reshape(2, 3, 4).permute(2, 0, 1),
        "empty" => zeros(0, 5),
        "int8" => zeros(2, dtype: ScalarType.Int8),
        "bool" => ones(1, 1, dtype: ScalarType.Bool),
        "complex" => zeros(3, dtype: ScalarType.ComplexFloat64),
        "grad" => ones(2, requires_grad: true),
        "meta" => empty(4, 2, device: META),
        "5d" => zeros([1, 2, 3, 4, 5]),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Reads_MatchTorchSharp(string kind)
    {
        using var t = Make(kind);

        TensorMetadata.Dim(t).Should().Be((int)t.dim());
        TensorMetadata.ShapeOf(t).Should().Equal(t.shape);
        for (var d = 0; d < t.dim(); d++) TensorMetadata.Size(t, d).Should().Be(t.size(d));
        TensorMetadata.DType(t).Should().Be(t.dtype);
        TensorMetadata.Numel(t).Should().Be(t.numel());
        TensorMetadata.DeviceType(t).Should().Be(t.device_type);
        TensorMetadata.DeviceIndex(t).Should().Be(t.device_index);
        TensorMetadata.RequiresGrad(t).Should().Be(t.requires_grad);
    }

    [Fact]
    public void DataPointer_AddressesTheFirstElement()
    {
        using var t = tensor(new float[] { 3, 4 });

        unsafe
        {
            var p = (float*)TensorMetadata.DataPointer(t);
            p[1].Should().Be(4);
        }
    }
}
