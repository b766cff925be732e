using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Optim;

/// <summary>
/// Reference text "Training and Testing" (SGD) and the "Optimizers" heading (SEED_ERRATA C): every optimizer moves the
/// weights (and keeps the state) PyTorch 1.13 does, step after step, on loss(w) = sum(c (w - t)^2) + 0.1 sum(w^3).
/// </summary>
public sealed class OptimConformanceTests
{
    static readonly Golden Goldens = Golden.Load("optim");

    public OptimConformanceTests() => TorchRuntime.EnsureLoaded();

    static Tensor Objective(Tensor w, GoldenCase c)
    {
        using var scope = NewDisposeScope();
        var weights = c.Tensor("c").ToTensor();
        var target = c.Tensor("t").ToTensor();
        return ((weights * (w - target).pow(2)).sum() + 0.1 * w.pow(3).sum()).MoveToOuterDisposeScope();
    }

    /// <summary>Runs the golden's steps with the optimizer <paramref name="make"/> builds; compares w (and state) after each.</summary>
    static void AssertTrajectory(string name, Func<IEnumerable<Parameter>, optim.Optimizer> make, Func<optim.Optimizer, string, Tensor>? state = null,
        string[]? stateKeys = null, double atol = 1e-6, double rtol = 1e-5)
    {
        var expected = Goldens[name];
        using var w = new Parameter(expected.Tensor("w0").ToTensor());
        using var optimizer = make([w]);
        var ws = expected.Tensors("w");
        var losses = expected.Doubles("loss");
        for (var step = 0; step < ws.Count; step++)
        {
            optimizer.zero_grad();
            using var loss = Objective(w, expected);
            loss.backward();
            optimizer.step();
            loss.item<float>().Should().BeApproximately((float)losses[step], (float)(atol + rtol * Math.Abs(losses[step])), $"loss at step {step + 1}");
            TensorAssert.Equal(w, ws[step], atol, rtol);
            foreach (var key in stateKeys ?? [])
                TensorAssert.Equal(state!(optimizer, key), expected.Tensors(key)[step], atol, rtol);
        }
    }

    static Tensor AdamState(optim.Optimizer optimizer, string key)
    {
        var state = ((OptimizerHelper)optimizer).state_dict().State[0];
        return (state, key) switch
        {
            (Adam.State s, "exp_avg") => s.exp_avg,
            (Adam.State s, "exp_avg_sq") => s.exp_avg_sq,
            (Adam.State s, "max_exp_avg_sq") => s.max_exp_avg_sq,
            (AdamW.State s, "exp_avg") => s.exp_avg,
            (AdamW.State s, "exp_avg_sq") => s.exp_avg_sq,
            (RMSProp.State s, "square_avg") => s.square_avg,
            (Adagrad.State s, "sum") => s.sum,
            (SGD.State s, "momentum_buffer") => s.momentum_buffer,
            _ => throw new KeyNotFoundException(key),
        };
    }

    [Fact]
    public void Sgd_MomentumFromTheText_OneAndTwoSteps()
    {
        // SEED_ERRATA C: w = [1, 2], loss = sum(w^2), lr 0.1, momentum 0.9: w = [0.8, 1.6], buf = [2, 4]; then [0.46, 0.92].
        var expected = Goldens["sgd_momentum_text"];
        using var w = new Parameter(expected.Tensor("w0").ToTensor());
        using var optimizer = TorchFluent.Optim.Sgd(lr: 0.1).Momentum(0.9).Build([w]);

        using (var loss = w.pow(2).sum()) loss.backward();
        optimizer.step();
        TensorAssert.Equal(w, expected.Tensor("w1"), atol: 1e-7);
        TensorAssert.Equal(AdamState(optimizer, "momentum_buffer"), expected.Tensor("buf1"));

        optimizer.zero_grad();
        using (var loss = w.pow(2).sum()) loss.backward();
        optimizer.step();
        TensorAssert.Equal(w, expected.Tensor("w2"), atol: 1e-7);

        optimizer.zero_grad();
        TensorAssert.Equal(w.grad!, expected.Tensor("grad_after_zero_grad")); // 1.13 zero-fills
    }

    [Fact]
    public void Sgd_DirectForm_Matches() => AssertTrajectory("sgd", p => TorchFluent.Optim.Sgd(p, lr: 0.1));

    [Fact]
    public void Sgd_Momentum_Matches() =>
        AssertTrajectory("sgd_momentum", p => TorchFluent.Optim.Sgd(0.1).Momentum(0.9).Build(p), AdamState, ["momentum_buffer"]);

    [Fact]
    public void Sgd_Dampening_Matches() => AssertTrajectory("sgd_dampening", p => TorchFluent.Optim.Sgd(0.05).Momentum(0.8).Dampening(0.3).Build(p));

    [Fact]
    public void Sgd_NesterovWeightDecay_Matches() =>
        AssertTrajectory("sgd_nesterov_weight_decay", p => TorchFluent.Optim.Sgd(0.05).Momentum(0.9).Nesterov().WeightDecay(0.01).Build(p));

    [Fact]
    public void Adam_Matches() => AssertTrajectory("adam", p => TorchFluent.Optim.Adam(p, lr: 0.01), AdamState, ["exp_avg", "exp_avg_sq"]);

    [Fact]
    public void Adam_Options_Match() =>
        AssertTrajectory("adam_options", p => TorchFluent.Optim.Adam(0.02).Betas(0.8, 0.99).Eps(1e-6).WeightDecay(0.1).Build(p));

    [Fact]
    public void Adam_AmsGrad_Matches() =>
        AssertTrajectory("adam_amsgrad", p => TorchFluent.Optim.Adam(0.01).AmsGrad().Build(p), AdamState, ["max_exp_avg_sq"]);

    [Fact]
    public void Adam_FirstStep_MovesEachWeightByAboutLrTimesSignOfGradient()
    {
        var expected = Goldens["adam_first_step"];
        using var w = new Parameter(Goldens["adam"].Tensor("w0").ToTensor());
        using var before = w.detach().clone();
        using var optimizer = TorchFluent.Optim.Adam(lr: 0.01).Build([w]);
        using (var loss = Objective(w, Goldens["adam"])) loss.backward();
        TensorAssert.Equal(w.grad!, expected.Tensor("grad"), atol: 1e-6);

        optimizer.step();

        using var delta = w.detach() - before;
        TensorAssert.Equal(delta, expected.Tensor("delta"), atol: 1e-7);
        using var expectedDelta = w.grad!.sign() * -0.01;
        delta.allclose(expectedDelta, rtol: 0, atol: 1e-7).Should().BeTrue("Adam's first step is about -lr * sign(g)");
        TensorAssert.Equal(AdamState(optimizer, "exp_avg"), expected.Tensor("exp_avg"), atol: 1e-7, rtol: 1e-6);
        TensorAssert.Equal(AdamState(optimizer, "exp_avg_sq"), expected.Tensor("exp_avg_sq"), atol: 1e-7, rtol: 1e-6);
        ((Adam.State)((OptimizerHelper)optimizer).state_dict().State[0]).step.Should().Be((long)expected.Double("step"));
    }

    [Fact]
    public void AdamW_DefaultDecoupledWeightDecay_MatchesPyTorchsDefault001() =>
        AssertTrajectory("adamw", p => TorchFluent.Optim.AdamW(p, lr: 0.01), AdamState, ["exp_avg", "exp_avg_sq"]);

    [Fact]
    public void AdamW_TorchSharpsOwnDefault_DepartsFromPyTorch()
    {
        // TorchSharp's AdamW defaults to weight_decay 0; PyTorch's (and TorchFluent's) to 0.01.
        var expected = Goldens["adamw"];
        using var w = new Parameter(expected.Tensor("w0").ToTensor());
        using var raw = optim.AdamW([w], lr: 0.01);
        for (var step = 0; step < 4; step++)
        {
            raw.zero_grad();
            using var loss = Objective(w, expected);
            loss.backward();
            raw.step();
        }
        var act = () => TensorAssert.Equal(w, expected.Tensors("w")[3], atol: 1e-6, rtol: 1e-5);
        act.Should().Throw<Xunit.Sdk.XunitException>();
    }

    [Fact]
    public void AdamW_WeightDecay_Matches() => AssertTrajectory("adamw_weight_decay", p => TorchFluent.Optim.AdamW(0.01).WeightDecay(0.5).Build(p));

    [Fact]
    public void RmsProp_Matches() => AssertTrajectory("rmsprop", p => TorchFluent.Optim.RmsProp(p, lr: 0.01), AdamState, ["square_avg"]);

    [Fact]
    public void RmsProp_MomentumCenteredWeightDecay_Matches() =>
        AssertTrajectory("rmsprop_momentum_centered", p => TorchFluent.Optim.RmsProp(0.01).Alpha(0.9).Momentum(0.5).Centered().WeightDecay(0.05).Build(p));

    [Fact]
    public void Adagrad_Matches() => AssertTrajectory("adagrad", p => TorchFluent.Optim.Adagrad(p, lr: 0.1), AdamState, ["sum"]);

    [Fact]
    public void Adagrad_Options_Match() =>
        AssertTrajectory("adagrad_options", p => TorchFluent.Optim.Adagrad(0.1).LrDecay(0.05).WeightDecay(0.1).InitialAccumulatorValue(0.2).Eps(1e-8).Build(p));

    [Fact]
    public void ParameterGroups_SgdWithOwnLrAndWeightDecay_MatchPyTorch()
    {
        var expected = Goldens["param_groups_sgd"];
        using var a = new Parameter(expected.Tensor("a0").ToTensor());
        using var b = new Parameter(expected.Tensor("b0").ToTensor());
        using var optimizer = TorchFluent.Optim.Sgd(0.1).Momentum(0.9).Build([new ParameterGroup([a]), new ParameterGroup([b], lr: 0.01, weightDecay: 0.1)]);

        optimizer.LearningRates.Should().Equal(expected.Doubles("lrs"));
        for (var i = 0; i < 2; i++)
        {
            optimizer.zero_grad();
            using var both = cat([a, b]);
            using var loss = Objective(both, Goldens["sgd"]);
            loss.backward();
            optimizer.step();
        }

        TensorAssert.Equal(a, expected.Tensor("a"), atol: 1e-6);
        TensorAssert.Equal(b, expected.Tensor("b"), atol: 1e-6);
    }

    [Fact]
    public void ParameterGroups_AdamByName_MatchPyTorch()
    {
        var expected = Goldens["param_groups_adam"];
        using var model = new TwoParameters(expected.Tensor("a0").ToTensor(), expected.Tensor("b0").ToTensor());
        model.NamedParameters().Select(p => p.Name).Should().Equal("A", "B"); // auto-properties register under their property names
        // The named group comes after the rest; PyTorch's groups here are [a with lr 0.05, b] - build the same order.
        using var optimizer = TorchFluent.Optim.Adam(0.05).Group(name => name == "B", lr: 0.01).Build(model);

        optimizer.LearningRates.Should().Equal(expected.Doubles("lrs"));
        for (var i = 0; i < 2; i++)
        {
            optimizer.zero_grad();
            using var both = cat([model.A, model.B]);
            using var loss = Objective(both, Goldens["sgd"]);
            loss.backward();
            optimizer.step();
        }

        TensorAssert.Equal(model.A, expected.Tensor("a"), atol: 1e-6);
        TensorAssert.Equal(model.B, expected.Tensor("b"), atol: 1e-6);
    }

    [Fact]
    public void Defaults_OfEachSpec_ArePyTorchs()
    {
        var defaults = Goldens["defaults"];
        TorchFluent.Optim.Adam(0.001).ToString().Should().Be("Optim.Adam(lr: 0.001)");
        defaults.Case("adam").Doubles("betas").Should().Equal(0.9, 0.999);
        defaults.Case("adam").Double("eps").Should().Be(1e-8);
        defaults.Case("adamw").Double("weight_decay").Should().Be(0.01);
        TorchFluent.Optim.AdamW(0.001).ToString().Should().Be("Optim.AdamW(lr: 0.001)", "weight decay 0.01 is the default, so it is not listed");
        defaults.Case("rmsprop").Double("alpha").Should().Be(0.99);
        TorchFluent.Optim.RmsProp(0.01).ToString().Should().Be("Optim.RmsProp(lr: 0.01)");
        defaults.Case("adagrad").Double("eps").Should().Be(1e-10);
        TorchFluent.Optim.Adagrad(0.01).ToString().Should().Be("Optim.Adagrad(lr: 0.01)");
        TorchFluent.Optim.Sgd(0.1).ToString().Should().Be("Optim.Sgd(lr: 0.1)");
    }

    [Theory]
    [InlineData("mlp_sgd")]
    [InlineData("mlp_adam")]
    public void TrainingProcedure_TextMlp_LossesMatchPyTorch(string name)
    {
        var expected = Goldens[name];
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();
        GoldenTensorFactory.LoadWeights(model, expected.Case("weights"));
        using var x = expected.Tensor("x").ToTensor();
        using var y = expected.Tensor("y").ToTensor();
        using var criterion = TorchFluent.Losses.Mse();
        using var optimizer = name == "mlp_sgd" ? TorchFluent.Optim.Sgd(model.Parameters(), 0.1) : TorchFluent.Optim.Adam(model.Parameters(), lr: 0.01);

        var losses = new List<double>();
        for (var step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = criterion.call(model.call(x), y);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        losses.Should().Equal(expected.Doubles("losses"), (a, e) => Math.Abs(a - e) <= 1e-6 + 1e-5 * Math.Abs(e));
        foreach (var (parameterName, parameter) in model.NamedParameters())
            TensorAssert.Equal(parameter, expected.Case("final").Tensor(parameterName), atol: 1e-6, rtol: 1e-5);
    }

    sealed class TwoParameters : CustomModule
    {
        public TwoParameters(Tensor a, Tensor b)
        {
            A = new Parameter(a);
            B = new Parameter(b);
        }

        public Parameter A { get; }

        public Parameter B { get; }

        public override Tensor forward(Tensor input) => input;
    }
}
