using FluentAssertions;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

public sealed class ShapeTests
{
    [Fact]
    public void Equality_AgainstCollectionExpressionsArraysAndShapes_IsByValue()
    {
        Shape shape = [3, 2];

        (shape == [3, 2]).Should().BeTrue();
        (shape != [2, 3]).Should().BeTrue();
        (shape == new long[] { 3, 2 }).Should().BeTrue();
        (shape == new[] { 3, 2 }).Should().BeTrue();
        shape.Equals(new Shape(3, 2)).Should().BeTrue();
        shape.Equals((object)new long[] { 3, 2 }).Should().BeTrue();
        shape.Equals((object)new[] { 3, 2 }).Should().BeTrue();
        shape.Equals((object)"torch.Size([3, 2])").Should().BeFalse();
        shape.GetHashCode().Should().Be(new Shape(3, 2).GetHashCode());
        (shape == [3, 2, 1]).Should().BeFalse();
    }

    [Fact]
    public void Default_IsTheScalarShape()
    {
        var scalar = default(Shape);

        scalar.Count.Should().Be(0);
        scalar.Numel().Should().Be(1);
        scalar.ToString().Should().Be("torch.Size([])");
        (scalar == []).Should().BeTrue();
        scalar.Should().BeEmpty();
    }

    [Fact]
    public void IndexingSlicingAndCount_WorkAsOnTorchSize()
    {
        Shape shape = [2, 3, 4];

        shape.Count.Should().Be(3);
        shape[0].Should().Be(2);
        shape[^1].Should().Be(4);
        shape[1..].Should().Equal(3L, 4L);
        shape[..^1].ToString().Should().Be("torch.Size([2, 3])");
        shape.Numel().Should().Be(24);
        shape.ToArray().Should().Equal(2L, 3L, 4L);
        shape.AsSpan().Length.Should().Be(3);
    }

    [Fact]
    public void Enumeration_YieldsTheSizesInOrder()
    {
        Shape shape = [5, 7];
        var seen = new List<long>();

        foreach (var size in shape) seen.Add(size);

        seen.Should().Equal(5L, 7L);
        ((IEnumerable<long>)shape).Should().Equal(5L, 7L);
    }

    [Fact]
    public void Deconstruct_GivesEachSize()
    {
        var (rows, columns) = new Shape(2, 3);
        var (b, m, k) = new Shape(10, 8, 9);
        var (n, c, h, w) = new Shape(1, 3, 28, 28);
        var (d0, d1, d2, d3, d4) = new Shape(1, 2, 3, 4, 5);

        (rows, columns).Should().Be((2L, 3L));
        (b, m, k).Should().Be((10L, 8L, 9L));
        (n, c, h, w).Should().Be((1L, 3L, 28L, 28L));
        (d0, d1, d2, d3, d4).Should().Be((1L, 2L, 3L, 4L, 5L));
    }

    [Fact]
    public void Deconstruct_IntoTheWrongNumberOfVariables_ExplainsTheMismatch()
    {
        var act = () =>
        {
            var (b, m, k) = new Shape(10, 8);
            return b + m + k;
        };

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Be(
            "Cannot deconstruct torch.Size([10, 8]) into 3 variables.\n" +
            "Expected: a shape with 3 dimensions.\n" +
            "Received: a shape with 2 dimensions.\n" +
            "Fix: use as many variables as the tensor has dimensions, or index the shape (shape[0], shape[^1]).");
    }

    [Fact]
    public void Indexer_OutOfRange_ExplainsThatCSharpIndexesDoNotWrap()
    {
        Shape shape = [2, 3];

        var act = () => shape[-1];

        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("index");
        e.Message.Should().Be(
            "Index -1 is outside torch.Size([2, 3]).\n" +
            "Expected: an index from 0 to 1 (or ^1 for the last dimension).\n" +
            "Received: -1.\n" +
            "Fix: C# indexes do not wrap around: write shape[^1] where Python writes shape[-1]. (Parameter 'index')");
    }

    [Fact]
    public void Indexer_OnAScalarShape_SaysThereAreNoDimensions()
    {
        var act = () => default(Shape)[0];

        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Be(
            "Index 0 is outside torch.Size([]).\n" +
            "Expected: no index: a scalar (0-d) shape has no dimensions.\n" +
            "Received: 0.\n" +
            "Fix: C# indexes do not wrap around: write shape[^1] where Python writes shape[-1]. (Parameter 'index')");
    }

    [Fact]
    public void Constructor_NegativeSize_IsRefused()
    {
        var act = () => new Shape(2, -3);

        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("sizes");
        e.Message.Should().Be(
            "A shape cannot have a negative size: dimension 1 is -3.\n" +
            "Expected: sizes of 0 or more.\n" +
            "Received: [2, -3].\n" +
            "Fix: pass the size of each dimension; -1 (\"infer this size\") is only understood by reshape and view. (Parameter 'sizes')");
    }

    [Fact]
    public void Shape_PassesToTorchSharpCallsThatTakeSizes()
    {
        TorchRuntime.EnsureLoaded();
        Shape shape = [2, 3];

        using var x = zeros(shape);

        x.shape.Should().Equal(2L, 3L);
        (x.Shape == shape).Should().BeTrue();
    }

    [Fact]
    public void TensorShape_ReadsEverySize()
    {
        TorchRuntime.EnsureLoaded();
        using var x = zeros([4, 1, 3, 2, 5]);
        using var s = tensor(1f);
        using var e = zeros(0, 3);

        x.Shape.Should().Equal(x.shape);
        (s.Shape == default(Shape)).Should().BeTrue();
        e.Shape.Should().Equal(0L, 3L);
    }
}
