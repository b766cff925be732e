using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Data;

/// <summary>Dataset.FromNpy reads .npy files written by NumPy: every dtype, byte order, Fortran order, version 2.0.</summary>
public sealed class NpyConformanceTests
{
    public NpyConformanceTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<string> Files() =>
        [.. DataGolden.Case("npy_files").Element.EnumerateObject().Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Files))]
    public void FromNpy_NumPyFile_HoldsTheArray(string name)
    {
        var expected = DataGolden.Case("npy_files").Tensor(name);
        using var dataset = Dataset.FromNpy(Path.Combine(AppContext.BaseDirectory, "goldens", "data_npy", name + ".npy"));
        var actual = dataset.Tensors[0];
        TensorAssert.Equal(actual, expected);
        dataset.Count.Should().Be((int)expected.Shape[0]);
        actual.is_contiguous().Should().BeTrue();
    }

    [Fact]
    public void FromNpy_FeaturesAndTargets_PairsRows()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "goldens", "data_npy");
        using var pairs = Dataset.FromNpy(Path.Combine(folder, "bigendian_float32.npy"), Path.Combine(folder, "uint8_2d.npy"));
        pairs.Count.Should().Be(2);
        var (x, y) = pairs[1];
        using (x)
        using (y)
        {
            TensorAssert.Values(x, DataGolden.TensorAt(System.Text.Json.JsonDocument.Parse("""{"dtype":"float32","shape":[3],"data":[3.0,4.0,5.0]}""").RootElement, "x"));
            y.dtype.Should().Be(ScalarType.Byte);
            y.data<byte>().ToArray().Should().Equal(1, 2, 3);
        }

        // 4 rows of features but 5 labels: refused, naming both files.
        var act = () => Dataset.FromNpy(Path.Combine(folder, "float32_2d.npy"), Path.Combine(folder, "int64_labels.npy"));
        act.Should().Throw<ArgumentException>().WithMessage("*float32_2d.npy with shape [4, 3] and int64_labels.npy with shape [5]*");
    }
}
