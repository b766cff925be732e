using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.Losses;

/// <summary>
/// Reference text, "Training and Testing" (MSELoss, CrossEntropyLoss) and the "Customized Loss Function" heading
/// (SEED_ERRATA C): every loss gives PyTorch's value and gradient for the same input and target.
/// </summary>
public sealed class LossesConformanceTests
{
    static readonly Golden Goldens = Golden.Load("losses");

    public LossesConformanceTests() => TorchRuntime.EnsureLoaded();

    static Tensor? Optional(GoldenCase c, string key) => c.Has(key) ? c.Tensor(key).ToTensor() : null;

    /// <summary>Runs the loss on the golden's input and target; checks the loss and the gradient of its sum.</summary>
    static void AssertLoss(string name, Func<GoldenCase, nn.Module<Tensor, Tensor, Tensor>> make, double atol = 1e-6, double rtol = 1e-5)
    {
        var expected = Goldens[name];
        using var criterion = make(expected);
        using var input = expected.Tensor("input").ToTensor(requiresGrad: true);
        using var target = expected.Tensor("target").ToTensor();

        using var loss = criterion.call(input, target);
        using var total = loss.sum();
        total.backward();

        TensorAssert.Equal(loss, expected.Tensor("loss"), atol, rtol);
        TensorAssert.Equal(input.grad!, expected.Tensor("grad"), atol, rtol);
    }

    [Theory]
    [InlineData("mse", nn.Reduction.Mean)]
    [InlineData("mse_sum", nn.Reduction.Sum)]
    [InlineData("mse_none", nn.Reduction.None)]
    public void Mse_MatchesMSELoss(string name, nn.Reduction reduction) => AssertLoss(name, _ => TorchFluent.Losses.Mse(reduction));

    [Fact]
    public void L1_MatchesL1Loss() => AssertLoss("l1", _ => TorchFluent.Losses.L1());

    [Fact]
    public void SmoothL1_MatchesSmoothL1Loss() => AssertLoss("smooth_l1", _ => TorchFluent.Losses.SmoothL1());

    [Fact]
    public void SmoothL1_Beta_MatchesSmoothL1Loss() => AssertLoss("smooth_l1_beta_05", _ => TorchFluent.Losses.SmoothL1(beta: 0.5));

    [Fact]
    public void Mse_TextsBroadcastPitfall_RaisesWhereRawBroadcastGivesPyTorchsWrongLoss()
    {
        var expected = Goldens["mse_broadcast_pitfall"];
        using var prediction = expected.Tensor("pred").ToTensor();
        using var target = expected.Tensor("target").ToTensor();
        using var criterion = TorchFluent.Losses.Mse();

        // Raw TorchSharp does what PyTorch does (with only a UserWarning there): broadcast to (3, 3), 0.75.
        using (var broadcast = nn.functional.mse_loss(prediction, target))
            TensorAssert.Equal(broadcast, expected.Tensor("broadcast_loss"), atol: 1e-7);
        var act = () => criterion.call(prediction, target);
        act.Should().Throw<ArgumentException>().WithMessage("*[3, 1]*[3]*target.unsqueeze(1)*");

        using var fixedTarget = target.unsqueeze(1);
        using var correct = criterion.call(prediction, fixedTarget);
        TensorAssert.Equal(correct, expected.Tensor("correct_loss"), atol: 1e-7);
        correct.item<float>().Should().BeApproximately(0.4167f, 1e-4f);
    }

    [Theory]
    [InlineData("cross_entropy_indices")]
    [InlineData("cross_entropy_probabilities")]
    [InlineData("cross_entropy_ignore_index_default")]
    [InlineData("cross_entropy_kdim")]
    [InlineData("cross_entropy_unbatched")]
    public void CrossEntropy_Defaults_MatchCrossEntropyLoss(string name) => AssertLoss(name, _ => TorchFluent.Losses.CrossEntropy());

    [Fact]
    public void CrossEntropy_LabelSmoothing_Matches() => AssertLoss("cross_entropy_label_smoothing", _ => TorchFluent.Losses.CrossEntropy(labelSmoothing: 0.1));

    [Fact]
    public void CrossEntropy_ProbabilitiesWithLabelSmoothing_Matches() =>
        AssertLoss("cross_entropy_probabilities_label_smoothing", _ => TorchFluent.Losses.CrossEntropy(labelSmoothing: 0.2));

    [Fact]
    public void CrossEntropy_IgnoreIndex_Matches() => AssertLoss("cross_entropy_ignore_index_2", _ => TorchFluent.Losses.CrossEntropy(ignoreIndex: 2));

    [Theory]
    [InlineData("cross_entropy_weights")]
    [InlineData("cross_entropy_weights_probabilities")]
    public void CrossEntropy_ClassWeights_Match(string name) => AssertLoss(name, c => TorchFluent.Losses.CrossEntropy(weight: c.Tensor("weight").ToTensor()));

    [Fact]
    public void CrossEntropy_WeightsIgnoreIndexAndSmoothing_Match() =>
        AssertLoss("cross_entropy_all_options", c => TorchFluent.Losses.CrossEntropy(c.Tensor("weight").ToTensor(), ignoreIndex: 0, labelSmoothing: 0.15));

    [Theory]
    [InlineData("cross_entropy_sum", nn.Reduction.Sum)]
    [InlineData("cross_entropy_none", nn.Reduction.None)]
    public void CrossEntropy_Reductions_Match(string name, nn.Reduction reduction) => AssertLoss(name, _ => TorchFluent.Losses.CrossEntropy(reduction: reduction));

    [Fact]
    public void Bce_MatchesBCELoss() => AssertLoss("bce", _ => TorchFluent.Losses.Bce());

    [Fact]
    public void Bce_Weight_Matches() => AssertLoss("bce_weight", c => TorchFluent.Losses.Bce(c.Tensor("weight").ToTensor()));

    [Fact]
    public void BceWithLogits_MatchesBCEWithLogitsLoss() => AssertLoss("bce_with_logits", _ => TorchFluent.Losses.BceWithLogits());

    [Fact]
    public void BceWithLogits_PosWeight_Matches() => AssertLoss("bce_with_logits_pos_weight", c => TorchFluent.Losses.BceWithLogits(posWeight: c.Tensor("pos_weight").ToTensor()));

    [Fact]
    public void Nll_MatchesNLLLoss() => AssertLoss("nll", _ => TorchFluent.Losses.Nll());

    [Fact]
    public void Nll_Weight_Matches() => AssertLoss("nll_weight", c => TorchFluent.Losses.Nll(c.Tensor("weight").ToTensor()));

    [Fact]
    public void Nll_IgnoreIndex_Matches() => AssertLoss("nll_ignore_index", _ => TorchFluent.Losses.Nll(ignoreIndex: 4));

    [Fact]
    public void CustomLoss_ModuleMse_EqualsMseLossInValueAndGradient_AndHasNoParameters()
    {
        AssertLoss("custom_module_mse", _ => new SquaredErrorModule());
        // PyTorch's own check: the module's value and gradient are nn.MSELoss's.
        TensorAssert.Equal(Goldens["custom_module_mse"].Tensor("loss").ToTensor(), Goldens["mse"].Tensor("loss"), atol: 1e-7);
        TensorAssert.Equal(Goldens["custom_module_mse"].Tensor("grad").ToTensor(), Goldens["mse"].Tensor("grad"), atol: 1e-7);
        using var module = new SquaredErrorModule();
        module.ParameterCount.Should().Be(Goldens["custom_module_mse"].Long("parameters"));
    }

    [Fact]
    public void CustomLoss_RmseFromLambda_Matches() =>
        AssertLoss("custom_rmse", _ => TorchFluent.Losses.From((output, target) =>
        {
            using var mse = nn.functional.mse_loss(output, target);
            return mse.sqrt();
        }, "Rmse"));

    [Fact]
    public void CustomLoss_WeightedL1PlainFunction_Matches()
    {
        var weights = Goldens["custom_weighted_l1"].Tensor("weights").ToTensor();
        AssertLoss("custom_weighted_l1", _ => TorchFluent.Losses.From((o, t) => (weights * (o - t).abs()).mean()));
    }

    [Fact]
    public void CustomLoss_AutogradFunctionWithHandWrittenBackward_MatchesAndPassesGradcheck()
    {
        Goldens["custom_autograd_function"].Bool("gradcheck").Should().BeTrue();
        AssertLoss("custom_autograd_function", _ => TorchFluent.Losses.From((o, t) => HalfSquaredError.apply(o, t)));

        // The gradcheck PyTorch ran: the hand-written backward agrees with central differences, in float64.
        var expected = Goldens["custom_autograd_function"];
        using var target = expected.Tensor("target").ToTensor().to(ScalarType.Float64);
        using var input = expected.Tensor("input").ToTensor().to(ScalarType.Float64).requires_grad_();
        using (var loss = HalfSquaredError.apply(input, target)) loss.backward();
        var analytic = input.grad!.data<double>().ToArray();
        using var noGrad = no_grad();
        const double h = 1e-6;
        for (var i = 0; i < analytic.Length; i++)
        {
            using var flat = input.detach().clone().reshape(-1);
            flat[i] = flat[i] + h;
            using var plus = HalfSquaredError.apply(flat.reshape(input.shape), target);
            flat[i] = flat[i] - 2 * h;
            using var minus = HalfSquaredError.apply(flat.reshape(input.shape), target);
            var numeric = (plus.item<double>() - minus.item<double>()) / (2 * h);
            numeric.Should().BeApproximately(analytic[i], 1e-6, $"element {i}");
        }
    }

    /// <summary>PyTorch's "nn.Module MSE": a TorchSharp loss module with no parameters.</summary>
    sealed class SquaredErrorModule() : Loss<Tensor, Tensor, Tensor>(nn.Reduction.Mean)
    {
        public override Tensor forward(Tensor output, Tensor target)
        {
            using var difference = output - target;
            using var squared = difference.pow(2);
            return squared.mean();
        }
    }

    /// <summary>Half the mean squared error with a hand-written backward (PyTorch's autograd.Function).</summary>
    sealed class HalfSquaredError : autograd.SingleTensorFunction<HalfSquaredError>
    {
        public override string Name => nameof(HalfSquaredError);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var (output, target) = ((Tensor)vars[0], (Tensor)vars[1]);
            ctx.save_for_backward([output, target]);
            using var difference = output - target;
            using var squared = difference.pow(2);
            using var mean = squared.mean();
            return mean / 2;
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            var saved = ctx.get_saved_variables();
            var (output, target) = (saved[0], saved[1]);
            using var difference = output - target;
            using var scaled = gradOutput * difference;
            return [scaled / output.numel(), null!];
        }
    }
}
