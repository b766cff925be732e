using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>Reference text, "Tensor Operations" 5-6: cat and stack (SEED_ERRATA A.3: stack gives [2, 2, 3]).</summary>
public sealed class JoinConformanceTests
{
    static readonly Golden G = Golden.Load("tensors");

    public JoinConformanceTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Cat_TextExample_JoinsAlongDimOne()
    {
        var c = G["cat_example"];
        using var x = Tensors.Zeros([2, 1, 3]);
        using var y = Tensors.Zeros([2, 3, 3]);
        using var z = Tensors.Zeros([2, 2, 3]);

        using var w = Tensors.Cat([x, y, z], dim: 1);

        w.Shape.Should().Equal(c.Longs("shape"));
    }

    [Fact]
    public void Cat_Values_MatchPyTorch()
    {
        var c = G["cat_values"];
        using var p = c.Tensor("p").ToTensor();
        using var q = c.Tensor("q").ToTensor();
        using var legacyEmpty = zeros(0);
        using var ints = tensor(new long[] { 1, 2 }).reshape(1, 2);

        using var cat1 = Tensors.Cat([p, q], dim: 1);
        using var catNeg = Tensors.Cat([p, q], dim: -1);
        using var cat0 = Tensors.Cat(new List<Tensor> { p, p });
        using var skipsLegacyEmpty = Tensors.Cat([legacyEmpty, p]);
        using var promoted = Tensors.Cat([p, ints]);

        TensorAssert.Equal(cat1, c.Tensor("cat1"));
        TensorAssert.Equal(catNeg, c.Tensor("cat_neg"));
        TensorAssert.Equal(cat0, c.Tensor("cat0"));
        TensorAssert.Equal(skipsLegacyEmpty, c.Tensor("legacy_empty"));
        TensorAssert.Equal(promoted, c.Tensor("mixed_dtypes"));
    }

    [Fact]
    public void Cat_OneTensor_CopiesAsPyTorch()
    {
        var c = G["cat_single_copies"];
        c.Bool("shares_memory").Should().BeFalse();
        using var x = c.Tensor("x").ToTensor();

        using var cat = Tensors.Cat([x]);
        x.add_(100);

        TensorAssert.Equal(cat, c.Tensor("cat"));
    }

    [Fact]
    public void Cat_RuleViolations_AreRefusedBeforeLibtorchAsInPyTorch()
    {
        var c = G["cat_example"];
        c.Case("mismatch").PyTorchRaised().Should().StartWith("Sizes of tensors must match except in dimension 0");
        c.Case("rank_mismatch").PyTorchRaised().Should().Be("Tensors must have same number of dimensions: got 3 and 2");
        c.Case("dim_out_of_range").PyTorchRaised().Should().StartWith("Dimension out of range");
        c.Case("scalar").PyTorchRaised().Should().Be("zero-dimensional tensor (at position 0) cannot be concatenated");
        c.Case("empty_list").PyTorchRaised().Should().Be("torch.cat(): expected a non-empty list of Tensors");
        using var x = Tensors.Zeros([2, 1, 3]);
        using var y = Tensors.Zeros([2, 3, 3]);
        using var z = Tensors.Zeros([2, 2, 3]);
        using var matrix = Tensors.Zeros([2, 3]);
        using var one = tensor(1f);
        using var two = tensor(2f);

        FluentActions.Invoking(() => Tensors.Cat([x, y, z], dim: 0)).Should().Throw<ArgumentException>().WithMessage("Cat: tensors[1] has size 3 in dimension 1*");
        FluentActions.Invoking(() => Tensors.Cat([x, matrix], dim: 1)).Should().Throw<ArgumentException>().WithMessage("Cat: tensors[1] has 2 dimensions*");
        FluentActions.Invoking(() => Tensors.Cat([x, y], dim: 3)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Tensors.Cat([one, two])).Should().Throw<ArgumentException>().WithMessage("Cat: tensors[0] is a scalar*");
        FluentActions.Invoking(() => Tensors.Cat([])).Should().Throw<ArgumentException>().WithMessage("Cat: there are no tensors to join*");
    }

    [Fact]
    public void Stack_TextExample_IsTwoByTwoByThreeNotOneByTwoByThree()
    {
        // The text prints torch.Size([1, 2, 3]); real PyTorch gives [2, 2, 3] (SEED_ERRATA A.3).
        var c = G["stack_example"];
        using var x = Tensors.Zeros([2, 3]);
        using var y = Tensors.Zeros([2, 3]);

        using var dim0 = Tensors.Stack([x, y], dim: 0);
        using var dim1 = Tensors.Stack([x, y], dim: 1);
        using var dim2 = Tensors.Stack([x, y], dim: 2);
        using var dimNeg = Tensors.Stack([x, y], dim: -1);

        dim0.Shape.Should().Equal(c.Longs("dim0"));
        dim1.Shape.Should().Equal(c.Longs("dim1"));
        dim2.Shape.Should().Equal(c.Longs("dim2"));
        dimNeg.Shape.Should().Equal(c.Longs("dim_neg"));
        (dim0.Shape == [2, 2, 3]).Should().BeTrue();
    }

    [Fact]
    public void Stack_Values_MatchPyTorch()
    {
        var c = G["stack_values"];
        using var p = c.Tensor("p").ToTensor();
        using var q = c.Tensor("q").ToTensor();

        using var dim0 = Tensors.Stack([p, q]);
        using var dim2 = Tensors.Stack(new[] { p, q }, 2);

        TensorAssert.Equal(dim0, c.Tensor("dim0"));
        TensorAssert.Equal(dim2, c.Tensor("dim2"));
    }

    [Fact]
    public void Stack_RuleViolations_AreRefusedBeforeLibtorchAsInPyTorch()
    {
        var c = G["stack_example"];
        c.Case("out_of_range").PyTorchRaised().Should().Contain("[-3, 2], but got 3");
        c.Case("mismatch").PyTorchRaised().Should().StartWith("stack expects each tensor to be equal size");
        using var x = Tensors.Zeros([2, 3]);
        using var y = Tensors.Zeros([2, 3]);
        using var other = Tensors.Zeros([3, 2]);

        FluentActions.Invoking(() => Tensors.Stack([x, y], dim: 3)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*from -3 to 2*");
        FluentActions.Invoking(() => Tensors.Stack([x, other])).Should().Throw<ArgumentException>().WithMessage("Stack: tensors[1] has shape torch.Size([3, 2])*");
    }
}
