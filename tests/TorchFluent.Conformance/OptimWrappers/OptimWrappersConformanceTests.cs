using FluentAssertions;
using TorchFluent.Conformance.Infrastructure;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Conformance.OptimWrappers;

/// <summary>
/// The "Optimizer Wrappers" heading (SEED_ERRATA C): gradient clipping, gradient accumulation, AveragedModel (SWA and
/// EMA, with update_bn) and Lookahead give PyTorch's numbers (Lookahead: the paper's algorithm, see gen_optim_wrappers.py).
/// </summary>
public sealed class OptimWrappersConformanceTests
{
    static readonly Golden Goldens = Golden.Load("optim_wrappers");

    public OptimWrappersConformanceTests() => TorchRuntime.EnsureLoaded();

    static Parameter WithGrad(Tensor value, Tensor grad)
    {
        var p = new Parameter(value);
        p.grad = grad;
        return p;
    }

    [Fact]
    public void ClipGradNorm_34ByNorm1_Gives0608AndReturns5()
    {
        var expected = Goldens["clip_norm_text"];
        using var p = WithGrad(zeros(2), tensor(new float[] { 3, 4 }));

        var total = new[] { p }.ClipGradNorm(1.0);

        total.Should().Be(expected.Tensor("total_norm").Values[0]).And.Be(5.0);
        TensorAssert.Equal(p.grad!, expected.Tensor("grad"), atol: 1e-7);
        p.grad!.data<float>().ToArray().Should().Equal([0.6f, 0.8f], (a, e) => Math.Abs(a - e) < 1e-6);
    }

    [Theory]
    [InlineData("clip_norm_two_tensors", 2.0, 2.0)]
    [InlineData("clip_norm_inf", 1.5, double.PositiveInfinity)]
    [InlineData("clip_norm_not_needed", 100.0, 2.0)]
    public void ClipGradNorm_SeveralTensors_MatchesPyTorch(string name, double maxNorm, double normType)
    {
        var expected = Goldens[name];
        var before = Goldens["clip_norm_two_tensors"].Tensors("grads_before");
        using var a = WithGrad(zeros(2, 2), before[0].ToTensor());
        using var b = WithGrad(zeros(3), before[1].ToTensor());

        var total = new[] { a, b }.ClipGradNorm(maxNorm, normType);

        total.Should().BeApproximately(expected.Tensor("total_norm").Values[0], 1e-5);
        TensorAssert.Equal(a.grad!, expected.Tensors("grads")[0], atol: 1e-6);
        TensorAssert.Equal(b.grad!, expected.Tensors("grads")[1], atol: 1e-6);
    }

    [Fact]
    public void ClipGradValue_MatchesPyTorch()
    {
        var before = Goldens["clip_norm_two_tensors"].Tensors("grads_before");
        using var a = WithGrad(zeros(2, 2), before[0].ToTensor());
        using var b = WithGrad(zeros(3), before[1].ToTensor());

        new[] { a, b }.ClipGradValue(1.0);

        TensorAssert.Equal(a.grad!, Goldens["clip_value"].Tensors("grads")[0]);
        TensorAssert.Equal(b.grad!, Goldens["clip_value"].Tensors("grads")[1]);
    }

    [Fact]
    public void ClipGradNormWrapper_ClipsBeforeEachStep_LikeClippingByHand()
    {
        var expected = Goldens["clip_then_sgd"];
        using var w = new Parameter(expected.Tensor("w0").ToTensor());
        using var optimizer = TorchFluent.Optim.Sgd(0.1).ClipGradNorm(1.0).Build([w]);
        using (var loss = w.pow(2).sum().mul(3)) loss.backward();

        optimizer.step();

        TensorAssert.Equal(w, expected.Tensor("w"), atol: 1e-7);
    }

    [Fact]
    public void Accumulation_TwoHalfBatches_GiveTheFullBatchGradientAndStep()
    {
        var expected = Goldens["accumulation"];
        using var x = expected.Tensor("x").ToTensor();
        using var y = expected.Tensor("y").ToTensor();
        using var criterion = TorchFluent.Losses.Mse();

        // By hand, as in PyTorch: loss / 2 per half-batch.
        using (var model = Linear(expected))
        {
            model.zero_grad();
            foreach (var half in new[] { (0, 2), (2, 2) })
            {
                using var scope = NewDisposeScope();
                (criterion.call(model.call(x.narrow(0, half.Item1, half.Item2)), y.narrow(0, half.Item1, half.Item2)) / 2).backward();
            }
            TensorAssert.Equal(model.weight.grad!, expected.Tensors("full_grads")[0], atol: 1e-6);
            TensorAssert.Equal(model.bias!.grad!, expected.Tensors("full_grads")[1], atol: 1e-6);
            TensorAssert.Equal(model.weight.grad!, expected.Tensors("accumulated_grads")[0], atol: 1e-6);
        }

        // With the wrapper: plain loss per half-batch, zero_grad/backward/step each time; it averages and steps once.
        using var wrapped = Linear(expected);
        using var optimizer = TorchFluent.Optim.Sgd(0.1).AccumulateGradients(2).Build(wrapped.Parameters());
        using var before = wrapped.weight.detach().clone();
        foreach (var (start, index) in new[] { (0, 0), (2, 1) })
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            criterion.call(wrapped.call(x.narrow(0, start, 2)), y.narrow(0, start, 2)).backward();
            optimizer.step();
            if (index == 0) wrapped.weight.allclose(before, 0, 0).Should().BeTrue("no update after the first micro-batch");
        }
        TensorAssert.Equal(wrapped.weight, expected.Tensor("weight"), atol: 1e-6);
        TensorAssert.Equal(wrapped.bias!, expected.Tensor("bias"), atol: 1e-6);
    }

    static TorchSharp.Modules.Linear Linear(GoldenCase expected)
    {
        var model = nn.Linear(3, 1);
        using var noGrad = no_grad();
        using var w = expected.Tensor("weight0").ToTensor();
        using var b = expected.Tensor("bias0").ToTensor();
        model.weight.copy_(w);
        model.bias!.copy_(b);
        return model;
    }

    [Fact]
    public void AveragedModel_SwaOf2And4Is3_EmaIs22()
    {
        var expected = Goldens["averaged_text"];
        using var model = Sequential.Create().Linear(1, 1, bias: false).Build();
        using var swa = AveragedModel.Swa(model, Sequential.Create().Linear(1, 1, bias: false).Build());
        using var ema = AveragedModel.Ema(model, Sequential.Create().Linear(1, 1, bias: false).Build(), decay: 0.9);
        var weight = model.Parameters()[0];
        var after = expected.Element.GetProperty("after").EnumerateArray().ToList();

        foreach (var (value, i) in new[] { (2f, 0), (4f, 1) })
        {
            using (no_grad()) weight.fill_(value);
            swa.UpdateParameters(model);
            ema.UpdateParameters(model);
            swa.Module.Parameters()[0].item<float>().Should().Be((float)after[i].GetProperty("swa").GetDouble());
            ema.Module.Parameters()[0].item<float>().Should().BeApproximately((float)after[i].GetProperty("ema").GetDouble(), 1e-6f);
        }
        swa.Module.Parameters()[0].item<float>().Should().Be(3f);
        ema.Module.Parameters()[0].item<float>().Should().BeApproximately(2.2f, 1e-6f);

        using (no_grad()) weight.fill_(9f);
        swa.UpdateParameters(model);
        swa.Module.Parameters()[0].item<float>().Should().Be((float)expected.Double("swa_after_third_9"));
        swa.AveragedCount.Should().Be(expected.Long("n_averaged"));
    }

    [Fact]
    public void AveragedModel_StateDictKeys_ArePyTorchs()
    {
        var expected = Goldens["averaged_state_dict_keys"];
        var builder = Sequential.Create().Linear(3, 4).BatchNorm1d().ReLU().Linear(1);
        using var model = builder.Build();
        using var averaged = AveragedModel.Swa(model, builder.Build());

        averaged.state_dict().Keys.Should().BeEquivalentTo(expected.Strings("keys"));
        averaged.NamedParameters().Select(p => p.Name).Should().Equal(expected.Strings("parameter_names"));
        averaged.named_buffers().Select(b => b.name).Should().BeEquivalentTo(expected.Strings("buffer_names"));
    }

    [Fact]
    public void AveragedModel_SwaAndEmaOverTraining_ThenUpdateBatchNorm_MatchPyTorch()
    {
        var expected = Goldens["swa_update_bn"];
        var builder = Sequential.Create().Linear(3, 4).BatchNorm1d().ReLU().Linear(1);
        using var model = builder.Build();
        GoldenTensorFactory.LoadWeights(model, expected.Case("weights0"));
        using var swa = AveragedModel.Swa(model, builder.Build());
        using var ema = AveragedModel.Create(model, builder.Build(), (avg, p, _) => avg * 0.8 + p * 0.2);
        using var optimizer = TorchFluent.Optim.Sgd(model.Parameters(), 0.1);
        using var criterion = TorchFluent.Losses.Mse();
        using var xs = expected.Tensor("x").ToTensor();
        using var ys = expected.Tensor("y").ToTensor();

        for (var i = 0; i < 3; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            criterion.call(model.call(xs.narrow(0, 2 * i, 2)), ys.narrow(0, 2 * i, 2)).backward();
            optimizer.step();
            swa.UpdateParameters(model);
            ema.UpdateParameters(model);
        }
        var batches = expected.Tensors("batches").Select(b => b.ToTensor()).ToList();
        swa.UpdateBatchNorm(batches);
        swa.Eval();

        foreach (var (name, parameter) in swa.Module.NamedParameters())
            TensorAssert.Equal(parameter, expected.Case("swa_parameters").Tensor(name), atol: 1e-6, rtol: 1e-5);
        foreach (var (name, parameter) in ema.Module.NamedParameters())
            TensorAssert.Equal(parameter, expected.Case("ema_parameters").Tensor(name), atol: 1e-6, rtol: 1e-5);
        var norm = (BatchNorm1d)((TorchSharp.Modules.Sequential)swa.Module)[1];
        TensorAssert.Equal(norm.running_mean!, expected.Tensor("running_mean"), atol: 1e-6, rtol: 1e-5);
        TensorAssert.Equal(norm.running_var!, expected.Tensor("running_var"), atol: 1e-6, rtol: 1e-5);
        TensorAssert.Equal(norm.num_batches_tracked!, expected.Tensor("num_batches_tracked"));
        norm.momentum.Should().Be(expected.Double("momentum_after"));
        swa.IsTraining.Should().BeFalse();
        using (no_grad())
        using (var output = swa.call(xs))
            TensorAssert.Equal(output, expected.Tensor("output"), atol: 1e-5, rtol: 1e-5);
        swa.AveragedCount.Should().Be(expected.Long("n_averaged"));
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void AveragedModel_UseBuffers_AveragesRunningStatistics()
    {
        var expected = Goldens["averaged_use_buffers"];
        var builder = Sequential.Create().Linear(3, 4).BatchNorm1d();
        using var model = builder.Build();
        GoldenTensorFactory.LoadWeights(model, expected.Case("weights0"));
        using var averaged = AveragedModel.Swa(model, builder.Build(), useBuffers: true);
        model.Train();

        foreach (var input in expected.Tensors("inputs"))
        {
            using var x = input.ToTensor();
            using (var output = model.call(x)) { }
            averaged.UpdateParameters(model);
        }

        var norm = (BatchNorm1d)((TorchSharp.Modules.Sequential)averaged.Module)[1];
        TensorAssert.Equal(norm.running_mean!, expected.Tensor("running_mean"), atol: 1e-6, rtol: 1e-5);
        TensorAssert.Equal(norm.running_var!, expected.Tensor("running_var"), atol: 1e-6, rtol: 1e-5);
        TensorAssert.Equal(norm.num_batches_tracked!, expected.Tensor("num_batches_tracked"));
    }

    [Theory]
    [InlineData("lookahead_sgd")]
    [InlineData("lookahead_adam")]
    public void Lookahead_FollowsThePapersAlgorithm(string name)
    {
        var expected = Goldens[name];
        using var w = new Parameter(expected.Tensor("w0").ToTensor());
        var k = (int)expected.Long("k");
        var alpha = expected.Double("alpha");
        using var optimizer = name == "lookahead_sgd"
            ? TorchFluent.Optim.Sgd(0.05).Momentum(0.9).Lookahead(k, alpha).Build([w])
            : TorchFluent.Optim.Adam(0.1).Build([w]).WithLookahead(k, alpha);
        using var weights = expected.Tensor("c").ToTensor();
        using var target = expected.Tensor("t").ToTensor();

        foreach (var (after, step) in expected.Tensors("w").Select((t, i) => (t, i)))
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            ((weights * (w - target).pow(2)).sum() + 0.1 * w.pow(3).sum()).backward();
            optimizer.step();
            TensorAssert.Equal(w, after, atol: 1e-6, rtol: 1e-5);
        }
    }
}
