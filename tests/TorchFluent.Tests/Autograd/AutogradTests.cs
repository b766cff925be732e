using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

[Collection(GlobalTorchStateCollection.Name)] // grad-mode scopes change the thread's autograd state
public sealed class AutogradTests
{
    public AutogradTests() => TorchRuntime.EnsureLoaded();

    static Tensor Leaf() => Tensors.From(new float[,] { { 1, 0 }, { -1, 1 } }, requiresGrad: true);

    [Fact]
    public void RequiresGrad_SetOnAnIntegerTensor_IsRefused()
    {
        using var x = Tensors.From(new[] { 1, 2, 3 });

        var act = () => x.RequiresGrad = true;

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("value");
        e.Message.Should().Be(
            "Only floating-point and complex tensors can require gradients; this one is int64.\n" +
            "Expected: a float32, float64, float16, bfloat16, complex64 or complex128 tensor (PyTorch: \"Only Tensors of floating point and complex dtype can require gradients\").\n" +
            "Received: dtype int64.\n" +
            "Fix: create the data as floating point (new float[] { 1, 2, 3 }, or dtype: DType.Float32), or cast first: x.Float(). (Parameter 'value')");
        x.RequiresGrad.Should().BeFalse();
    }

    [Fact]
    public void RequiresGrad_TurnedOffOnANonLeaf_IsRefused()
    {
        using var x = Leaf();
        using var y = x.Pow(2);

        var act = () => y.RequiresGrad = false;

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Be(
            "RequiresGrad: cannot turn gradient tracking off on the non-leaf tensor torch.Size([2, 2]).\n" +
            "Expected: a leaf tensor (one created by you, not computed from tensors that require gradients).\n" +
            "Received: a tensor computed by autograd-tracked operations (PyTorch: \"you can only change requires_grad flags of leaf variables\").\n" +
            "Fix: use y.detach() for a copy outside the graph, or compute y inside Autograd.NoGrad().");
    }

    [Fact]
    public void RequiresGrad_OnALeaf_CanBeTurnedOnAndOff()
    {
        using var x = Tensors.From(new[] { 1f, 2f });

        x.RequiresGrad = true;
        x.RequiresGrad.Should().BeTrue();
        x.RequiresGrad = false;
        x.RequiresGrad.Should().BeFalse();
    }

    [Fact]
    public void Backward_WithoutAGraph_ExplainsWhereGradientsComeFrom()
    {
        using var x = Tensors.From(new[] { 1f, 2f });
        using var z = x.Sum();

        var act = () => z.Backward();

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Be(
            "Backward: the output torch.Size([]) does not require gradients, so there is no graph to run backward through.\n" +
            "Expected: an output computed from at least one tensor with RequiresGrad = true, outside Autograd.NoGrad() and Autograd.InferenceMode().\n" +
            "Received: an output with RequiresGrad = false (PyTorch: \"element 0 of tensors does not require grad and does not have a grad_fn\").\n" +
            "Fix: create the inputs with requiresGrad: true (or set x.RequiresGrad = true) before computing the output, outside any NoGrad scope.");
    }

    [Fact]
    public void Backward_OfANonScalarWithoutGradient_ExplainsTheTwoWaysOut()
    {
        using var x = Leaf();
        using var y = x.Pow(2);

        var act = () => y.Backward();

        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("gradient");
        e.Message.Should().Be(
            "Backward: the output has shape torch.Size([2, 2]), so there is no single value to differentiate.\n" +
            "Expected: a scalar output (one element), such as a loss, or a gradient of the output's shape to start from.\n" +
            "Received: an output of shape torch.Size([2, 2]) and no gradient (PyTorch: \"grad can be implicitly created only for scalar outputs\").\n" +
            "Fix: reduce the output first (y.Sum().Backward()), or pass the starting gradient: y.Backward(ones_like(y)). (Parameter 'gradient')");
    }

    [Fact]
    public void Backward_Twice_ExplainsRetainGraphAndRecomputing()
    {
        using var x = Leaf();
        using var z = x.Pow(2).Sum();
        z.Backward();

        var act = () => z.Backward();

        var e = act.Should().Throw<InvalidOperationException>().Which;
        e.InnerException.Should().BeOfType<System.Runtime.InteropServices.ExternalException>();
        e.Message.Should().Be(
            "Backward: this graph was already run backward once, and that freed the values it needs.\n" +
            "Expected: a graph whose saved values are still there: each Backward() frees them unless told otherwise.\n" +
            "Received: a second Backward() through the same graph (PyTorch: \"Trying to backward through the graph a second time\"). " +
            "The reference text's \"z.backward(); z.backward()\" fails the same way in PyTorch.\n" +
            "Fix: pass retainGraph: true to every Backward() but the last (z.Backward(retainGraph: true); z.Backward();), " +
            "or recompute the output before each Backward(). Gradients add up across calls either way: clear them with x.ZeroGrad().");
    }

    [Fact]
    public void Backward_WithAGradientOfTheWrongShape_IsANativeFailureNamingBoth()
    {
        using var x = Leaf();
        using var y = x.Pow(2);
        using var seed = ones(3);

        var act = () => y.Backward(seed);

        var e = act.Should().Throw<TorchOperationException>().Which;
        e.Operation.Should().Be("Backward");
        e.Shapes.Should().Equal(new Shape(2, 2), new Shape(3));
        e.Message.Should().Contain("Inputs: output torch.Size([2, 2]) float32 on cpu, gradient torch.Size([3]) float32 on cpu.");
    }

    [Fact]
    public void Backward_CreateGraph_RetainsTheGraphByDefaultAsPyTorch()
    {
        using var x = Leaf();
        using var z = x.Pow(3).Sum();

        z.Backward(createGraph: true);
        z.Backward(createGraph: true);

        using var grad = x.Grad!;
        grad.RequiresGrad.Should().BeTrue();
        x.ZeroGrad();
    }

    [Fact]
    public void RetainGrad_WithoutGrad_ExplainsWhy()
    {
        using var x = Tensors.From(new[] { 1f });

        var act = () => x.RetainGrad();

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Be(
            "RetainGrad: the tensor does not require gradients, so there is no gradient to keep.\n" +
            "Expected: a tensor with RequiresGrad = true, typically an intermediate result computed from a leaf that requires gradients.\n" +
            "Received: a tensor with RequiresGrad = false (PyTorch: \"can't retain_grad on Tensor that has requires_grad=False\").\n" +
            "Fix: compute the tensor from inputs created with requiresGrad: true, outside any NoGrad scope.");
    }

    [Fact]
    public void ZeroGrad_WithoutAGradient_DoesNothing()
    {
        using var x = Leaf();

        x.ZeroGrad();
        x.ZeroGrad(setToNone: false);

        x.Grad.Should().BeNull();
    }

    [Fact]
    public void ZeroGrad_InPlaceAfterCreateGraph_DetachesTheGradient()
    {
        using var x = Leaf();
        using (var z = x.Pow(3).Sum()) z.Backward(createGraph: true);

        x.ZeroGrad(setToNone: false);

        using var grad = x.Grad!;
        grad.RequiresGrad.Should().BeFalse();
        grad.abs().sum().item<float>().Should().Be(0);
        x.ZeroGrad();
    }

    [Fact]
    public void Scopes_RestoreThePreviousModeAndNest()
    {
        Autograd.IsGradEnabled.Should().BeTrue();
        using (Autograd.NoGrad())
        {
            Autograd.IsGradEnabled.Should().BeFalse();
            using (Autograd.EnableGrad()) Autograd.IsGradEnabled.Should().BeTrue();
            Autograd.IsGradEnabled.Should().BeFalse();
            using (Autograd.SetGradEnabled(true)) Autograd.IsGradEnabled.Should().BeTrue();
        }
        Autograd.IsGradEnabled.Should().BeTrue();
        using (Autograd.InferenceMode())
        {
            Autograd.IsInferenceModeEnabled.Should().BeTrue();
            Autograd.IsGradEnabled.Should().BeFalse();
            using (Autograd.InferenceMode(false)) Autograd.IsInferenceModeEnabled.Should().BeFalse();
        }
        Autograd.IsInferenceModeEnabled.Should().BeFalse();
        Autograd.IsGradEnabled.Should().BeTrue();
    }

    [Fact]
    public void NoGrad_LetsWeightsBeUpdatedByHand()
    {
        using var w = Leaf();
        using (var loss = w.Pow(2).Sum()) loss.Backward();

        using (Autograd.NoGrad())
        {
            using var grad = w.Grad!;
            w.sub_(grad * 0.5);
        }

        w.IsLeaf.Should().BeTrue();
        w.data<float>().ToArray().Should().Equal(0, 0, 0, 0);
    }
}
