using System.Numerics;
using FluentAssertions;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

public sealed class CreationTests
{
    public CreationTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<Array, ScalarType> InferredDTypes => new()
    {
        { new[] { true, false }, ScalarType.Bool },
        { new byte[] { 1, 2 }, ScalarType.Int64 },
        { new sbyte[] { 1, -2 }, ScalarType.Int64 },
        { new short[] { 1, -2 }, ScalarType.Int64 },
        { new[] { 1, -2 }, ScalarType.Int64 },
        { new[] { 1L, -2L }, ScalarType.Int64 },
        { new[] { (Half)1.5, (Half)(-2) }, ScalarType.Float32 },
        { new[] { new TorchSharp.BFloat16(1.5f), new TorchSharp.BFloat16(-2f) }, ScalarType.Float32 },
        { new[] { 1.5f, -2f }, ScalarType.Float32 },
        { new[] { 1.5, -2.0 }, ScalarType.Float32 },
        { new[] { new Complex(1, 2) }, ScalarType.ComplexFloat32 },
    };

    [Theory]
    [MemberData(nameof(InferredDTypes))]
    public void From_InfersTheDTypePyTorchInfersForTheSameNumbers(Array data, ScalarType expected)
    {
        using var x = Tensors.From(data);

        x.dtype.Should().Be(expected);
        x.Shape.Should().Equal(data.LongLength);
    }

    [Fact]
    public void From_EveryElementType_KeepsTheExactValuesWhenAskedForItsOwnDType()
    {
        using var b = Tensors.From(new byte[] { 0, 255 }, DType.UInt8);
        using var s = Tensors.From(new sbyte[] { -128, 127 }, DType.Int8);
        using var h = Tensors.From(new[] { (Half)0.1 }, DType.Float16);
        using var bf = Tensors.From(new[] { new TorchSharp.BFloat16(0.1f) }, DType.BFloat16);
        using var c = Tensors.From(new[] { new Complex(1.0 / 3, -2) }, DType.Complex128);

        b.data<byte>().ToArray().Should().Equal(0, 255);
        s.data<sbyte>().ToArray().Should().Equal(-128, 127);
        h.data<Half>()[0].Should().Be((Half)0.1);
        bf.data<TorchSharp.BFloat16>()[0].Should().Be(new TorchSharp.BFloat16(0.1f));
        c.data<Complex>()[0].Should().Be(new Complex(1.0 / 3, -2));
    }

    [Fact]
    public void From_RectangularArraysOfEveryRank_KeepRowMajorOrder()
    {
        using var two = Tensors.From(new[,] { { 1f, 2f, 3f }, { 4f, 5f, 6f } });
        using var three = Tensors.From(new[, ,] { { { 1, 2 } }, { { 3, 4 } } });
        using var four = Tensors.From(new long[1, 2, 1, 2] { { { { 1, 2 } }, { { 3, 4 } } } });
        var fiveD = (double[,,,,])Array.CreateInstance(typeof(double), 1, 2, 1, 1, 3);
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 3; j++)
                fiveD[0, i, 0, 0, j] = i * 3 + j;
        using var five = Tensors.From(fiveD);

        two.Shape.Should().Equal(2L, 3L);
        two.data<float>().ToArray().Should().Equal(1, 2, 3, 4, 5, 6);
        three.Shape.Should().Equal(2L, 1L, 2L);
        three.data<long>().ToArray().Should().Equal(1, 2, 3, 4);
        four.Shape.Should().Equal(1L, 2L, 1L, 2L);
        five.Shape.Should().Equal(1L, 2L, 1L, 1L, 3L);
        five.dtype.Should().Be(ScalarType.Float32);
        five.data<float>().ToArray().Should().Equal(0, 1, 2, 3, 4, 5);
    }

    [Fact]
    public void From_JaggedArrays_BecomeRectangularTensors()
    {
        using var two = Tensors.From(new float[][] { [1, 2, 3], [4, 5, 6] });
        using var three = Tensors.From(new int[][][] { [[1], [2]], [[3], [4]] });
        using var mixed = Tensors.From(new float[][,] { new float[,] { { 1, 2 } }, new float[,] { { 3, 4 } } });

        two.Shape.Should().Equal(2L, 3L);
        two.data<float>().ToArray().Should().Equal(1, 2, 3, 4, 5, 6);
        three.Shape.Should().Equal(2L, 2L, 1L);
        three.data<long>().ToArray().Should().Equal(1, 2, 3, 4);
        mixed.Shape.Should().Equal(2L, 1L, 2L);
        mixed.data<float>().ToArray().Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public void From_SpanMemoryAndReadOnlyMemoryWithAShape_ReshapeFlatData()
    {
        float[] flat = [1, 2, 3, 4, 5, 6];

        using var fromArray = Tensors.From(flat, [2, 3]);
        using var fromSpan = Tensors.From(flat.AsSpan(2, 4), [2, 2]);
        using var fromMemory = Tensors.From(flat.AsMemory(), [3, 2]);
        using var fromReadOnlyMemory = Tensors.From((ReadOnlyMemory<float>)flat, [6]);

        fromArray.Shape.Should().Equal(2L, 3L);
        fromSpan.data<float>().ToArray().Should().Equal(3, 4, 5, 6);
        fromMemory.Shape.Should().Equal(3L, 2L);
        fromReadOnlyMemory.Shape.Should().Equal(6L);
    }

    [Fact]
    public void From_CopiesTheData_LikeTorchTensor()
    {
        var data = new float[] { 1, 2, 3 };

        using var x = Tensors.From(data);
        data[0] = 100;

        x.data<float>()[0].Should().Be(1);
    }

    [Fact]
    public void From_RequiresGradOnFloats_GivesALeafThatRequiresGrad()
    {
        using var x = Tensors.From(new[] { 1.0, 2.0 }, requiresGrad: true);

        x.requires_grad.Should().BeTrue();
        x.is_leaf.Should().BeTrue();
    }

    [Fact]
    public void From_UnsupportedElementType_ExplainsWhichTypesWork()
    {
        var act = () => Tensors.From(new uint[] { 1, 2 });

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("data");
        e.Message.Should().Be(
            "Tensors.From: element type UInt32 has no PyTorch dtype.\n" +
            "Expected: bool, byte, sbyte, short, int, long, Half, BFloat16, float, double or System.Numerics.Complex elements.\n" +
            "Received: System.UInt32 elements.\n" +
            "Fix: convert the data to one of those types first (for example uint or ulong to long, decimal to double). (Parameter 'data')");
    }

    [Fact]
    public void From_UnsupportedElementTypeInAJaggedArray_IsRefused()
    {
        var act = () => Tensors.From(new decimal[][] { [1m] });

        act.Should().Throw<ArgumentException>().WithMessage("Tensors.From: element type Decimal has no PyTorch dtype.*");
    }

    [Fact]
    public void From_SpanWithTheWrongShape_SaysHowManyElementsTheShapeHolds()
    {
        var act = () => Tensors.From(new float[] { 1, 2, 3, 4, 5 }, [2, 3]);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("shape");
        e.Message.Should().Be(
            "Tensors.From: the shape [2, 3] holds 6 elements but the data has 5.\n" +
            "Expected: exactly as many elements as the shape holds.\n" +
            "Received: 5 elements for shape [2, 3].\n" +
            "Fix: pass the shape of the data (the product of the sizes must equal the number of elements). (Parameter 'shape')");
    }

    [Fact]
    public void From_SpanWithANegativeSize_IsRefused()
    {
        var act = () => Tensors.From(new float[] { 1, 2 }, [-1, 2]);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Be(
            "A shape cannot have a negative size: dimension 0 is -1.\n" +
            "Expected: sizes of 0 or more.\n" +
            "Received: [-1, 2].\n" +
            "Fix: pass the size of each dimension; -1 (\"infer this size\") is only understood by reshape and view. (Parameter 'shape')");
    }

    [Fact]
    public void From_RaggedJaggedArray_NamesTheRowAndPyTorchsWords()
    {
        var act = () => Tensors.From(new float[][][] { [[1, 2], [3, 4]], [[5, 6], [7, 8, 9]] });

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Tensors.From: the jagged array is not rectangular: data[1][1] has 3 elements but the rows before it at the same depth have 2.\n" +
            "Expected: every row at depth 2 of the same length (PyTorch: \"expected sequence of length 2 at dim 2 (got 3)\").\n" +
            "Received: a row of 3 at data[1][1].\n" +
            "Fix: pad the rows to the same length, or make one tensor per row. (Parameter 'data')");
    }

    [Fact]
    public void From_JaggedArrayWithANullRow_NamesTheRow()
    {
        var act = () => Tensors.From(new float[][] { [1, 2], null! });

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Tensors.From: data[1] is null.\n" +
            "Expected: a rectangular array with no null rows.\n" +
            "Received: null at data[1].\n" +
            "Fix: fill every row. (Parameter 'data')");
    }

    [Fact]
    public void From_IntegersRequiringGrad_IsRefused()
    {
        var act = () => Tensors.From(new[] { 1, 2, 3 }, requiresGrad: true);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("requiresGrad");
        e.Message.Should().Be(
            "Only floating-point and complex tensors can require gradients; this one is int64.\n" +
            "Expected: a float32, float64, float16, bfloat16, complex64 or complex128 tensor (PyTorch: \"Only Tensors of floating point and complex dtype can require gradients\").\n" +
            "Received: dtype int64.\n" +
            "Fix: create the data as floating point (new float[] { 1, 2, 3 }, or dtype: DType.Float32), or cast first: x.Float(). (Parameter 'requiresGrad')");
    }

    [Fact]
    public void From_OnAnAbsentGpu_IsRefusedBeforeAllocating()
    {
        var act = () => Tensors.From(new[] { 1f }, device: Device.Cuda(0));

        act.Should().Throw<InvalidOperationException>().WithMessage("Cannot use device 'cuda:0': CUDA is not available in this process.*");
    }

    [Fact]
    public void ZerosAndOnes_TakeShapesDTypesAndRequiresGrad()
    {
        Shape shape = [2, 3];

        using var z = Tensors.Zeros(shape, DType.Float64, requiresGrad: true);
        using var o = Tensors.Ones([4], DType.Int32, Device.Cpu);

        (z.Shape == shape).Should().BeTrue();
        z.dtype.Should().Be(ScalarType.Float64);
        z.requires_grad.Should().BeTrue();
        o.data<int>().ToArray().Should().Equal(1, 1, 1, 1);
    }

    [Fact]
    public void ZerosAndOnes_BadArguments_AreRefused()
    {
        FluentActions.Invoking(() => Tensors.Ones([2, -1])).Should().Throw<ArgumentOutOfRangeException>()
            .Which.Message.Should().StartWith("A shape cannot have a negative size: dimension 1 is -1.");
        FluentActions.Invoking(() => Tensors.Zeros([2], DType.Int64, requiresGrad: true)).Should().Throw<ArgumentException>()
            .Which.ParamName.Should().Be("requiresGrad");
        FluentActions.Invoking(() => Tensors.Zeros([2], device: Device.Cuda())).Should().Throw<InvalidOperationException>();
    }
}
