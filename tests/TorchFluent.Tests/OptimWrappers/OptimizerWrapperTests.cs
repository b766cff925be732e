using FluentAssertions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Tests.OptimWrappers;

public sealed class OptimizerWrapperTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("tf-wrappers-").FullName;

    public OptimizerWrapperTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static void Backward(Parameter w, float scale = 1)
    {
        using var loss = w.pow(2).sum().mul(scale);
        loss.backward();
    }

    [Fact]
    public void Accumulation_KeepsGradientsBetweenUpdates_AndAveragesThem()
    {
        using var w = new Parameter(tensor(new float[] { 1, 2 }));
        using var optimizer = TorchFluent.Optim.Sgd(0.5).AccumulateGradients(3).Build([w]);

        for (var i = 0; i < 2; i++)
        {
            optimizer.zero_grad();
            Backward(w);
            optimizer.step();
        }
        w.data<float>().ToArray().Should().Equal(1f, 2f);
        w.grad!.data<float>().ToArray().Should().Equal(new[] { 4f, 8f }, "zero_grad() kept the running sum");

        optimizer.zero_grad();
        Backward(w);
        optimizer.step();

        w.data<float>().ToArray().Should().Equal(new[] { 0f, 0f }, "the average gradient 2w, times lr 0.5");
        optimizer.zero_grad();
        w.grad!.data<float>().ToArray().Should().Equal(new[] { 0f, 0f }, "after an update zero_grad() clears");
        ((IStepCounter)optimizer).StepCount.Should().Be(3);
        ((AccumulatingOptimizer)optimizer).Pending.Should().Be(0);
    }

    [Fact]
    public void Accumulation_WithAClosure_IsRefused()
    {
        using var w = new Parameter(zeros(1));
        using var optimizer = TorchFluent.Optim.Sgd(0.1).AccumulateGradients(2).Build([w]);

        var act = () => optimizer.step(() => w.sum());

        act.Should().Throw<NotSupportedException>().WithMessage("step(closure) is not supported while accumulating gradients*");
    }

    [Fact]
    public void ClippingWrapper_WithAClosure_ClipsTheClosuresGradients()
    {
        using var w = new Parameter(tensor(new float[] { 3, 4 }));
        using var optimizer = TorchFluent.Optim.Sgd(1.0).Build([w]).WithClipGradNorm(1.0);

        using var loss = optimizer.step(() =>
        {
            optimizer.zero_grad();
            var l = w.pow(2).sum().div(2); // gradient = w = [3, 4], norm 5
            l.backward();
            return l;
        });

        loss.item<float>().Should().Be(12.5f);
        w.data<float>().ToArray().Should().Equal([2.4f, 3.2f], (a, e) => Math.Abs(a - e) < 1e-5);
        ((ClippingOptimizer)optimizer).LastTotalNorm.Should().Be(5);
    }

    [Fact]
    public void ClipGradValue_Wrapper_ClampsBeforeTheStep()
    {
        using var w = new Parameter(tensor(new float[] { 3, -0.25f }));
        using var optimizer = TorchFluent.Optim.Sgd(1.0).ClipGradValue(1.0).Build([w]);
        Backward(w, 0.5f); // gradient = w

        optimizer.step();

        w.data<float>().ToArray().Should().Equal(2f, 0f);
    }

    [Fact]
    public void Wrappers_InvalidArguments_Throw()
    {
        using var w = new Parameter(zeros(1));
        using var inner = TorchFluent.Optim.Sgd([w], 0.1);

        ((Action)(() => inner.WithClipGradNorm(0))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("WithClipGradNorm maxNorm: expected a finite number > 0, received 0.*");
        ((Action)(() => inner.WithClipGradValue(-1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => inner.WithGradientAccumulation(0))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => inner.WithLookahead(k: 0))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => inner.WithLookahead(alpha: 1.5))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => new[] { w }.ClipGradNorm(1, normType: 0))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => new[] { w }.ClipGradValue(double.NaN))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void ClipGradNorm_ParametersWithoutGradients_ReturnsZero()
    {
        using var w = new Parameter(zeros(3));

        new[] { w }.ClipGradNorm(1.0).Should().Be(0);
    }

    [Fact]
    public void Lookahead_SyncsEveryKSteps_AndKeepsTheSlowWeightsOwn()
    {
        using var w = new Parameter(tensor(new float[] { 1 }));
        using var optimizer = TorchFluent.Optim.Sgd(0.5).Lookahead(k: 2, alpha: 0.5).Build([w]);

        optimizer.zero_grad();
        Backward(w); // g = 2, w = 1 - 1 = 0
        optimizer.step();
        w.item<float>().Should().Be(0f);
        optimizer.zero_grad();
        Backward(w); // g = 0, w = 0; sync: slow = 1 + 0.5 * (0 - 1) = 0.5
        optimizer.step();

        w.item<float>().Should().Be(0.5f);
    }

    [Fact]
    public void Dispose_Wrapper_DisposesTheInnerOptimizersState()
    {
        using var w = new Parameter(tensor(new float[] { 1 }));
        var optimizer = TorchFluent.Optim.Sgd(0.1).Momentum(0.9).Lookahead().Build([w]);
        Backward(w);
        optimizer.step();
        var inner = (SGD)((OptimizerWrapper)optimizer).Inner;
        var buffer = ((SGD.State)inner.state_dict().State[0]).momentum_buffer;

        optimizer.Dispose();

        buffer.IsInvalid.Should().BeTrue();
    }

    [Fact]
    public void SaveAndLoadStateDict_ThroughAWrapper_UseTheInnerOptimizersState()
    {
        var path = Path.Combine(folder, "optimizer.pth");
        using var w = new Parameter(tensor(new float[] { 1, 2 }));
        using var optimizer = TorchFluent.Optim.Sgd(0.1).Momentum(0.9).ClipGradNorm(10).Build([w]);
        Backward(w);
        optimizer.step();

        optimizer.SaveStateDict(path);
        using var other = new Parameter(tensor(new float[] { 1, 2 }));
        using var restored = TorchFluent.Optim.Sgd(0.1).Momentum(0.9).Build([other]);
        restored.LoadStateDict(path);

        var buffer = ((SGD.State)((SGD)restored).state_dict().State[0]).momentum_buffer;
        buffer.data<float>().ToArray().Should().Equal(2f, 4f);
    }
}
