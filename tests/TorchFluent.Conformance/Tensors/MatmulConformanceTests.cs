using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>torch.matmul (<c>x @ y</c>) as <c>x.Matmul(y)</c>: goldens from generators/gen_matmul.py.</summary>
public sealed class MatmulConformanceTests
{
    static readonly Golden G = Golden.Load("matmul");

    public MatmulConformanceTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData("dot_1d_1d")]
    [InlineData("mv_2d_1d")]
    [InlineData("vm_1d_2d")]
    [InlineData("mm_2d_2d")]
    [InlineData("bmm_3d_3d")]
    [InlineData("broadcast_4d_3d")]
    [InlineData("folded_3d_2d")]
    [InlineData("batched_3d_1d")]
    [InlineData("vector_1d_3d")]
    [InlineData("matrix_2d_3d")]
    [InlineData("int64_2d_2d")]
    public void Matmul_Values_MatchPyTorch(string name)
    {
        var c = G[name];
        using var x = c.Tensor("x").ToTensor();
        using var y = c.Tensor("y").ToTensor();

        using var z = x.Matmul(y);

        // Float32 sums of 4 products: BLAS builds may order them differently (libtorch 2.10 vs PyTorch 1.13's OpenBLAS).
        TensorAssert.Equal(z, c.Tensor("z"), atol: 1e-6, rtol: 1e-6);
        TensorAssert.Equal(z, c.Tensor("at"), atol: 1e-6, rtol: 1e-6);
    }

    [Fact]
    public void Matmul_BroadcastBatches_GradientsMatchPyTorch()
    {
        // x (2, 1, 3, 4) @ y (5, 4, 2) is (2, 5, 3, 2): x's gradient sums over y's batch of 5, y's over x's batch of 2.
        var c = G["broadcast_gradients"];
        using var x = c.Tensor("x").ToTensor(requiresGrad: true);
        using var y = c.Tensor("y").ToTensor(requiresGrad: true);
        using var w = c.Tensor("w").ToTensor();

        using var z = x.Matmul(y);
        using var weighted = z * w;
        using var loss = weighted.sum();
        loss.backward();

        TensorAssert.Equal(z, c.Tensor("z"), atol: 1e-6, rtol: 1e-6);
        TensorAssert.Equal(x.grad!, c.Tensor("x_grad"), atol: 1e-5, rtol: 1e-5);
        TensorAssert.Equal(y.grad!, c.Tensor("y_grad"), atol: 1e-5, rtol: 1e-5);
    }

    [Theory]
    [InlineData("scalar_input", new long[0], new long[] { 3 }, "Matmul: input is a scalar (0-d) tensor*")]
    [InlineData("scalar_other", new long[] { 3 }, new long[0], "Matmul: other is a scalar (0-d) tensor*")]
    [InlineData("inner_1d_1d", new long[] { 3 }, new long[] { 4 }, "Matmul: the inner sizes differ*")]
    [InlineData("inner_2d_1d", new long[] { 2, 3 }, new long[] { 4 }, "Matmul: the inner sizes differ*")]
    [InlineData("inner_1d_2d", new long[] { 3 }, new long[] { 4, 2 }, "Matmul: the inner sizes differ*")]
    [InlineData("inner_2d_2d", new long[] { 2, 3 }, new long[] { 4, 2 }, "Matmul: the inner sizes differ*")]
    [InlineData("inner_4d_3d", new long[] { 2, 1, 3, 4 }, new long[] { 5, 3, 2 }, "Matmul: the inner sizes differ*")]
    [InlineData("batch_mismatch", new long[] { 2, 2, 3 }, new long[] { 3, 3, 4 }, "Matmul: the batch dimensions do not broadcast*")]
    public void Matmul_ShapeMistakes_AreRefusedAsInPyTorch(string name, long[] left, long[] right, string message)
    {
        G["refusals"].Case(name).PyTorchRaised().Should().NotBeEmpty();
        using var x = Tensors.Zeros(left);
        using var y = Tensors.Zeros(right);

        FluentActions.Invoking(() => x.Matmul(y)).Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Matmul_DifferentDTypes_AreRefusedAsInPyTorch()
    {
        // PyTorch 1.13 words it "expected scalar type Float but found Double"; libtorch 2.10 "expected m1 and m2 to
        // have the same dtype". Neither promotes.
        G["refusals"].Case("dtype_mismatch").PyTorchRaised().Should().Be("expected scalar type Float but found Double");
        using var x = Tensors.Zeros([2, 3]);
        using var y = Tensors.Zeros([3, 2], DType.Float64);

        FluentActions.Invoking(() => x.Matmul(y)).Should().Throw<ArgumentException>().WithMessage("Matmul: the dtypes differ*");
    }

    [Fact]
    public void Matmul_Bool_IsRefusedAsInPyTorch()
    {
        G["refusals"].Case("bool").PyTorchRaised().Should().Contain("not implemented for 'Bool'");
        using var x = Tensors.Ones([2, 3], DType.Bool);
        using var y = Tensors.Ones([3, 2], DType.Bool);

        FluentActions.Invoking(() => x.Matmul(y)).Should().Throw<ArgumentException>().WithMessage("Matmul: bool tensors cannot be multiplied*");
    }

    [Fact]
    public void Matmul_SparseBatched_IsRefusedAsInPyTorch()
    {
        G["refusals"].Case("sparse_batched").PyTorchRaised().Should().Be("reshape is not implemented for sparse tensors");
        using var dense = Tensors.Ones([3, 2, 3]);
        using var x = dense.to_sparse();
        using var y = Tensors.Ones([3, 4]);

        FluentActions.Invoking(() => x.Matmul(y)).Should().Throw<ArgumentException>().WithMessage("Matmul: input is a sparse tensor*");
    }
}
