using FluentAssertions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Schedules;

public sealed class SchedulerTests
{
    public SchedulerTests() => TorchRuntime.EnsureLoaded();

    static optim.Optimizer NewSgd(double lr = 0.1) => TorchFluent.Optim.Sgd(lr).Build([new Parameter(zeros(1))]);

    [Fact]
    public void Step_BeforeAnyOptimizerStep_ThrowsByDefault()
    {
        using var optimizer = NewSgd();
        var scheduler = TorchFluent.Schedules.Lambda(e => Math.Pow(0.95, e)).Build(optimizer);

        var act = () => scheduler.step();

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Be(
            "The learning-rate scheduler was stepped before the optimizer: scheduler.step() was called while optimizer.step() has not run yet. " +
            "Call optimizer.step() first and scheduler.step() after it (PyTorch's order since 1.1.0); otherwise the first value of the schedule is skipped. " +
            "PyTorch only warns about this; TorchFluent throws by default (StepOrder(StepOrderCheck.Warn) writes a warning instead, StepOrderCheck.Ignore says nothing).");
        scheduler.LastEpoch.Should().Be(0, "the refused step did not advance the schedule");
        optimizer.LearningRate.Should().Be(0.1);
    }

    [Fact]
    public void Step_AfterOptimizerStep_Advances()
    {
        using var optimizer = NewSgd();
        var scheduler = TorchFluent.Schedules.Step(1, gamma: 0.5).Build(optimizer);

        optimizer.step();
        scheduler.step();
        scheduler.step(); // only the first step is checked, as in PyTorch

        scheduler.LastEpoch.Should().Be(2);
        optimizer.LearningRate.Should().Be(0.025);
        scheduler.LearningRate.Should().Be(0.025);
    }

    [Fact]
    public void Step_SchedulerCreatedMidTraining_CountsOnlyLaterOptimizerSteps()
    {
        // PyTorch's scheduler constructor resets the optimizer's step counter; so does the baseline.
        using var optimizer = NewSgd();
        optimizer.step();
        var scheduler = TorchFluent.Schedules.Exponential(0.9).Build(optimizer);

        var act = () => scheduler.step();

        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Step_IgnorePolicy_SaysNothing()
    {
        using var optimizer = NewSgd();
        var scheduler = TorchFluent.Schedules.Exponential(0.5).StepOrder(StepOrderCheck.Ignore).Build(optimizer);

        scheduler.step();

        optimizer.LearningRate.Should().Be(0.05);
    }

    [Fact]
    public void Step_WithARawTorchSharpOptimizer_CannotCheckTheOrder()
    {
        using var w = new Parameter(zeros(1));
        using var raw = optim.SGD([w], 0.1);
        var scheduler = TorchFluent.Schedules.Exponential(0.5).Build(raw);

        scheduler.step();

        raw.LearningRate.Should().Be(0.05);
    }

    [Fact]
    public void Step_ThroughAnOptimizerWrapper_ChecksAndSetsTheInnerRates()
    {
        using var w = new Parameter(zeros(1));
        using var optimizer = TorchFluent.Optim.Sgd(0.1).ClipGradNorm(1.0).Lookahead().Build([w]);
        var scheduler = TorchFluent.Schedules.Exponential(0.5).Build(optimizer);

        ((Action)(() => scheduler.step())).Should().Throw<InvalidOperationException>();
        optimizer.step();
        scheduler.step();

        optimizer.LearningRate.Should().Be(0.05);
        ((OptimizerWrapper)optimizer).Inner.Should().BeOfType<LookaheadOptimizer>().Which.Inner.LearningRate.Should().Be(0.05);
    }

    [Fact]
    public void StepWithEpoch_JumpsWithTheClosedForm()
    {
        using var optimizer = NewSgd(1.0);
        var scheduler = TorchFluent.Schedules.Step(2, gamma: 0.5).Build(optimizer);
        optimizer.step();

        scheduler.step(5);

        scheduler.LastEpoch.Should().Be(5);
        optimizer.LearningRate.Should().Be(0.25);
    }

    [Fact]
    public void Scheduler_IsATorchSharpLRScheduler()
    {
        using var optimizer = NewSgd();
        var scheduler = TorchFluent.Schedules.CosineAnnealing(10).Build(optimizer);

        scheduler.Should().BeAssignableTo<optim.lr_scheduler.LRScheduler>();
        scheduler.get_last_lr().Should().Equal(0.1);
        scheduler.Optimizer.Should().BeSameAs(optimizer);
        scheduler.ToString().Should().Be("Schedules.CosineAnnealing(10, etaMin: 0)");
    }

    [Fact]
    public void Factories_InvalidArguments_AreReportedTogether()
    {
        var act = () => TorchFluent.Schedules.Step(0, gamma: double.NaN);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Schedules.Step has 2 invalid arguments:\n" +
            "- stepSize: expected an integer >= 1, received 0.\n" +
            "- gamma: expected a finite number, received NaN.\n" +
            "Fix: correct the values above; every problem is reported at once.");
    }

    [Fact]
    public void Factories_OtherInvalidArguments_AreReported()
    {
        ((Action)(() => TorchFluent.Schedules.Linear(0, 2, 0))).Should().Throw<ArgumentException>().WithMessage("Schedules.Linear has 3 invalid arguments:*startFactor*endFactor*totalIters*");
        ((Action)(() => TorchFluent.Schedules.CosineAnnealing(0, -1))).Should().Throw<ArgumentException>().WithMessage("Schedules.CosineAnnealing has 2 invalid arguments:*");
        ((Action)(() => TorchFluent.Schedules.Constant(0))).Should().Throw<ArgumentException>().WithMessage("*factor: expected a number in (0, 1], received 0.*");
        ((Action)(() => TorchFluent.Schedules.MultiStep([-1]))).Should().Throw<ArgumentException>().WithMessage("*milestones: expected epochs >= 0, received -1.*");
        ((Action)(() => TorchFluent.Schedules.OneCycle(-0.1, 0, pctStart: 2, divFactor: 0))).Should().Throw<ArgumentException>().WithMessage("Schedules.OneCycle has 4 invalid arguments:*");
        ((Action)(() => TorchFluent.Schedules.OneCycle(0.1, 10, pctStart: 0.1))).Should().Throw<ArgumentException>().WithMessage("*pctStart: expected a value that gives no phase zero length with totalSteps 10*");
        ((Action)(() => TorchFluent.Schedules.Lambda(Array.Empty<Func<int, double>>()))).Should().Throw<ArgumentException>().WithMessage("*lrLambdas*");
    }

    [Fact]
    public void Lambda_OnePerGroupButCountDiffers_ExplainsAtBuild()
    {
        using var optimizer = NewSgd();

        var act = () => TorchFluent.Schedules.Lambda([_ => 1.0, _ => 2.0]).Build(optimizer);

        act.Should().Throw<ArgumentException>().WithMessage("*Expected: 1 or 1 lambdas.*Received: 2 lambdas for an optimizer with 1 parameter groups.*");
    }

    [Fact]
    public void OneCycle_OnAnOptimizerWithoutMomentum_ExplainsLikePyTorch()
    {
        using var optimizer = TorchFluent.Optim.Adagrad(0.1).Build([new Parameter(zeros(1))]);

        var act = () => TorchFluent.Schedules.OneCycle(0.1, 10).Build(optimizer);

        act.Should().Throw<ArgumentException>().WithMessage("Schedules.OneCycle cycles the momentum, but TrackedAdagrad has no momentum or betas*cycleMomentum: false*");
        TorchFluent.Schedules.OneCycle(0.1, 10, cycleMomentum: false).Build(optimizer).LastEpoch.Should().Be(0);
    }

    [Fact]
    public void Sequential_WrongMilestones_AreReported()
    {
        var act = () => TorchFluent.Schedules.Sequential([TorchFluent.Schedules.Exponential(0.9), TorchFluent.Schedules.Exponential(0.5)], [3, 5]);

        act.Should().Throw<ArgumentException>().WithMessage("*milestones: expected 1 milestones (one fewer than the 2 schedules, as in PyTorch), received 2.*");
    }

    [Fact]
    public void Sequential_StepWithEpoch_IsNotSupported()
    {
        using var optimizer = NewSgd();
        var scheduler = TorchFluent.Schedules.Sequential([TorchFluent.Schedules.Exponential(0.9), TorchFluent.Schedules.Exponential(0.5)], [3]).Build(optimizer);
        optimizer.step();

        var act = () => scheduler.step(2);

        act.Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void Interval_IsPerEpochExceptOneCycle_AndCanBeChanged()
    {
        TorchFluent.Schedules.Lambda(_ => 1).Interval.Should().Be(ScheduleInterval.Epoch);
        TorchFluent.Schedules.OneCycle(0.1, 100).Interval.Should().Be(ScheduleInterval.Batch);
        TorchFluent.Schedules.Linear().StepPer(ScheduleInterval.Batch).Interval.Should().Be(ScheduleInterval.Batch);
        TorchFluent.Schedules.Sequential([TorchFluent.Schedules.Linear(), TorchFluent.Schedules.OneCycle(0.1, 100)], [5]).Interval.Should().Be(ScheduleInterval.Batch);
    }

    [Fact]
    public void Spec_AfterBuild_IsFrozen()
    {
        using var optimizer = NewSgd();
        var spec = TorchFluent.Schedules.Exponential(0.9);
        spec.Build(optimizer);

        var act = () => spec.StepOrder(StepOrderCheck.Warn);

        act.Should().Throw<InvalidOperationException>().WithMessage("This scheduler spec has already built a scheduler*");
    }

    [Fact]
    public void LearningRate_WithGroupsOnDifferentRates_PointsToLearningRates()
    {
        using var optimizer = TorchFluent.Optim.Sgd(0.1).Build([new ParameterGroup([new Parameter(zeros(1))]), new ParameterGroup([new Parameter(zeros(1))], lr: 0.2)]);
        var scheduler = TorchFluent.Schedules.Exponential(0.9).Build(optimizer);

        scheduler.LearningRates.Should().Equal(0.1, 0.2);
        ((Func<double>)(() => scheduler.LearningRate)).Should().Throw<InvalidOperationException>().WithMessage("*Fix: read LearningRates (one per group).");
    }
}
