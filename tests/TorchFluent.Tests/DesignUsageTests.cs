// This file compiles DESIGN.md's sample usage with exactly its usings (plus TorchSharp's namespace, which many users
// add): the static extension members on torch.Device (Device.Cpu, Device.Best) and TorchFluent's types (DType,
// Shape, Tensors, Autograd) must not clash with anything `using static TorchSharp.torch;` imports.
using FluentAssertions;
using TorchFluent;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

public sealed class DesignUsageTests
{
    [Fact]
    public void DesignSample_CompilesAndRunsWithItsUsings()
    {
        var x = Tensors.From(new float[,] { { 1, -1 }, { -1, 1 } });
        var z = zeros(2, 3).Transpose(0, 1);
        var x3 = zeros(10, 8, 6);
        var y3 = zeros(10, 6, 9);
        var (b, m, k) = x3.Bmm(y3).Shape;
        var l = x.Long();
        var h = x.Half();
        var t = x.To(DType.BFloat16);
        Device device = Device.Best;
        using (Autograd.NoGrad())
        {
            var y = x.To(device).Add(x);
            y.RequiresGrad.Should().BeFalse();
        }

        (z.Shape == [3, 2]).Should().BeTrue();
        (b, m, k).Should().Be((10L, 8L, 9L));
        (l.dtype, h.dtype, t.dtype).Should().Be((ScalarType.Int64, ScalarType.Float16, ScalarType.BFloat16));
        device.Should().NotBeNull();
        Device.Cpu.ToString().Should().Be("cpu");
    }
}
