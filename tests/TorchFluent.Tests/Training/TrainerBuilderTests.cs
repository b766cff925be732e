using FluentAssertions;
using TorchFluent.Tests.Infrastructure;
using static TorchFluent.Tests.Training.TrainingTestData;

namespace TorchFluent.Tests.Training;

using Losses = TorchFluent.Losses;
using Optim = TorchFluent.Optim;

// MyModel(seed) calls torch.manual_seed and Fit sets torch's thread count: both are process-wide, so these tests must not
// run while other classes draw random numbers or compute in parallel.
[Collection(GlobalTorchStateCollection.Name)]
public sealed class TrainerBuilderTests
{
    [Fact]
    public void Build_EveryProblem_IsReportedAtOnce()
    {
        using var model = MyModel(seed: 0);

        var act = () => Trainer.For(model).ClipGradNorm(0).ClipGradValue(-1).Threads(0).Metrics(Metrics.Mae(), Metrics.Mae()).Build();

        act.Should().Throw<ArgumentException>().WithMessage(
            "Trainer has 6 invalid options:\n" +
            "- Loss: required, not set. Add .Loss(Losses.Mse()) or another loss.\n" +
            "- Optimizer: required, not set. Add .Optimizer(Optim.Sgd(lr: 0.1)) or another optimizer.\n" +
            "- ClipGradNorm: expected a finite number > 0, received 0.\n" +
            "- ClipGradValue: expected a finite number >= 0, received -1.\n" +
            "- Threads: expected 1 or more, received 0.\n" +
            "- Metrics: 'mae' is added more than once.\n" +
            "Fix: correct the values above; every problem is reported at once.");
    }

    [Fact]
    public void Builder_AfterBuild_IsFrozen()
    {
        using var model = MyModel(seed: 0);
        var builder = Trainer.For(model).Loss(Losses.Mse()).Optimizer(Optim.Sgd(lr: 0.1));
        using var trainer = builder.Build();

        var act = () => builder.Threads(1);

        act.Should().Throw<InvalidOperationException>().WithMessage(
            "This TrainerBuilder has already built a trainer and cannot be changed. " +
            "Expected: options set before Build() or Fit(). Fix: start a new one with Trainer.For(model).");
    }

    [Fact]
    public void Fit_ZeroEpochs_IsRejected()
    {
        using var model = MyModel(seed: 0);
        using var trainer = Trainer.For(model).Loss(Losses.Mse()).Optimizer(Optim.Sgd(lr: 0.1)).Build();

        var act = () => trainer.Fit([], epochs: 0);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage(
            "Fit needs at least one epoch. Expected: epochs >= 1. Received: 0. Fix: pass epochs: 1 or more.*");
    }

    [Fact]
    public void History_UnknownKey_ListsTheRecordedOnes()
    {
        var (x, y) = Regression(16, seed: 1);
        using var _x = x;
        using var _y = y;
        using var model = MyModel(seed: 0);
        using var loader = Loader(x, y);
        var history = Trainer.For(model).Loss(Losses.Mse()).Optimizer(Optim.Sgd(lr: 0.1)).Fit(loader, epochs: 1);

        var act = () => history["val_loss"];

        act.Should().Throw<KeyNotFoundException>().WithMessage(
            "The history has no \"val_loss\". Expected one of: loss, lr. " +
            "Fix: use a recorded name (validation values exist only when Fit got a validation set).");
    }

    [Theory]
    [InlineData("")]
    [InlineData("val_x")]
    [InlineData("loss")]
    [InlineData("a b")]
    public void MetricsFrom_BadName_IsRejected(string name)
    {
        var act = () => Metrics.From(name, (_, _) => 0);

        act.Should().Throw<ArgumentException>().WithMessage(
            "A metric needs a name the history can use. Expected: letters, digits and '_', not starting with \"val_\" and not \"loss\" or \"lr\". " +
            $"Received: \"{name}\". Fix: pick another name.*");
    }

    [Fact]
    public void CallbacksEarlyStopping_InvalidOptions_AreReportedTogether()
    {
        var act = () => Callbacks.EarlyStopping("", patience: -1, minDelta: -0.5);

        act.Should().Throw<ArgumentException>().WithMessage(
            "Callbacks.EarlyStopping has 3 invalid options:\n" +
            "- monitor: expected a recorded name such as \"val_loss\", received an empty name.\n" +
            "- patience: expected 0 or more, received -1.\n" +
            "- minDelta: expected a finite number >= 0, received -0.5.\n" +
            "Fix: correct the values above; every problem is reported at once.");
    }

    [Fact]
    public void Metrics_WrongTargetShape_IsExplained()
    {
        TorchRuntime.EnsureLoaded();
        using var output = TorchSharp.torch.zeros(4, 1);
        using var target = TorchSharp.torch.zeros(3, 1);

        var act = () => Metrics.Mae().Compute(output, target);

        act.Should().Throw<ArgumentException>().WithMessage(
            "The mae metric cannot compare the output with the target. Expected: one target per output " +
            "(class indices (N) for an (N, C) output, or as many elements as the output). " +
            "Received: output [4, 1], target [3, 1]. Fix: check that the loader's Y matches the model's output.*");
    }
}
