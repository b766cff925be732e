using FluentAssertions;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Tests.OptimWrappers;

public sealed class AveragedModelTests
{
    public AveragedModelTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Swa_StartsWithTheModelsWeights_AndRunsLikeIt()
    {
        var builder = Sequential.Create().Linear(3, 2).Tanh();
        using var model = builder.Build();
        using var swa = AveragedModel.Swa(model, builder.Build());
        using var x = ones(4, 3);

        using var expected = model.call(x);
        using var actual = swa.call(x);

        actual.allclose(expected, 0, 0).Should().BeTrue("the averaged model is a copy until the first update");
        swa.AveragedCount.Should().Be(0);
        swa.UseBuffers.Should().BeFalse();
    }

    [Fact]
    public void Copy_OfAnotherArchitecture_IsRefusedWithTheDifferences()
    {
        using var model = Sequential.Create().Linear(3, 2).Build();

        var act = () => AveragedModel.Swa(model, Sequential.Create().Linear(3, 4).Build());

        act.Should().Throw<ArgumentException>().Which.Message.Should().StartWith(
            "AveragedModel: the copy does not have the same parameters and buffers as the model.\n" +
            "- '0.weight': shape [2, 3] expected, [4, 3] found\n" +
            "- '0.bias': shape [2] expected, [4] found\n");
    }

    [Fact]
    public void Copy_ThatIsTheModelItself_IsRefused()
    {
        using var model = Sequential.Create().Linear(3, 2).Build();

        var act = () => AveragedModel.Swa(model, model);

        act.Should().Throw<ArgumentException>().WithMessage("*the copy is the model itself; pass a second instance*");
    }

    [Fact]
    public void UpdateParameters_WithAnotherModel_IsRefused()
    {
        using var model = Sequential.Create().Linear(3, 2).Build();
        using var swa = AveragedModel.Swa(model, Sequential.Create().Linear(3, 2).Build());
        using var other = Sequential.Create().Linear(2, 2).Build();

        var act = () => swa.UpdateParameters(other);

        act.Should().Throw<ArgumentException>().WithMessage("AveragedModel.UpdateParameters: the model does not have the parameters the averaged model was made for.*");
    }

    [Fact]
    public void Ema_DecayOutOfRange_IsRefused()
    {
        using var model = Sequential.Create().Linear(1, 1).Build();

        var act = () => AveragedModel.Ema(model, Sequential.Create().Linear(1, 1).Build(), decay: 1.5);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("AveragedModel.Ema decay: expected a number in [0, 1], received 1.5.*");
    }

    [Fact]
    public void UpdateBatchNorm_WithoutBatchNorm_DoesNothing()
    {
        using var model = Sequential.Create().Linear(2, 1).Build();
        using var swa = AveragedModel.Swa(model, Sequential.Create().Linear(2, 1).Build());
        swa.Eval();

        swa.UpdateBatchNorm([ones(3, 2)]);

        swa.IsTraining.Should().BeFalse();
    }

    [Fact]
    public void UpdateBatchNorm_RestoresEvaluationMode()
    {
        var builder = Sequential.Create().Linear(2, 3).BatchNorm1d();
        using var model = builder.Build();
        using var swa = AveragedModel.Swa(model, builder.Build());
        swa.Eval();
        using var batch = randn(8, 2);

        swa.UpdateBatchNorm([batch]);

        swa.Modules().Select(m => m.IsTraining).Should().AllBeEquivalentTo(false);
        batch.IsInvalid.Should().BeFalse("the inputs belong to the caller");
    }

    [Fact]
    public void Custom_AverageFunction_GetsTheUpdateCount()
    {
        using var model = Sequential.Create().Linear(1, 1, bias: false).Build();
        var counts = new List<long>();
        using var averaged = AveragedModel.Create(model, Sequential.Create().Linear(1, 1, bias: false).Build(), (avg, p, n) =>
        {
            counts.Add(n);
            return avg.maximum(p);
        });
        var weight = model.Parameters()[0];

        foreach (var v in new[] { 1f, 5f, 3f })
        {
            using (no_grad()) weight.fill_(v);
            averaged.UpdateParameters(model);
        }

        averaged.Module.Parameters()[0].item<float>().Should().Be(5f);
        counts.Should().Equal(1L, 2L);
    }

    [Fact]
    public void Averaged_UnregisteredModel_IsRefused()
    {
        using var model = new Forgetful();

        var act = () => AveragedModel.Swa(model, new Forgetful());

        act.Should().Throw<InvalidOperationException>().WithMessage("AveragedModel cannot trust this model*");
    }

    sealed class Forgetful : nn.Module<Tensor, Tensor>
    {
        readonly TorchSharp.Modules.Linear fc = nn.Linear(2, 2);

        public Forgetful() : base(nameof(Forgetful))
        {
        }

        public override Tensor forward(Tensor x) => fc.forward(x);
    }
}
