using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Data;

/// <summary>
/// Default collation gives PyTorch's batch dtypes, shapes and values for the .NET counterparts of the Python values:
/// double for Python float, long (and int) for Python int, bool, arrays for NumPy arrays, tuples, tensors.
/// </summary>
public sealed class CollationConformanceTests
{
    public CollationConformanceTests() => TorchRuntime.EnsureLoaded();

    static IReadOnlyList<GoldenTensor> Expected(string name) => DataGolden.Case(name).Tensors("batch");

    static void AssertSingle<T>(string name, params T[] samples)
    {
        using var loader = DataLoader.From(Dataset.From(samples)).Batch(samples.Length).Build();
        foreach (var batch in loader) TensorAssert.Equal(batch, Expected(name)[0]);
    }

    [Fact]
    public void Collate_Double_IsFloat64LikePythonFloat() => AssertSingle("collate_python_float", 1.5, -2.0, 3.25);

    [Fact]
    public void Collate_Long_IsInt64LikePythonInt() => AssertSingle("collate_python_int", 1L, -2L, 3L);

    [Fact]
    public void Collate_Int_IsInt64LikePythonInt() => AssertSingle("collate_python_int", 1, -2, 3);

    [Fact]
    public void Collate_Bool_IsBool() => AssertSingle("collate_python_bool", true, false, true);

    [Fact]
    public void Collate_FloatArrays_AreFloat32LikeNumPyFloat32() =>
        AssertSingle("collate_numpy_float32_array", new float[] { 1, 2, 3 }, new float[] { 4, 5, 6 });

    [Fact]
    public void Collate_LongMatrices_AreInt64WithBatchDimension() =>
        AssertSingle("collate_numpy_int64_matrix", new long[,] { { 0, 1, 2 }, { 3, 4, 5 } }, new long[,] { { 6, 7, 8 }, { 9, 10, 11 } });

    [Fact]
    public void Collate_ByteArrays_AreUInt8() =>
        AssertSingle("collate_numpy_uint8_array", new byte[] { 1, 255 }, new byte[] { 0, 7 });

    [Fact]
    public void Collate_ZeroDimTensors_StackToVector() =>
        AssertSingle("collate_tensor_scalars", tensor(1.5f), tensor(2.5f));

    [Fact]
    public void Collate_TensorsOfMixedDTypes_PromoteLikeTorchStack() =>
        AssertSingle("collate_tensors_mixed_dtype", tensor(new[] { 1, 2 }), tensor(new[] { 0.5f, 1.5f }));

    [Fact]
    public void Collate_ArrayAndIntTuple_GivesFloat32AndInt64()
    {
        var samples = new (float[] Features, int Label)[] { ([0.5f, 1.5f], 1), ([2.5f, 3.5f], 0) };
        using var loader = DataLoader.From(Dataset.From(samples)).Batch(2).Build();
        foreach (var (x, y) in loader)
        {
            TensorAssert.Equal(x, Expected("collate_tuple_array_int")[0]);
            TensorAssert.Equal(y, Expected("collate_tuple_array_int")[1]);
        }
    }

    [Fact]
    public void Collate_ArraysOfTensors_StackEachPosition()
    {
        var samples = new[]
        {
            new[] { tensor(new[] { 1.0f }), tensor(new[] { 2L, 3L }) },
            new[] { tensor(new[] { 4.0f }), tensor(new[] { 5L, 6L }) },
        };
        using var loader = DataLoader.From(Dataset.From(samples)).Batch(2).Build();
        foreach (var batch in loader)
        {
            batch.Should().HaveCount(2);
            TensorAssert.Equal(batch[0], Expected("collate_list_of_tensors")[0]);
            TensorAssert.Equal(batch[1], Expected("collate_list_of_tensors")[1]);
        }
    }
}
