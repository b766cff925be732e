// This file is written the way user code is: only these two usings, in a namespace outside TorchFluent. If a public
// name of TorchFluent clashed with what `using static TorchSharp.torch;` imports (nn, optim, Tensor, Device ...), this
// file would not compile.
using FluentAssertions;
using TorchFluent;
using static TorchSharp.torch;

namespace UserCode;

public sealed class ModelsAndOptimUserCodeTests
{
    sealed class MyModel : CustomModule
    {
        readonly Sequential net = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();

        public override Tensor forward(Tensor x) => net.call(x);
    }

    [Fact]
    public void TextTrainingProcedure_WithOnlyTheTwoUsings_Compiles()
    {
        TorchRuntime.EnsureLoaded();
        using var model = new MyModel().To(CPU);
        using var criterion = Losses.Mse();
        var spec = Optim.Sgd(lr: 0.1).Momentum(0.9).ClipGradNorm(1.0);
        using var optimizer = spec.Build(model);
        Scheduler scheduler = Schedules.Lambda(epoch => Math.Pow(0.95, epoch)).StepOrder(StepOrderCheck.Throw).Build(optimizer);
        using var swa = AveragedModel.Swa(model, new MyModel());
        using var x = randn(16, 10);
        using var y = randn(16, 1);

        model.Train();
        optimizer.zero_grad();
        using (var loss = criterion.call(model.call(x), y)) loss.backward();
        optimizer.step();
        scheduler.step();
        swa.UpdateParameters(model);

        ModelSummary summary = model.Summary(16, 10);
        summary.TotalParameters.Should().Be(385);
        scheduler.LastEpoch.Should().Be(1);
        optimizer.LearningRate.Should().Be(0.095);
        new ParameterGroup(model.Parameters(), lr: 0.01).LearningRate.Should().Be(0.01);
        (Schedules.OneCycle(0.1, 100, annealStrategy: AnnealStrategy.Linear).Interval == ScheduleInterval.Batch).Should().BeTrue();
        model.Parameters().ClipGradNorm(1.0).Should().BeGreaterThanOrEqualTo(0);
        optim.SGD(model.parameters(), 0.1).WithLookahead().Dispose();
    }
}
