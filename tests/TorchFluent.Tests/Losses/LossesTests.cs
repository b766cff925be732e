using FluentAssertions;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Losses;

public sealed class LossesTests
{
    public LossesTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Mse_OutputN1AgainstTargetN_ExplainsTheBroadcastWordForWord()
    {
        using var criterion = TorchFluent.Losses.Mse();
        using var output = tensor(new float[] { 1, 2, 3 }).reshape(3, 1);
        using var target = tensor(new float[] { 2, 2, 2.5f });

        var act = () => criterion.call(output, target);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Losses.Mse: the output (input) has shape [3, 1] but the target has shape [3].\n" +
            "Expected: the same shape. PyTorch would broadcast the two shapes against each other with only a UserWarning and return a wrong loss " +
            "(the reference text's (N, 1) output against an (N,) target gives 0.75 instead of 0.4167).\n" +
            "Received: output [3, 1], target [3].\n" +
            "Fix: give the target the output's shape with target.unsqueeze(1) (or drop the output's last dimension with output.squeeze(1)). (Parameter 'target')");
    }

    [Fact]
    public void L1_TargetWithExtraDimension_SuggestsSqueeze()
    {
        using var criterion = TorchFluent.Losses.L1();
        using var output = zeros(4);
        using var target = zeros(4, 1);

        var act = () => criterion.call(output, target);

        act.Should().Throw<ArgumentException>().WithMessage("*Fix: drop the target's last dimension with target.squeeze(1)*");
    }

    [Fact]
    public void SmoothL1_UnrelatedShapes_SuggestsReshape()
    {
        using var criterion = TorchFluent.Losses.SmoothL1();
        using var output = zeros(2, 3);
        using var target = zeros(3, 2);

        var act = () => criterion.call(output, target);

        act.Should().Throw<ArgumentException>().WithMessage("*Fix: make the target the same shape as the output, [2, 3] (for example target.reshape(2, 3)).*");
    }

    [Fact]
    public void BceWithLogits_DifferentShapes_SaysPyTorchRaisesToo()
    {
        using var criterion = TorchFluent.Losses.BceWithLogits();
        using var output = zeros(4, 1);
        using var target = zeros(4);

        var act = () => criterion.call(output, target);

        act.Should().Throw<ArgumentException>().WithMessage("Losses.BceWithLogits: *Expected: the same shape. PyTorch raises an error for this too.*");
    }

    [Fact]
    public void CrossEntropy_FloatClassIndices_AsksForInt64()
    {
        using var criterion = TorchFluent.Losses.CrossEntropy();
        using var output = zeros(4, 3);
        using var target = tensor(new float[] { 0, 1, 2, 1 });

        var act = () => criterion.call(output, target);

        act.Should().Throw<ArgumentException>().Which.Message.Should().StartWith(
            "Losses.CrossEntropy: the target has dtype Float32 and shape [4], which looks like class indices, but class indices must be int64; " +
            "a floating-point target is read as class probabilities and must have the output's shape [4, 3].");
    }

    [Fact]
    public void CrossEntropy_Int32Indices_AsksForInt64()
    {
        using var criterion = TorchFluent.Losses.CrossEntropy();
        using var output = zeros(2, 3);
        using var target = tensor(new int[] { 0, 2 });

        var act = () => criterion.call(output, target);

        act.Should().Throw<ArgumentException>().WithMessage("*class-index targets must be int64*Received: a Int32 target.*target.to(ScalarType.Int64)*");
    }

    [Fact]
    public void CrossEntropy_IndexTargetWithTrailingOne_SuggestsSqueeze()
    {
        using var criterion = TorchFluent.Losses.CrossEntropy();
        using var output = zeros(4, 3);
        using var target = zeros(4, 1, ScalarType.Int64);

        var act = () => criterion.call(output, target);

        act.Should().Throw<ArgumentException>().WithMessage(
            "*must have shape [4] (the output's shape without the class dimension 1).*Received: target [4, 1].*Fix: drop the target's last dimension with target.squeeze(1).*");
    }

    [Fact]
    public void CrossEntropy_ProbabilitiesOfAnotherShape_Reports()
    {
        using var criterion = TorchFluent.Losses.CrossEntropy();
        using var output = zeros(4, 3);
        using var target = zeros(4, 2);

        var act = () => criterion.call(output, target);

        act.Should().Throw<ArgumentException>().WithMessage("*class-probability targets must have the output's shape.*Expected: target [4, 3]*");
    }

    [Fact]
    public void CrossEntropy_WeightOfWrongLength_Reports()
    {
        using var weight = ones(4);
        using var criterion = TorchFluent.Losses.CrossEntropy(weight);
        using var output = zeros(2, 3);
        using var target = zeros(2, ScalarType.Int64);

        var act = () => criterion.call(output, target);

        act.Should().Throw<ArgumentException>().WithMessage("*weight must hold one value per class.*Expected: weight of shape [3].*Received: weight of shape [4].*");
    }

    [Fact]
    public void CrossEntropy_ClassIndexOutOfRange_IsAClearErrorNotANativeCrash()
    {
        using var criterion = TorchFluent.Losses.CrossEntropy();
        using var output = zeros(2, 3);
        using var target = tensor(new long[] { 0, 5 });

        var act = () => criterion.call(output, target);

        act.Should().Throw<ArgumentException>().WithMessage("Losses.CrossEntropy failed in libtorch: *Target 5 is out of bounds*class indices in [0, C)*")
            .WithInnerException<System.Runtime.InteropServices.ExternalException>();
    }

    [Fact]
    public void CrossEntropy_InvalidOptions_AreReportedTogether()
    {
        using var weight = ones(3, dtype: ScalarType.Int64);

        var act = () => TorchFluent.Losses.CrossEntropy(weight, labelSmoothing: 1.5);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Losses.CrossEntropy has 2 invalid options:\n" +
            "- labelSmoothing: expected a number in [0, 1], received 1.5.\n" +
            "- weight: expected a floating-point tensor, received dtype Int64.\n" +
            "Fix: correct the values above; every problem is reported at once. (Parameter 'labelSmoothing')");
    }

    [Fact]
    public void Nll_FloatTarget_PointsToCrossEntropy()
    {
        using var criterion = TorchFluent.Losses.Nll();
        using var output = zeros(2, 3);
        using var target = zeros(2, 3);

        var act = () => criterion.call(output, target);

        act.Should().Throw<ArgumentException>().WithMessage("Losses.Nll: the target must hold int64 class indices*use Losses.CrossEntropy for probabilities.*");
    }

    [Fact]
    public void CrossEntropy_ScalarOutput_Reports()
    {
        using var criterion = TorchFluent.Losses.CrossEntropy();
        using var output = tensor(1f);
        using var target = tensor(0L);

        var act = () => criterion.call(output, target);

        act.Should().Throw<ArgumentException>().WithMessage("Losses.CrossEntropy: the output (input) is a scalar (0 dimensions).*");
    }

    [Fact]
    public void ClassWeight_IsACopyRegisteredAsABuffer()
    {
        using var weight = tensor(new float[] { 1, 2, 3 });
        using var criterion = TorchFluent.Losses.CrossEntropy(weight);

        criterion.named_buffers().Select(b => b.name).Should().Equal("weight");
        weight.mul_(0);
        criterion.named_buffers().Single().buffer.sum().item<float>().Should().Be(6, "the loss keeps its own copy");
        criterion.Dispose();
        weight.IsInvalid.Should().BeFalse("disposing the loss leaves the caller's tensor alone");
    }

    [Fact]
    public void BceWithLogits_PosWeight_IsABufferNamedLikePyTorchs()
    {
        using var posWeight = ones(3);
        using var criterion = TorchFluent.Losses.BceWithLogits(posWeight: posWeight);

        criterion.state_dict().Keys.Should().Equal("pos_weight");
    }

    [Fact]
    public void From_Lambda_FlowsGradients()
    {
        using var criterion = TorchFluent.Losses.From((o, t) => (o - t).abs().sum(), "SumAbs");
        using var output = tensor(new float[] { 1, -2 }, requires_grad: true);
        using var target = zeros(2);

        using var loss = criterion.call(output, target);
        loss.backward();

        loss.item<float>().Should().Be(3);
        output.grad!.data<float>().ToArray().Should().Equal(1f, -1f);
        criterion.GetName().Should().Be("SumAbs");
    }

    [Fact]
    public void Losses_AreTorchSharpLossModules()
    {
        using var mse = TorchFluent.Losses.Mse(nn.Reduction.Sum);

        mse.Should().BeAssignableTo<nn.Module<Tensor, Tensor, Tensor>>();
        mse.reduction.Should().Be(nn.Reduction.Sum);
    }
}
