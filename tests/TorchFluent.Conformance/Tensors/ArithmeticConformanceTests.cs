using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;

namespace TorchFluent.Conformance;

/// <summary>Reference text, "Tensor Operations" 1: addition, subtraction, summation, mean, power.</summary>
public sealed class ArithmeticConformanceTests
{
    static readonly Golden G = Golden.Load("tensors");

    public ArithmeticConformanceTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void AddSubSumMeanPow_OnFloats_MatchPyTorch()
    {
        var c = G["arithmetic"];
        using var x = c.Tensor("x").ToTensor();
        using var y = c.Tensor("y").ToTensor();

        using var add = x.Add(y);
        using var sub = x.Sub(y);
        using var sum = x.Sum();
        using var mean = x.Mean();
        using var pow = x.Pow(2);

        TensorAssert.Equal(add, c.Tensor("add"));
        TensorAssert.Equal(sub, c.Tensor("sub"));
        TensorAssert.Equal(sum, c.Tensor("sum"));
        TensorAssert.Equal(mean, c.Tensor("mean"));
        TensorAssert.Equal(pow, c.Tensor("pow"));
    }

    [Fact]
    public void Arithmetic_OnIntegers_KeepsOrPromotesDTypesAsPyTorch()
    {
        var c = G["arithmetic_int"];
        using var x = c.Tensor("x").ToTensor();

        using var add = x.Add(x);
        using var sub = x.Sub(1);
        using var sum = x.Sum();
        using var pow = x.Pow(2);
        using var powHalf = x.Pow(0.5);
        using var addFloat = x.Add(2.5);

        TensorAssert.Equal(add, c.Tensor("add"));
        TensorAssert.Equal(sub, c.Tensor("sub"));
        TensorAssert.Equal(sum, c.Tensor("sum"));
        TensorAssert.Equal(pow, c.Tensor("pow"));
        TensorAssert.Equal(powHalf, c.Tensor("pow_half"), atol: 0, rtol: 1e-7);
        TensorAssert.Equal(addFloat, c.Tensor("add_float"));
    }

    [Fact]
    public void Mean_OnIntegers_IsRefusedAsInPyTorch()
    {
        var c = G["arithmetic_int"];
        c.Case("mean").PyTorchRaised().Should().Contain("Got: Long");
        c.Case("mean_dim").PyTorchRaised().Should().Contain("Got: Long");
        using var x = c.Tensor("x").ToTensor();

        FluentActions.Invoking(() => x.Mean()).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => x.Mean(0)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Pow_IntegerToNegativePower_IsRefusedAsInPyTorch()
    {
        var c = G["arithmetic_int"];
        c.Case("negative_pow").PyTorchRaised().Should().Be("Integers to negative integer powers are not allowed.");
        using var x = c.Tensor("x").ToTensor();

        var act = () => x.Pow(-1);

        act.Should().Throw<TorchOperationException>().Which.NativeReason.Should().Be("Integers to negative integer powers are not allowed.");
    }

    [Fact]
    public void Sum_OfBool_CountsAsInt64()
    {
        var c = G["sum_bool"];
        using var x = c.Tensor("x").ToTensor();

        using var sum = x.Sum();

        TensorAssert.Equal(sum, c.Tensor("sum"));
    }

    [Fact]
    public void SumAndMean_OverDims_MatchPyTorch()
    {
        var c = G["sum_dims"];
        using var a = c.Tensor("x").ToTensor();

        using var sum0 = a.Sum(0);
        using var sum1Keep = a.Sum(1, keepDim: true);
        using var sum01 = a.Sum([0, 1]);
        using var sumNeg = a.Sum(-1);
        using var mean0 = a.Mean(0);
        using var meanKeep = a.Mean(1, keepDim: true);
        using var mean01 = a.Mean([0, 1]);

        TensorAssert.Equal(sum0, c.Tensor("sum0"));
        TensorAssert.Equal(sum1Keep, c.Tensor("sum1_keep"));
        TensorAssert.Equal(sum01, c.Tensor("sum01"));
        TensorAssert.Equal(sumNeg, c.Tensor("sum_neg"));
        TensorAssert.Equal(mean0, c.Tensor("mean0"));
        TensorAssert.Equal(meanKeep, c.Tensor("mean_keep"));
        TensorAssert.Equal(mean01, c.Tensor("mean01"));
    }

    [Fact]
    public void Sum_WithBadDims_IsRefusedAsInPyTorch()
    {
        var c = G["sum_dims"];
        c.Case("sum_dim_out_of_range").PyTorchRaised().Should().StartWith("Dimension out of range");
        c.Case("sum_repeated").PyTorchRaised().Should().Be("dim 0 appears multiple times in the list of dims");
        using var a = c.Tensor("x").ToTensor();

        FluentActions.Invoking(() => a.Sum(2)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => a.Sum([0, 0])).Should().Throw<ArgumentException>().WithMessage("Sum: dim 0 appears more than once*");
    }

    [Fact]
    public void AddSubPow_Broadcast_AsInPyTorch()
    {
        var c = G["broadcast"];
        using var a = c.Tensor("x").ToTensor();
        using var b = c.Tensor("y").ToTensor();
        using var exponents = TorchSharp.torch.tensor(new float[] { 1, 2, 0.5f });

        using var add = a.Add(b);
        using var sub = a.Sub(b);
        using var pow = a.Pow(exponents);

        TensorAssert.Equal(add, c.Tensor("add"));
        TensorAssert.Equal(sub, c.Tensor("sub"));
        TensorAssert.Equal(pow, c.Tensor("pow"), atol: 0, rtol: 1e-7);
    }

    [Fact]
    public void Add_ShapesThatDoNotBroadcast_IsRefusedAsInPyTorch()
    {
        var c = G["broadcast"];
        c.Case("mismatch").PyTorchRaised().Should().Contain("must match the size of tensor b (4)");
        c.Case("mismatch_sub").PyTorchRaised().Should().Contain("must match the size of tensor b (2)");
        using var a = c.Tensor("x").ToTensor();
        using var four = TorchSharp.torch.zeros(4);
        using var two = TorchSharp.torch.zeros(2);

        FluentActions.Invoking(() => a.Add(four)).Should().Throw<ArgumentException>().WithMessage("Add: shapes torch.Size([2, 3]) and torch.Size([4]) cannot be broadcast together*");
        FluentActions.Invoking(() => a.Sub(two)).Should().Throw<ArgumentException>().WithMessage("Sub: shapes torch.Size([2, 3]) and torch.Size([2]) cannot be broadcast together*");
    }
}
