using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>Reference text, "Gradient Calculation": x.pow(2).sum().backward() gives x.grad = 2x.</summary>
public sealed class GradientExampleConformanceTests
{
    static readonly GoldenCase Case = Golden.Load("autograd_basics")["gradient_example"];

    [Fact]
    public void GradientExample_PowSumBackward_MatchesPyTorch()
    {
        TorchRuntime.EnsureLoaded();
        var expectedX = Case.Tensor("x");
        using var x = tensor(expectedX.Values.Select(v => (float)v).ToArray(), expectedX.Shape, requires_grad: true);

        using var z = x.pow(2).sum();
        z.backward();

        TensorAssert.Equal(z, Case.Tensor("z"));
        x.grad.Should().NotBeNull();
        TensorAssert.Equal(x.grad!, Case.Tensor("grad"));
    }
}
