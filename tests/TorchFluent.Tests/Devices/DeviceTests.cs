using FluentAssertions;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

public sealed class DeviceTests
{
    public DeviceTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Factories_NameDevicesWithoutNeedingThem()
    {
        Device.Cpu.type.Should().Be(DeviceType.CPU);
        Device.Cpu.Index.Should().BeNull();
        Device.Cuda().ToString().Should().Be("cuda");
        Device.Cuda().Index.Should().BeNull();
        Device.Cuda(1).ToString().Should().Be("cuda:1");
        Device.Cuda(1).Index.Should().Be(1);
        Device.Best.type.Should().Be(DeviceType.CPU, "there is no GPU on the development and CI machines");
    }

    [Fact]
    public void Cuda_NegativeIndex_IsRefused()
    {
        var act = () => Device.Cuda(-1);

        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("index");
        e.Message.Should().Be(
            "Device.Cuda: index -1 is negative.\n" +
            "Expected: a CUDA device index of 0 or more (cuda:0 is the first GPU), or no index for the current GPU.\n" +
            "Received: -1.\n" +
            "Fix: pass 0 for the first GPU, or call Device.Cuda() without an index. (Parameter 'index')");
    }

    [Theory]
    [InlineData("cpu", DeviceType.CPU, -1)]
    [InlineData("cpu:0", DeviceType.CPU, 0)]
    [InlineData("cuda", DeviceType.CUDA, -1)]
    [InlineData("cuda:12", DeviceType.CUDA, 12)]
    [InlineData("mps", DeviceType.MPS, -1)]
    [InlineData("meta", DeviceType.META, -1)]
    [InlineData("xla:1", DeviceType.XLA, 1)]
    public void Parse_ValidStrings_GiveTheDevice(string text, DeviceType type, int index)
    {
        var device = Device.Parse(text);

        device.type.Should().Be(type);
        device.index.Should().Be(index);
        Device.TryParse(text, out var parsed).Should().BeTrue();
        parsed!.type.Should().Be(type);
    }

    [Theory]
    [InlineData("CUDA", "device types are lowercase ('cuda')")]
    [InlineData("gpu", "'gpu' is not a device type")]
    [InlineData("", "the device type is missing")]
    [InlineData(":1", "the device type is missing")]
    [InlineData("cuda:-1", "a device index must not be negative")]
    [InlineData("cuda:x", "'x' after ':' is not a device index")]
    [InlineData("cuda:", "'' after ':' is not a device index")]
    [InlineData("cuda:1:2", "'1:2' after ':' is not a device index")]
    [InlineData("cuda: 1", "' 1' after ':' is not a device index")]
    public void Parse_InvalidStrings_SayWhatIsWrong(string text, string reason)
    {
        var act = () => Device.Parse(text);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("text");
        e.Message.Should().Be(
            $"'{text}' is not a device: {reason}.\n" +
            "Expected: a device type, optionally followed by ':' and an index of 0 or more, spelled as in PyTorch: 'cpu', 'cuda', 'cuda:0', 'cuda:1', 'mps'.\n" +
            $"Received: '{text}'.\n" +
            "Fix: use one of the lowercase device types (cpu, cuda, mps, meta, mkldnn, opengl, opencl, ideep, hip, fpga, msnpu, xla), or Device.Cpu, Device.Cuda(index), Device.Best. (Parameter 'text')");
        Device.TryParse(text, out var device).Should().BeFalse();
        device.Should().BeNull();
    }

    [Fact]
    public void TryParse_Null_IsFalse()
    {
        Device.TryParse(null, out var device).Should().BeFalse();
        device.Should().BeNull();
    }

    [Fact]
    public void To_StringThatIsNotADevice_NamesTheParameter()
    {
        using var x = zeros(1);

        var act = () => x.To("gpu");

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("device");
    }

    [Fact]
    public void To_AbsentCuda_SaysHowToCheckAndWhatToInstall()
    {
        using var x = zeros(1);

        var act = () => x.To(Device.Cuda(0));

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Be(
            "Cannot use device 'cuda:0': CUDA is not available in this process.\n" +
            "Expected: an NVIDIA GPU with its driver, and TorchSharp's CUDA backend package referenced by the app.\n" +
            "Received: Cuda.IsAvailable is false (PyTorch: torch.cuda.is_available() returns False); the app runs the CPU backend or has no usable GPU.\n" +
            "Fix: check Cuda.IsAvailable first, or use Device.Best, which falls back to the CPU; to run on a GPU, install the NVIDIA driver and reference " +
            "TorchSharp-cuda-linux (or TorchSharp-cuda-windows) 0.107.0 instead of TorchSharp-cpu (in this repository: build with -p:TorchBackend=cuda).");
    }

    [Fact]
    public void To_AbsentMps_SaysWhereItExists()
    {
        using var x = zeros(1);
        using var model = nn.Linear(1, 1);

        var act = () => x.To("mps");

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Be(
            "Cannot use device 'mps': Apple's Metal (MPS) backend is only available on Apple Silicon Macs.\n" +
            "Expected: macOS on an Apple Silicon machine.\n" +
            "Received: another platform.\n" +
            "Fix: use Device.Best, which picks CUDA, then MPS, then the CPU, whichever is available.");
        FluentActions.Invoking(() => model.To(Device.Parse("mps"))).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void CudaIndexOutOfRange_Message_NamesTheCount()
    {
        // Only reachable on a machine with CUDA; the text is checked here.
        Messages.CudaIndexOutOfRange("cuda:3", 2).Should().Be(
            "Cannot use device 'cuda:3': this machine has 2 CUDA devices.\n" +
            "Expected: an index from 0 to 1.\n" +
            "Received: 'cuda:3'.\n" +
            "Fix: check Cuda.DeviceCount (PyTorch: torch.cuda.device_count()) and pick an index below it.");
    }

    [Fact]
    public void To_WithDTypeOnTheSameDevice_CastsOnly()
    {
        using var x = zeros(2);

        using var d = x.To(Device.Cpu, DType.Float64);

        d.dtype.Should().Be(ScalarType.Float64);
        d.device_type.Should().Be(DeviceType.CPU);
        x.To(Device.Parse("cpu:0")).Should().BeSameAs(x);
    }

    [Fact]
    public void To_Meta_MovesTheTensor()
    {
        using var x = zeros(2, 3);

        using var meta = x.To("meta");

        meta.Should().NotBeSameAs(x);
        meta.device_type.Should().Be(DeviceType.META);
        meta.Shape.Should().Equal(2L, 3L);
    }
}
