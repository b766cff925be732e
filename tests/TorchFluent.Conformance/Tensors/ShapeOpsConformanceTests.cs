using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>Reference text, "Tensor Operations" 2-4, 7, 8: transpose, squeeze, unsqueeze, permute, bmm.</summary>
public sealed class ShapeOpsConformanceTests
{
    static readonly Golden G = Golden.Load("tensors");

    public ShapeOpsConformanceTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Transpose_TextExample_TurnsTwoByThreeIntoThreeByTwo()
    {
        var c = G["transpose_example"];
        using var x = Tensors.Zeros([2, 3]);
        x.Shape.Should().Equal(c.Longs("before"));

        using var t = x.Transpose(0, 1);

        t.Shape.Should().Equal(c.Longs("after"));
        (t.Shape == [3, 2]).Should().BeTrue();
    }

    [Fact]
    public void Transpose_Values_MatchPyTorch()
    {
        var c = G["transpose_values"];
        using var a = c.Tensor("x").ToTensor();

        using var t = a.Transpose(0, 1);
        using var tNeg = a.Transpose(-1, -2);

        TensorAssert.Equal(t, c.Tensor("t"));
        TensorAssert.Equal(tNeg, c.Tensor("t_neg"));
    }

    [Fact]
    public void Transpose_DimOutOfRange_IsRefusedWithPyTorchsRange()
    {
        var c = G["transpose_values"];
        c.Case("out_of_range").PyTorchRaised().Should().Be("Dimension out of range (expected to be in range of [-2, 1], but got 2)");
        using var a = c.Tensor("x").ToTensor();

        var act = () => a.Transpose(0, 2);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Expected: a dim from -2 to 1*");
    }

    [Fact]
    public void Squeeze_TextExample_RemovesTheSizeOneDimension()
    {
        var c = G["squeeze_example"];
        using var x = Tensors.Zeros([1, 2, 3]);
        x.Shape.Should().Equal(c.Longs("before"));

        using var squeezed = x.Squeeze(0);
        using var notOne = x.Squeeze(1);
        using var fourD = Tensors.Zeros([1, 2, 1, 3]);
        using var all = fourD.Squeeze();

        squeezed.Shape.Should().Equal(c.Longs("after"));
        notOne.Shape.Should().Equal(c.Longs("not_one"));
        all.Shape.Should().Equal(c.Longs("all"));
    }

    [Fact]
    public void Squeeze_DimOutOfRange_IsRefusedAsInPyTorch()
    {
        G["squeeze_example"].Case("out_of_range").PyTorchRaised().Should().Contain("[-3, 2], but got 3");
        using var x = Tensors.Zeros([1, 2, 3]);

        FluentActions.Invoking(() => x.Squeeze(3)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*from -3 to 2*");
    }

    [Fact]
    public void Unsqueeze_TextExample_InsertsADimensionOfSizeOne()
    {
        // The text's comment says "Assert a dimension"; it inserts one (SEED_ERRATA A.4).
        var c = G["unsqueeze_example"];
        using var x = Tensors.Zeros([2, 3]);
        x.Shape.Should().Equal(c.Longs("before"));

        using var middle = x.Unsqueeze(1);
        using var last = x.Unsqueeze(-1);
        using var end = x.Unsqueeze(2);

        middle.Shape.Should().Equal(c.Longs("after"));
        last.Shape.Should().Equal(c.Longs("last"));
        end.Shape.Should().Equal(c.Longs("end"));
    }

    [Fact]
    public void Unsqueeze_DimOutOfRange_IsRefusedAsInPyTorch()
    {
        G["unsqueeze_example"].Case("out_of_range").PyTorchRaised().Should().Contain("[-3, 2], but got 3");
        using var x = Tensors.Zeros([2, 3]);

        FluentActions.Invoking(() => x.Unsqueeze(3)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*from -3 to 2*");
    }

    [Fact]
    public void ShapeOps_OnAScalar_AcceptDimZeroAsPyTorch()
    {
        var c = G["scalar_dims"];
        c.Case("transpose_out").PyTorchRaised().Should().Contain("[-1, 0], but got 1");
        using var s = tensor(1f);

        using var t = s.Transpose(0, 0);
        using var squeezed = s.Squeeze(0);
        using var unsqueezed = s.Unsqueeze(0);
        using var sum = s.Sum(0);

        t.Shape.Should().Equal(c.Longs("transpose"));
        squeezed.Shape.Should().Equal(c.Longs("squeeze"));
        unsqueezed.Shape.Should().Equal(c.Longs("unsqueeze"));
        sum.Shape.Should().Equal(c.Longs("sum0"));
        FluentActions.Invoking(() => s.Transpose(0, 1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Permute_TextExample_RearrangesTheDimensions()
    {
        var c = G["permute_example"];
        using var x = Tensors.Zeros([3, 5, 7]);

        using var p = x.Permute(1, 2, 0);

        p.Shape.Should().Equal(c.Longs("shape"));
    }

    [Fact]
    public void Permute_Values_MatchPyTorch()
    {
        var c = G["permute_values"];
        using var a = c.Tensor("x").ToTensor();

        using var p = a.Permute(2, 0, 1);
        using var pNeg = a.Permute(-1, 0, 1);

        TensorAssert.Equal(p, c.Tensor("p"));
        TensorAssert.Equal(pNeg, c.Tensor("p_neg"));
    }

    [Fact]
    public void Permute_BadDims_AreRefusedAsInPyTorch()
    {
        var c = G["permute_example"];
        c.Case("wrong_count").PyTorchRaised().Should().Contain("does not match the length of the desired ordering");
        c.Case("repeated").PyTorchRaised().Should().Be("permute(): duplicate dims are not allowed.");
        c.Case("out_of_range").PyTorchRaised().Should().StartWith("Dimension out of range");
        using var x = Tensors.Zeros([3, 5, 7]);

        FluentActions.Invoking(() => x.Permute(1, 0)).Should().Throw<ArgumentException>().WithMessage("Permute: 2 dims given*");
        FluentActions.Invoking(() => x.Permute(0, 0, 1)).Should().Throw<ArgumentException>().WithMessage("Permute: dim 0 appears more than once*");
        FluentActions.Invoking(() => x.Permute(0, 1, 3)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Bmm_TextExample_MultipliesTheBatches()
    {
        var c = G["bmm_example"];
        using var x = Tensors.Zeros([10, 8, 6]);
        using var y = Tensors.Zeros([10, 6, 9]);

        using var z = x.Bmm(y);
        var (b, m, k) = z.Shape;

        z.Shape.Should().Equal(c.Longs("shape"));
        (b, m, k).Should().Be((10L, 8L, 9L));
    }

    [Fact]
    public void Bmm_Values_MatchPyTorch()
    {
        var c = G["bmm_values"];
        using var x = c.Tensor("x").ToTensor();
        using var y = c.Tensor("y").ToTensor();

        using var z = x.Bmm(y);

        TensorAssert.Equal(z, c.Tensor("z"), atol: 1e-6, rtol: 1e-6);
    }

    [Fact]
    public void Bmm_RuleViolations_AreRefusedBeforeLibtorchAsInPyTorch()
    {
        // "Must have same B, and N1 == N2"; and both operands 3-D.
        var c = G["bmm_example"];
        c.Case("batch_mismatch").PyTorchRaised().Should().Contain("[10, 6] but got: [9, 6]");
        c.Case("inner_mismatch").PyTorchRaised().Should().Contain("[10, 6] but got: [10, 7]");
        c.Case("not_3d").PyTorchRaised().Should().Be("batch1 must be a 3D tensor");
        using var x = Tensors.Zeros([10, 8, 6]);
        using var otherBatch = Tensors.Zeros([9, 6, 9]);
        using var otherInner = Tensors.Zeros([10, 7, 9]);
        using var matrix = Tensors.Zeros([8, 6]);
        using var y = Tensors.Zeros([6, 9]);

        FluentActions.Invoking(() => x.Bmm(otherBatch)).Should().Throw<ArgumentException>().WithMessage("Bmm: the batch sizes differ*");
        FluentActions.Invoking(() => x.Bmm(otherInner)).Should().Throw<ArgumentException>().WithMessage("Bmm: the inner sizes differ*");
        FluentActions.Invoking(() => matrix.Bmm(y)).Should().Throw<ArgumentException>().WithMessage("Bmm: input has 2 dimensions*");
    }

    [Fact]
    public void Bmm_DifferentDTypes_IsReportedAsANativeFailureAsInPyTorch()
    {
        G["bmm_example"].Case("dtype_mismatch").PyTorchRaised().Should().StartWith("expected scalar type");
        using var x = Tensors.Zeros([10, 8, 6]);
        using var y = Tensors.Zeros([10, 6, 9], DType.Float64);

        var act = () => x.Bmm(y);

        var e = act.Should().Throw<TorchOperationException>().Which;
        e.Operation.Should().Be("Bmm");
        e.DTypes.Should().Equal(DType.Float32, DType.Float64);
    }
}
