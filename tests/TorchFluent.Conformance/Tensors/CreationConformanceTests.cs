using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>Reference text, "Tensor" / "Create tensor" (SEED_ERRATA A.1, A.2): creation from data, zeros and ones.</summary>
public sealed class CreationConformanceTests
{
    static readonly Golden G = Golden.Load("tensors");

    public CreationConformanceTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void From_IntegerMatrix_IsInt64AsTorchTensorGives()
    {
        // x = torch.tensor([[1, -1], [-1, 1]]): int64, not the float the text prints.
        var c = G["create_from_data"];
        using var x = Tensors.From(new[,] { { 1, -1 }, { -1, 1 } });

        TensorAssert.Equal(x, c.Tensor("x"));
        x.Shape.Should().Equal(c.Longs("shape"));
        x.Shape.ToString().Should().Be(c.String("size_repr"));
    }

    [Fact]
    public void Load_NumPyIntegerArray_IsInt64AsFromNumpyGives()
    {
        // x = torch.from_numpy(np.array([[1, -1], [-1, 1]])): the array, saved by NumPy, read back.
        using var x = NumPy.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "npy", "from_numpy_example.npy"));

        TensorAssert.Equal(x, G["create_from_numpy"].Tensor("x"));
    }

    [Fact]
    public void Mean_OfTheIntegerExample_FailsAsInPyTorch()
    {
        G["create_integer_mean_fails"].PyTorchRaised().Should().StartWith("mean(): could not infer output dtype");
        using var x = Tensors.From(new[,] { { 1, -1 }, { -1, 1 } });

        var act = () => x.Mean();

        act.Should().Throw<ArgumentException>().WithMessage("Mean: cannot average an int64 tensor*");
    }

    [Fact]
    public void From_FloatMatrix_IsFloat32()
    {
        using var x = Tensors.From(new float[,] { { 1, -1 }, { -1, 1 } });

        TensorAssert.Equal(x, G["create_float_data"].Tensor("x"));
    }

    [Fact]
    public void From_Doubles_AreRoundedToFloat32AsPythonFloatsAre()
    {
        using var x = Tensors.From(new[] { 0.1, 0.2, 1.0 / 3 });

        TensorAssert.Equal(x, G["create_from_doubles_rounds_to_float32"].Tensor("x"));
    }

    [Fact]
    public void From_WithDType_ConvertsAsPyTorch()
    {
        var c = G["create_with_dtype"];
        using var x = Tensors.From(new[] { 1, 2 }, DType.Float32);
        using var y = Tensors.From(new[] { 1.7, -2.7 }, DType.Int32);

        TensorAssert.Equal(x, c.Tensor("x"));
        TensorAssert.Equal(y, c.Tensor("y"));
    }

    [Fact]
    public void From_BoolAndComplex_InferBoolAndComplex64()
    {
        using var b = Tensors.From(new[] { true, false, true });
        using var c = Tensors.From(new[] { new System.Numerics.Complex(1, 2), new System.Numerics.Complex(0, -0.5) });

        TensorAssert.Equal(b, G["create_bool"].Tensor("x"));
        TensorAssert.Equal(c, G["create_complex"].Tensor("x"));
    }

    [Fact]
    public void From_ThreeDimensionalData_KeepsItsShape()
    {
        var expected = G["create_3d"].Tensor("x");
        using var rectangular = Tensors.From(new[, ,] { { { 1, 2 }, { 3, 4 } }, { { 5, 6 }, { 7, 8 } } });
        using var jagged = Tensors.From(new int[][][] { [[1, 2], [3, 4]], [[5, 6], [7, 8]] });

        TensorAssert.Equal(rectangular, expected);
        TensorAssert.Equal(jagged, expected);
    }

    [Fact]
    public void From_OneValueAndAnEmptyShape_IsAScalar()
    {
        // torch.tensor(3.5)
        using var x = Tensors.From([3.5], []);

        TensorAssert.Equal(x, G["create_scalar"].Tensor("x"));
    }

    [Fact]
    public void From_EmptyArrays_HaveZeroSizedShapes()
    {
        var c = G["create_empty"];
        using var empty = Tensors.From(Array.Empty<float>());
        using var rows = Tensors.From(new float[][] { [], [] });

        TensorAssert.Equal(empty, c.Tensor("x"));
        TensorAssert.Equal(rows, c.Tensor("rows"));
    }

    [Fact]
    public void From_RaggedJaggedArray_IsRefusedAsInPyTorch()
    {
        G["create_ragged_fails"].PyTorchRaised().Should().Be("expected sequence of length 2 at dim 1 (got 1)");

        var act = () => Tensors.From(new int[][] { [1, 2], [3] });

        act.Should().Throw<ArgumentException>().WithMessage("*expected sequence of length 2 at dim 1 (got 1)*");
    }

    [Fact]
    public void From_IntegerDataRequiringGrad_IsRefusedAsInPyTorch()
    {
        // torch.tensor([1, 2, 3], requires_grad=True)  # invalid
        G["create_int_requires_grad_fails"].PyTorchRaised().Should().Be("Only Tensors of floating point and complex dtype can require gradients");

        var act = () => Tensors.From(new[] { 1, 2, 3 }, requiresGrad: true);

        act.Should().Throw<ArgumentException>().WithMessage("Only floating-point and complex tensors can require gradients*");
    }

    [Fact]
    public void Zeros_TwoByTwo_IsFloat32Zeros()
    {
        using var x = Tensors.Zeros([2, 2]);

        TensorAssert.Equal(x, G["zeros_2x2"].Tensor("x"));
    }

    [Fact]
    public void Ones_OneByTwoByFive_IsFloat32Ones()
    {
        using var x = Tensors.Ones([1, 2, 5]);

        TensorAssert.Equal(x, G["ones_1x2x5"].Tensor("x"));
    }

    [Fact]
    public void Zeros_WithDTypeAndAsScalar_MatchPyTorch()
    {
        using var ints = Tensors.Zeros([2, 3], DType.Int64);
        using var scalar = Tensors.Zeros([]);

        TensorAssert.Equal(ints, G["zeros_int64"].Tensor("x"));
        TensorAssert.Equal(scalar, G["zeros_scalar"].Tensor("x"));
    }

    [Fact]
    public void Zeros_NegativeSize_IsRefusedAsInPyTorch()
    {
        G["zeros_negative_fails"].PyTorchRaised().Should().Contain("negative dimension -1");

        var act = () => Tensors.Zeros([-1, 2]);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("A shape cannot have a negative size*");
    }

    [Fact]
    public void Shape_BehavesAsTorchSize()
    {
        var c = G["size"];
        using var x = Tensors.Zeros([2, 3]);
        using var scalar = Tensors.Zeros([]);
        using var three = Tensors.Zeros([2, 3, 4]);

        x.Shape.ToString().Should().Be(c.String("repr"));
        x.Shape.Count.Should().Be((int)c.Long("len"));
        x.Shape[^1].Should().Be(c.Long("last"));
        x.Shape.Numel().Should().Be(c.Long("numel"));
        (x.Shape == [2, 3]).Should().Be(c.Bool("equals_tuple"));
        scalar.Shape.ToString().Should().Be(c.String("scalar_repr"));
        three.Shape[1..].ToString().Should().Be(c.String("slice_repr"));
    }
}

/// <summary>Creation under a changed default dtype (torch.set_default_dtype), which is global state.</summary>
[Collection(GlobalTorchStateCollection.Name)]
public sealed class DefaultDTypeConformanceTests
{
    [Fact]
    public void From_WithDefaultDTypeFloat64_InfersFloat64AndComplex128()
    {
        TorchRuntime.EnsureLoaded();
        var c = Golden.Load("tensors")["create_default_float64"];
        var previous = get_default_dtype();
        set_default_dtype(ScalarType.Float64);
        try
        {
            using var x = Tensors.From(new[] { 1.5f, 2.5f });
            using var z = Tensors.From(new[] { new System.Numerics.Complex(0, 1) });
            using var zeros = Tensors.Zeros([2]);

            TensorAssert.Equal(x, c.Tensor("x"));
            TensorAssert.Equal(z, c.Tensor("c"));
            TensorAssert.Equal(zeros, c.Tensor("zeros"));
        }
        finally
        {
            set_default_dtype(previous);
        }
    }
}
