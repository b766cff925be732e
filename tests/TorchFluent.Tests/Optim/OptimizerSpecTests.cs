using FluentAssertions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Optim;

public sealed class OptimizerSpecTests
{
    public OptimizerSpecTests() => TorchRuntime.EnsureLoaded();

    static Parameter NewParameter(params float[] values) => new(tensor(values));

    [Fact]
    public void Build_SeveralInvalidOptions_ReportsThemAllAtOnceWordForWord()
    {
        using var w = NewParameter(1, 2);
        var spec = TorchFluent.Optim.Sgd(lr: -1).Momentum(-0.5).Nesterov().WeightDecay(double.NaN);

        var act = () => spec.Build([w]);

        var e = act.Should().Throw<ArgumentException>().Which;
        e.Message.Should().Be(
            "Optim.Sgd(lr: -1).Momentum(-0.5).WeightDecay(NaN).Nesterov() has 4 invalid options:\n" +
            "- lr: expected a finite number >= 0, received -1.\n" +
            "- weightDecay: expected a finite number >= 0, received NaN.\n" +
            "- momentum: expected a finite number >= 0, received -0.5.\n" +
            "- nesterov: Nesterov momentum needs momentum > 0 and dampening 0 (as in PyTorch).\n" +
            "Fix: correct the values above; every problem is reported at once (PyTorch checks the same limits, one at a time). (Parameter 'lr, weightDecay, momentum, nesterov')");
        e.ParamName.Should().Be("lr, weightDecay, momentum, nesterov");
        spec.IsFrozen.Should().BeFalse("nothing was built");
    }

    [Theory]
    [InlineData(1.0, 0.999, 1e-8, "beta1")]
    [InlineData(0.9, -0.1, 1e-8, "beta2")]
    [InlineData(0.9, 0.999, -1.0, "eps")]
    public void Adam_InvalidBetasOrEps_NamesTheOption(double beta1, double beta2, double eps, string option)
    {
        using var w = NewParameter(1);

        var act = () => TorchFluent.Optim.Adam(0.01).Betas(beta1, beta2).Eps(eps).Build([w]);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(option);
    }

    [Fact]
    public void OtherOptimizers_InvalidOptions_AreReportedToo()
    {
        using var w = NewParameter(1);

        ((Action)(() => TorchFluent.Optim.RmsProp(0.01).Alpha(-1).Momentum(-1).Build([w]))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("alpha, momentum");
        ((Action)(() => TorchFluent.Optim.Adagrad(0.01).LrDecay(-1).InitialAccumulatorValue(-1).Build([w]))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("lrDecay, initialAccumulatorValue");
        ((Action)(() => TorchFluent.Optim.AdamW(0.01).WeightDecay(-1).AmsGrad().Build([w]))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("weightDecay");
        ((Action)(() => TorchFluent.Optim.Sgd(0.1).ClipGradNorm(0).AccumulateGradients(0).Lookahead(0, 2).Build([w]))).Should().Throw<ArgumentException>()
            .Which.ParamName.Should().Be("ClipGradNorm maxNorm, AccumulateGradients, Lookahead k, Lookahead alpha");
    }

    [Fact]
    public void Option_AfterBuild_ThrowsWordForWord()
    {
        using var w = NewParameter(1);
        var spec = TorchFluent.Optim.Sgd(0.1);
        using var optimizer = spec.Build([w]);

        var act = () => spec.Momentum(0.9);

        spec.IsFrozen.Should().BeTrue();
        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Be(
            "This optimizer spec has already built an optimizer, so its options can no longer change.\n" +
            "Expected: options set before Build().\n" +
            "Received: an option after Build().\n" +
            "Fix: set every option before the first Build(), or start a new spec (Optim.Sgd(...), Optim.Adam(...) ...).");
    }

    [Fact]
    public void Build_Twice_GivesIndependentOptimizers()
    {
        using var a = NewParameter(1);
        using var b = NewParameter(2);
        var spec = TorchFluent.Optim.Adam(0.01);

        using var first = spec.Build([a]);
        using var second = spec.Build([b]);

        first.Should().NotBeSameAs(second);
        first.parameters().Single().Handle.Should().Be(a.Handle);
        second.parameters().Single().Handle.Should().Be(b.Handle);
    }

    [Fact]
    public void Build_NoParameters_ExplainsLikePyTorch()
    {
        var act = () => TorchFluent.Optim.Sgd(0.1).Build(Array.Empty<Parameter>());

        act.Should().Throw<ArgumentException>().WithMessage("*the optimizer got an empty parameter list (PyTorch raises the same error)*");
    }

    [Fact]
    public void Build_ParameterInTwoGroups_Reports()
    {
        using var w = NewParameter(1);

        var act = () => TorchFluent.Optim.Sgd(0.1).Build([new ParameterGroup([w]), new ParameterGroup([w], lr: 0.01)]);

        act.Should().Throw<ArgumentException>().WithMessage("*a parameter appears in group 0 and in group 1*");
    }

    [Fact]
    public void Build_GroupWithNegativeLr_Reports()
    {
        using var w = NewParameter(1);

        var act = () => TorchFluent.Optim.Sgd(0.1).Build([new ParameterGroup([w], lr: -0.1)]);

        act.Should().Throw<ArgumentException>().WithMessage("*group 0 lr: expected a finite number >= 0, received -0.1.*");
    }

    [Fact]
    public void Group_ByName_NeedsTheModel()
    {
        using var w = NewParameter(1);

        var act = () => TorchFluent.Optim.Sgd(0.1).Group(n => n.StartsWith('0'), lr: 0.01).Build([w]);

        act.Should().Throw<ArgumentException>().WithMessage("*Group(...): groups chosen by parameter name need the model; call Build(model)*");
    }

    [Fact]
    public void Group_ByName_SelectingNothing_Reports()
    {
        using var model = Sequential.Create().Linear(2, 2).Build();

        var act = () => TorchFluent.Optim.Sgd(0.1).Group(n => n.StartsWith("head."), lr: 0.01).Build(model);

        act.Should().Throw<ArgumentException>().WithMessage("*Group #1: its name filter selected no parameter of the model*");
    }

    [Fact]
    public void Group_ByName_SplitsTheModel()
    {
        using var model = Sequential.Create().Linear(2, 3).ReLU().Linear(1).Build();

        using var optimizer = TorchFluent.Optim.Sgd(0.1).Momentum(0.9).Group(n => n.StartsWith("2."), lr: 0.01, weightDecay: 0.5).Build(model);

        optimizer.LearningRates.Should().Equal(0.1, 0.01);
        var groups = optimizer.ParamGroups.Cast<SGD.ParamGroup>().ToList();
        groups[0].Parameters.Should().HaveCount(2);
        groups[1].Options.weight_decay.Should().Be(0.5);
        groups[1].Options.momentum.Should().Be(0.9, "options a group does not set come from the spec");
    }

    [Fact]
    public void LearningRate_WithDifferentGroupRates_PointsToLearningRates()
    {
        using var a = NewParameter(1);
        using var b = NewParameter(2);
        using var optimizer = TorchFluent.Optim.Sgd(0.1).Build([new ParameterGroup([a]), new ParameterGroup([b], lr: 0.01)]);

        var act = () => optimizer.LearningRate;

        act.Should().Throw<InvalidOperationException>().WithMessage("*groups use different learning rates (0.1, 0.01)*Fix: read LearningRates (one per group).");
    }

    [Fact]
    public void LearningRate_OnARawTorchSharpOptimizer_Works()
    {
        using var w = NewParameter(1);
        using var raw = optim.Adam([w], lr: 0.003);

        raw.LearningRate.Should().Be(0.003);
    }

    [Fact]
    public void BuiltOptimizers_AreTorchSharpsTypes_AndCountTheirSteps()
    {
        using var w = NewParameter(1);
        using var sgd = TorchFluent.Optim.Sgd([w], lr: 0.1);
        using var adam = TorchFluent.Optim.Adam([w], lr: 0.1);
        using var adamW = TorchFluent.Optim.AdamW([w], lr: 0.1);
        using var rms = TorchFluent.Optim.RmsProp([w], lr: 0.1);
        using var adagrad = TorchFluent.Optim.Adagrad([w], lr: 0.1);

        sgd.Should().BeAssignableTo<SGD>();
        adam.Should().BeAssignableTo<Adam>();
        adamW.Should().BeAssignableTo<AdamW>();
        rms.Should().BeAssignableTo<RMSProp>();
        adagrad.Should().BeAssignableTo<Adagrad>();
        ((AdamW.Options)((AdamW)adamW).ParamGroups.Cast<AdamW.ParamGroup>().Single().Options).weight_decay.Should().Be(0.01, "PyTorch's AdamW default");
        sgd.step();
        sgd.step();
        ((IStepCounter)sgd).StepCount.Should().Be(2);
    }

    [Fact]
    public void ToString_ListsTheOptionsThatDifferFromTheDefaults()
    {
        TorchFluent.Optim.Sgd(0.1).Momentum(0.9).Nesterov().ToString().Should().Be("Optim.Sgd(lr: 0.1).Momentum(0.9).Nesterov()");
        TorchFluent.Optim.Adam(0.001).Betas(0.8, 0.99).AmsGrad().ToString().Should().Be("Optim.Adam(lr: 0.001).Betas(0.8, 0.99).AmsGrad()");
        TorchFluent.Optim.AdamW(0.001).WeightDecay(0).ToString().Should().Be("Optim.AdamW(lr: 0.001).WeightDecay(0)");
    }
}
