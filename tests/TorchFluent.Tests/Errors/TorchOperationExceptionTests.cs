using System.Runtime.InteropServices;
using FluentAssertions;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

public sealed class TorchOperationExceptionTests
{
    public TorchOperationExceptionTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void NativeFailure_CarriesOpShapesDTypesDevicesAndTheNativeException()
    {
        using var x = zeros(2, 2, 2);
        using var y = zeros(2, 2, 2, dtype: ScalarType.Float64);

        var act = () => x.Bmm(y);

        var e = act.Should().Throw<TorchOperationException>().Which;
        e.Operation.Should().Be("Bmm");
        e.NativeReason.Should().Be("expected scalar type Float but found Double");
        e.Shapes.Should().Equal(new Shape(2, 2, 2), new Shape(2, 2, 2));
        e.DTypes.Should().Equal(ScalarType.Float32, ScalarType.Float64);
        e.Devices.Should().Equal("cpu", "cpu");
        e.InnerException.Should().BeOfType<ExternalException>().Which.Message.Should().Contain("Exception raised from");
        e.Message.Should().Be(
            "Bmm failed in libtorch: expected scalar type Float but found Double\n" +
            "Inputs: input torch.Size([2, 2, 2]) float32 on cpu, other torch.Size([2, 2, 2]) float64 on cpu.\n" +
            "Fix: check the inputs against the rule in libtorch's reason above; InnerException holds libtorch's full message.");
    }

    [Fact]
    public void Create_ForAListOfTensors_NamesEachAndSkipsDisposedOnes()
    {
        var disposed = zeros(1);
        disposed.Dispose();
        using var x = zeros(3);

        var e = TorchOperationException.Create("Cat", new ExternalException("bad things\nException raised from somewhere\nframe #0"), [x, disposed]);

        e.Message.Should().Be(
            "Cat failed in libtorch: bad things\n" +
            "Inputs: tensors[0] torch.Size([3]) float32 on cpu, tensors[1] disposed.\n" +
            "Fix: check the inputs against the rule in libtorch's reason above; InnerException holds libtorch's full message.");
        e.Shapes.Should().Equal(new Shape(3));
    }

    [Theory]
    [InlineData("one line", "one line")]
    [InlineData("first\nsecond\nException raised from x at y\nframe #0: z", "first")]
    [InlineData("  padded \r\n", "padded")]
    public void NativeReasonOf_KeepsLibtorchsTextWithoutItsStack(string message, string reason) =>
        TorchOperationException.NativeReasonOf(message).Should().Be(reason);

    [Fact]
    public void Constructor_KeepsWhatItIsGiven()
    {
        var inner = new InvalidOperationException("inner");

        var e = new TorchOperationException("message", "Op", "reason", [new Shape(1)], [ScalarType.Int8], ["cpu"], inner);

        (e.Message, e.Operation, e.NativeReason).Should().Be(("message", "Op", "reason"));
        e.Shapes.Should().Equal(new Shape(1));
        e.DTypes.Should().Equal(ScalarType.Int8);
        e.Devices.Should().Equal("cpu");
        e.InnerException.Should().BeSameAs(inner);
    }
}
