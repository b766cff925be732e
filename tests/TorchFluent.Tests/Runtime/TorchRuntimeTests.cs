using FluentAssertions;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void EnsureLoaded_OnThisMachine_LoadsLibTorch()
    {
        TorchRuntime.EnsureLoaded();

        TorchRuntime.IsLoaded.Should().BeTrue();
        torch.__version__.Should().Be("2.10.0.0");
    }

    [Fact]
    public void EnsureLoaded_ThenReferenceTextGradientExample_GivesTwoX()
    {
        TorchRuntime.EnsureLoaded();

        // x = torch.tensor([[1., 0.], [-1., 1.]], requires_grad=True); z = x.pow(2).sum(); z.backward()
        using var x = tensor(new float[] { 1, 0, -1, 1 }, new long[] { 2, 2 }, requires_grad: true);
        using var z = x.pow(2).sum();
        z.backward();

        z.item<float>().Should().Be(3f);
        x.grad.Should().NotBeNull();
        x.grad!.shape.Should().Equal(2, 2);
        x.grad!.data<float>().ToArray().Should().Equal(2f, 0f, -2f, 2f);
    }

    [Fact]
    public void EnsureLoaded_CalledFromManyThreads_LoadsOnce()
    {
        Parallel.For(0, 16, _ => TorchRuntime.EnsureLoaded());

        TorchRuntime.IsLoaded.Should().BeTrue();
    }
}
