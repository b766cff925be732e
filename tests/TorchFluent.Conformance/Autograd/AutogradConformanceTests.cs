using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using static TorchSharp.torch;

namespace TorchFluent.Conformance;

/// <summary>
/// Reference text, "Gradient Calculation", "Leaf Tensor and Autograd" and "Notices" (SEED_ERRATA A.7-A.10), written
/// with TorchFluent's autograd members.
/// </summary>
[Collection(GlobalTorchStateCollection.Name)] // the scopes change the thread's grad mode
public sealed class AutogradConformanceTests
{
    static readonly Golden G = Golden.Load("autograd");
    static readonly float[,] X = { { 1, 0 }, { -1, 1 } };

    public AutogradConformanceTests() => TorchRuntime.EnsureLoaded();

    static Tensor LeafX() => Tensors.From(X, requiresGrad: true);

    [Fact]
    public void GradientExample_GradIsTwoX()
    {
        // x = torch.tensor([[1., 0.], [-1., 1.]], requires_grad=True); z = x.pow(2).sum(); z.backward()
        var c = G["gradient_example"];
        using var x = LeafX();
        using var z = x.Pow(2).Sum();

        z.Backward();

        TensorAssert.Equal(x, c.Tensor("x"));
        TensorAssert.Equal(z, c.Tensor("z"));
        using var grad = x.Grad!;
        TensorAssert.Equal(grad, c.Tensor("grad"));
        // The matrix form: dz/dx = 2x.
        TensorAssert.Equal(grad, c.Tensor("two_x"));
        c.Strings("graph").Should().Equal("SumBackward0", "PowBackward0", "AccumulateGrad");
    }

    [Fact]
    public void GradientExample_MatchesTheFoundationGolden()
    {
        var c = Golden.Load("autograd_basics")["gradient_example"];
        using var x = c.Tensor("x").ToTensor(requiresGrad: true);

        using var z = x.Pow(2).Sum();
        z.Backward();

        using var grad = x.Grad!;
        TensorAssert.Equal(grad, c.Tensor("grad"));
    }

    [Fact]
    public void IsLeaf_FollowsPyTorchsDefinition()
    {
        // Every tensor that does not require grad is a leaf, results of operations and detach() too (SEED_ERRATA A.8).
        var c = G["leaf"];
        using var x = LeafX();
        using var y = x.Pow(2);
        using var two = tensor(new float[] { 1, 2 });
        using var c2 = two * 2;
        using var d = y.detach();

        using (var s = y.Sum()) s.Backward();

        x.IsLeaf.Should().Be(c.Bool("x_is_leaf"));
        x.RequiresGrad.Should().Be(c.Bool("x_requires_grad"));
        y.IsLeaf.Should().Be(c.Bool("y_is_leaf"));
        y.RequiresGrad.Should().Be(c.Bool("y_requires_grad"));
        c2.IsLeaf.Should().Be(c.Bool("c_is_leaf"));
        c2.RequiresGrad.Should().Be(c.Bool("c_requires_grad"));
        d.IsLeaf.Should().Be(c.Bool("d_is_leaf"));
        d.RequiresGrad.Should().Be(c.Bool("d_requires_grad"));
        using var xGrad = x.Grad!;
        TensorAssert.Equal(xGrad, c.Tensor("x_grad"));
        (y.Grad is null).Should().Be(c.Bool("y_grad_is_none"));
        (c2.Grad is null).Should().Be(c.Bool("c_grad_is_none"));
    }

    [Fact]
    public void RetainGrad_KeepsTheNonLeafGradient()
    {
        var c = G["retain_grad"];
        using var x = LeafX();
        using var y = x.Pow(2);
        y.RetainGrad();

        using (var s = y.Sum()) s.Backward();

        using var yGrad = y.Grad!;
        using var xGrad = x.Grad!;
        TensorAssert.Equal(yGrad, c.Tensor("y_grad"));
        TensorAssert.Equal(xGrad, c.Tensor("x_grad"));
        y.IsLeaf.Should().Be(c.Bool("y_is_leaf"));
    }

    [Fact]
    public void RetainGrad_OnLeafIsANoOpAndWithoutGradIsRefused()
    {
        var c = G["retain_grad"];
        c.Case("on_leaf").PyTorchAccepted();
        c.Case("no_grad").PyTorchRaised().Should().Be("can't retain_grad on Tensor that has requires_grad=False");
        using var x = LeafX();
        using var plain = tensor(new float[] { 1, 2 });

        x.RetainGrad();
        FluentActions.Invoking(() => plain.RetainGrad()).Should().Throw<InvalidOperationException>().WithMessage("RetainGrad: the tensor does not require gradients*");
    }

    [Fact]
    public void Backward_TwiceOnTheTextsExample_FailsAsInPyTorch()
    {
        // Notices 1: "z.backward(); z.backward()" raises in real PyTorch (SEED_ERRATA A.9).
        var c = G["backward_twice_fails"];
        c.Case("error").PyTorchRaised().Should().StartWith("Trying to backward through the graph a second time");
        using var x = LeafX();
        using var z = x.Pow(2).Sum();
        z.Backward();

        var act = () => z.Backward();

        act.Should().Throw<InvalidOperationException>().WithMessage("Backward: this graph was already run backward once*");
        using var grad = x.Grad!;
        TensorAssert.Equal(grad, c.Tensor("grad_after_first"));
    }

    [Fact]
    public void Backward_WithRetainGraph_AccumulatesFourX()
    {
        var c = G["accumulate_retain_graph"];
        using var x = LeafX();
        using var z = x.Pow(2).Sum();

        z.Backward(retainGraph: true);
        z.Backward();

        using var grad = x.Grad!;
        TensorAssert.Equal(grad, c.Tensor("grad"));
    }

    [Fact]
    public void Backward_OnARecomputedOutput_AccumulatesFourX()
    {
        var c = G["accumulate_recompute"];
        using var x = LeafX();

        for (var i = 0; i < 2; i++)
        {
            using var z = x.Pow(2).Sum();
            z.Backward();
        }

        using var grad = x.Grad!;
        TensorAssert.Equal(grad, c.Tensor("grad"));
    }

    [Fact]
    public void Backward_TwiceThroughAGraphThatSavedNothing_Works()
    {
        var c = G["sum_backward_twice"];
        using var x = LeafX();
        using var z = x.Sum();

        z.Backward();
        z.Backward();

        using var grad = x.Grad!;
        TensorAssert.Equal(grad, c.Tensor("grad"));
    }

    [Fact]
    public void ZeroGrad_ClearsAccumulatedGradients()
    {
        // "So, always clear gradients": in place (PyTorch 1.x zero_grad) or set to None (PyTorch 2.x default).
        var c = G["zero_grad"];
        using var x = LeafX();
        using (var z = x.Pow(2).Sum()) z.Backward();

        x.ZeroGrad(setToNone: false);
        using (var zeroed = x.Grad!) TensorAssert.Equal(zeroed, c.Tensor("zeroed"));
        using (var z = x.Pow(2).Sum()) z.Backward();
        using (var afterZero = x.Grad!) TensorAssert.Equal(afterZero, c.Tensor("after_zero"));
        x.ZeroGrad();
        (x.Grad is null).Should().Be(c.Bool("none_after_clear"));
        using (var z = x.Pow(2).Sum()) z.Backward();
        using (var afterClear = x.Grad!) TensorAssert.Equal(afterClear, c.Tensor("after_clear"));
    }

    [Fact]
    public void RequiresGrad_OnIntegers_IsRefusedAndOnFloatsAndComplexAccepted()
    {
        // Notices 2: torch.tensor([1, 2, 3], requires_grad=True)  # invalid
        var c = G["int_requires_grad"];
        c.Case("tensor").PyTorchRaised().Should().Be("Only Tensors of floating point and complex dtype can require gradients");
        c.Case("method").PyTorchRaised();
        using var ints = tensor(new long[] { 1, 2, 3 });
        using var complex = Tensors.From(new[] { new System.Numerics.Complex(0, 1) });
        using var half = Tensors.From(new[] { 1.0 }, DType.Float16);

        FluentActions.Invoking(() => ints.RequiresGrad = true).Should().Throw<ArgumentException>().WithMessage("Only floating-point and complex tensors can require gradients*");
        complex.RequiresGrad = true;
        half.RequiresGrad = true;
        complex.RequiresGrad.Should().Be(c.Bool("complex_ok"));
        half.RequiresGrad.Should().Be(c.Bool("half_ok"));
    }

    [Fact]
    public void Grad_IsNotPartOfTheGraphUnlessCreateGraph()
    {
        // Notices 3, and where it stops holding (SEED_ERRATA A.10).
        var c = G["grad_not_in_graph"];
        using var x = LeafX();
        using (var z = x.Pow(3).Sum()) z.Backward();
        using var plain = x.Grad!;
        using var y = LeafX();
        using (var z = y.Pow(3).Sum()) z.Backward(createGraph: true);
        using var created = y.Grad!;

        plain.RequiresGrad.Should().Be(c.Case("plain").Bool("requires_grad"));
        TensorAssert.Equal(plain, c.Case("plain").Tensor("grad"));
        created.RequiresGrad.Should().Be(c.Case("create_graph").Bool("requires_grad"));
        created.IsLeaf.Should().Be(!c.Case("create_graph").Bool("has_grad_fn"));
        TensorAssert.Equal(created, c.Case("create_graph").Tensor("grad"));
        y.ZeroGrad(); // breaks the reference cycle create_graph makes between y and its gradient
    }

    [Fact]
    public void Backward_NonScalarOutput_NeedsAGradientAsInPyTorch()
    {
        G["backward_non_scalar"].Case("error").PyTorchRaised().Should().Be("grad can be implicitly created only for scalar outputs");
        using var x = LeafX();
        using var y = x * 2;

        FluentActions.Invoking(() => y.Backward()).Should().Throw<ArgumentException>().WithMessage("Backward: the output has shape torch.Size([2, 2])*");
        using var seed = ones_like(y);
        y.Backward(seed);

        using var grad = x.Grad!;
        TensorAssert.Equal(grad, G["backward_with_gradient"].Tensor("grad"));
    }

    [Fact]
    public void Backward_WithoutAGraph_IsRefusedAsInPyTorch()
    {
        G["backward_no_graph"].Case("error").PyTorchRaised().Should().StartWith("element 0 of tensors does not require grad");
        using var z = zeros(1).sum();

        FluentActions.Invoking(() => z.Backward()).Should().Throw<InvalidOperationException>().WithMessage("Backward: the output torch.Size([]) does not require gradients*");
    }

    [Fact]
    public void RequiresGrad_TurnedOffOnANonLeaf_IsRefusedAsInPyTorch()
    {
        G["requires_grad_off_non_leaf"].Case("error").PyTorchRaised().Should().StartWith("you can only change requires_grad flags of leaf variables");
        using var x = LeafX();
        using var y = x * 2;

        FluentActions.Invoking(() => y.RequiresGrad = false).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Scopes_SwitchGradientTrackingAsPyTorchs()
    {
        var c = G["scopes"];
        using var x = LeafX();
        Tensor y, w, s, i;
        bool inside, inferenceInside;
        using (Autograd.NoGrad())
        {
            inside = Autograd.IsGradEnabled;
            y = x * 2;
            using (Autograd.EnableGrad()) w = x * 2;
        }
        var after = Autograd.IsGradEnabled;
        using (Autograd.SetGradEnabled(false)) s = x * 2;
        using (Autograd.InferenceMode())
        {
            inferenceInside = Autograd.IsInferenceModeEnabled;
            i = x * 2;
        }

        using (y) using (w) using (s) using (i)
        {
            inside.Should().Be(c.Bool("no_grad_enabled"));
            y.RequiresGrad.Should().Be(c.Bool("no_grad_result_requires_grad"));
            y.IsLeaf.Should().Be(c.Bool("no_grad_result_is_leaf"));
            w.RequiresGrad.Should().Be(c.Bool("enable_grad_result_requires_grad"));
            after.Should().Be(c.Bool("enabled_after"));
            s.RequiresGrad.Should().Be(c.Bool("set_grad_enabled_false"));
            inferenceInside.Should().Be(c.Bool("inference_enabled"));
            i.RequiresGrad.Should().Be(c.Bool("inference_result_requires_grad"));
            Autograd.IsInferenceModeEnabled.Should().BeFalse();
            c.Case("inference_tensor_in_autograd").PyTorchRaised().Should().StartWith("Inference tensors cannot be saved for backward");
            using var leaf = LeafX();
            FluentActions.Invoking(() => (leaf * i).Sum()).Should().Throw<System.Runtime.InteropServices.ExternalException>();
        }
    }
}
