using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>Reference text, "Device": CPU by default, .to("cpu") / .to("cuda"), torch.cuda.is_available(), "cuda:N".</summary>
public sealed class DeviceConformanceTests
{
    static readonly Golden G = Golden.Load("devices");

    public DeviceConformanceTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData("cpu")]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    [InlineData("cuda:1")]
    [InlineData("mps")]
    [InlineData("meta")]
    public void Parse_DeviceString_NamesTheDeviceAsPyTorch(string text)
    {
        // Naming "cuda:1" needs no GPU, in PyTorch and here.
        var c = G["parse"].Case(text.Replace(':', '_'));

        var device = Device.Parse(text);

        device.ToString().Should().Be(c.String("str"));
        device.type.ToString().ToLowerInvariant().Should().Be(c.String("type"));
        (device.Index ?? -1).Should().Be((int)c.Long("index"));
    }

    [Theory]
    [InlineData("upper", "CUDA")]
    [InlineData("negative", "cuda:-1")]
    [InlineData("letters", "cuda:x")]
    [InlineData("unknown", "gpu")]
    [InlineData("empty", "")]
    [InlineData("trailing_colon", "cuda:")]
    public void Parse_InvalidString_IsRefusedAsInPyTorch(string name, string text)
    {
        G["parse_errors"].Case(name).PyTorchRaised();

        var act = () => Device.Parse(text);

        act.Should().Throw<ArgumentException>().WithMessage($"'{text}' is not a device*");
        Device.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void CudaAvailability_MatchesPyTorchOnThisMachine()
    {
        // Both recorded and run on machines without a GPU.
        var c = G["cuda"];

        Cuda.IsAvailable.Should().Be(c.Bool("is_available"));
        Cuda.DeviceCount.Should().Be((int)c.Long("device_count"));
        Device.Best.ToString().Should().Be(c.Bool("is_available") ? "cuda" : "cpu");
    }

    [Fact]
    public void Tensors_AreOnTheCpuByDefault()
    {
        using var x = ones(2, 2);

        x.device.ToString().Should().Be(G["default_device"].String("device"));
    }

    [Fact]
    public void To_Cpu_ReturnsTheSameTensorAsPyTorch()
    {
        var c = G["to_cpu"];
        c.Bool("same_object").Should().BeTrue();
        using var x = ones(2, 2);

        x.To("cpu").Should().BeSameAs(x);
        x.To(Device.Cpu).Should().BeSameAs(x);
        x.To(Device.Cpu, DType.Float32).Should().BeSameAs(x);
        using var d = x.To(Device.Cpu, DType.Float64);
        TorchNames.Of(d.dtype).Should().Be(c.String("dtype_and_device"));
    }

    [Fact]
    public void To_CudaWithoutAGpu_IsRefusedAsInPyTorch()
    {
        G["to_cuda"].Case("error").PyTorchRaised().Should().Be("Torch not compiled with CUDA enabled");
        G["to_cuda"].Case("error_index").PyTorchRaised();
        using var x = ones(2, 2);

        FluentActions.Invoking(() => x.To("cuda")).Should().Throw<InvalidOperationException>().WithMessage("Cannot use device 'cuda': CUDA is not available*");
        FluentActions.Invoking(() => x.To(Device.Cuda(1))).Should().Throw<InvalidOperationException>().WithMessage("Cannot use device 'cuda:1'*");
    }

    [Fact]
    public void ModuleTo_CpuReturnsTheModuleAndCudaIsRefused()
    {
        var c = G["module_to"];
        c.Bool("cpu_returns_self").Should().BeTrue();
        c.Case("cuda").PyTorchRaised();
        using var model = nn.Linear(2, 2);

        model.To("cpu").Should().BeSameAs(model);
        FluentActions.Invoking(() => model.To("cuda")).Should().Throw<InvalidOperationException>().WithMessage("Cannot use device 'cuda'*");
    }
}
