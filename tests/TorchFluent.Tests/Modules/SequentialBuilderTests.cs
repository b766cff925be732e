using FluentAssertions;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent.Tests.Modules;

public sealed class SequentialBuilderTests
{
    public SequentialBuilderTests() => TorchRuntime.EnsureLoaded();

    static long[] Shape(nn.Module module, string parameter) =>
        module.NamedParameters().Single(p => p.Name == parameter).Parameter.shape;

    [Fact]
    public void Build_TextMlp_NamesChildrenLikePyTorch()
    {
        using var model = Sequential.Create().Linear(10, 32).Sigmoid().Linear(1).Build();

        model.NamedChildren().Select(c => c.Name).Should().Equal("0", "1", "2");
        model.state_dict().Keys.Should().Equal("0.weight", "0.bias", "2.weight", "2.bias");
        Shape(model, "2.weight").Should().Equal(1, 32);
        model.Should().BeAssignableTo<TorchSharp.Modules.Sequential>("it is a TorchSharp Sequential");
    }

    [Fact]
    public void Linear_AfterInput_InfersInFeaturesFromTheLastDimension()
    {
        using var model = Sequential.Create().Input(5, 7).Linear(3).LayerNorm().Linear(2, bias: false).Build();

        Shape(model, "0.weight").Should().Equal(3, 7);
        Shape(model, "1.weight").Should().Equal(3);
        Shape(model, "2.weight").Should().Equal(2, 3);
        model.NamedParameters().Select(p => p.Name).Should().NotContain("2.bias");
        using var y = model.call(zeros(4, 5, 7));
        y.shape.Should().Equal(4, 5, 2);
    }

    [Fact]
    public void Conv2d_AfterInput_InfersChannelsAndFlattenSize()
    {
        using var model = Sequential.Create().Input(3, 28, 28)
            .Conv2d(8, kernelSize: 5).ReLU().MaxPool2d(2)
            .Conv2d(16, 3, padding: 1, groups: 2).BatchNorm2d().AvgPool2d(2, stride: 2)
            .Flatten().Linear(10).Build();

        Shape(model, "0.weight").Should().Equal(8, 3, 5, 5);
        Shape(model, "3.weight").Should().Equal(16, 4, 3, 3);
        Shape(model, "4.weight").Should().Equal(16);
        Shape(model, "7.weight").Should().Equal(10, 16 * 6 * 6);
        using var y = model.call(zeros(2, 3, 28, 28));
        y.shape.Should().Equal(2, 10);
    }

    [Fact]
    public void Add_LinearInstance_TracksItsSizes()
    {
        using var model = Sequential.Create().Add(nn.Linear(4, 6)).ReLU().Linear(2).Build();

        Shape(model, "2.weight").Should().Equal(2, 6);
    }

    [Fact]
    public void Add_UnknownModule_ForgetsTheShape()
    {
        var act = () => Sequential.Create().Linear(4, 6).Add(nn.Unflatten(1, [2, 3])).Linear(2).Build();

        act.Should().Throw<ArgumentException>().WithMessage("*layer 2 (Linear(2)): its in-features cannot be inferred: the output size of layer 1 (Unflatten) is unknown.*");
    }

    [Fact]
    public void Build_FirstLinearWithoutInFeatures_ExplainsWordForWord()
    {
        var act = () => Sequential.Create().Linear(32).Build();

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "The Sequential builder cannot build this model: 1 problem.\n" +
            "- layer 0 (Linear(32)): its in-features cannot be inferred: the output size of the input is unknown. " +
            "Expected: a known in-features. Fix: give it explicitly (Linear(inFeatures, 32)), or declare the sample shape first with Sequential.Create().Input(...).\n" +
            "Fix: correct the layers listed above; every problem is reported at once.");
    }

    [Fact]
    public void Build_SeveralProblems_ReportsThemAllTogether()
    {
        var act = () => Sequential.Create()
            .Linear(10, 0)
            .Dropout(1.5)
            .Conv2d(4, 3)
            .Flatten()
            .Linear(5)
            .Softmax(dim: 3)
            .Build();

        var message = act.Should().Throw<ArgumentException>().Which.Message;
        message.Should().StartWith("The Sequential builder cannot build this model: 5 problems.");
        message.Should().Contain("layer 0 (Linear(10, 0)): outFeatures must be at least 1. Received: 0.");
        message.Should().Contain("layer 1 (Dropout(1.5)): p is the probability of zeroing an element and must be in [0, 1]. Received: 1.5.");
        message.Should().Contain("layer 2 (Conv2d(4, kernelSize: 3)): Conv2d(4, kernelSize: 3) expects input of shape (N, C, H, W), but the previous layer outputs (N, 0).");
        message.Should().Contain("layer 4 (Linear(5)): its in-features cannot be inferred");
        message.Should().Contain("layer 5 (Softmax(dim: 3)): dim 3 is out of range for a 2-dimensional input");
    }

    [Fact]
    public void Linear_ExplicitInFeaturesThatDisagree_Reports()
    {
        var act = () => Sequential.Create().Linear(10, 32).ReLU().Linear(30, 1).Build();

        act.Should().Throw<ArgumentException>().WithMessage(
            "*layer 2 (Linear(30, 1)): its in-features is 30, but layer 1 (ReLU) outputs 32. Expected: 32. Received: 30. Fix: use 32, or leave the size out and let the builder infer it (Linear(1)).*");
    }

    [Fact]
    public void Conv2d_FirstLayerWithoutInChannels_SuggestsInChannels()
    {
        var act = () => Sequential.Create().Conv2d(8, 3).Build();

        act.Should().Throw<ArgumentException>().WithMessage("*its in-channels cannot be inferred*Conv2d(8, 3, inChannels: C)*");
    }

    [Fact]
    public void MaxPool2d_LargerThanTheInput_Reports()
    {
        var act = () => Sequential.Create().Input(1, 4, 4).MaxPool2d(2).MaxPool2d(3).Build();

        act.Should().Throw<ArgumentException>().WithMessage("*layer 1 (MaxPool2d(3)): a 3x3 window does not fit the input (N, 1, 2, 2)*");
    }

    [Fact]
    public void BatchNorm1d_AfterConvolution_SuggestsBatchNorm2d()
    {
        var act = () => Sequential.Create().Input(1, 8, 8).Conv2d(4, 3).BatchNorm1d().Build();

        act.Should().Throw<ArgumentException>().WithMessage("*BatchNorm1d expects input of shape (N, C) or (N, C, L), but the previous layer outputs (N, 4, 6, 6). Fix: add BatchNorm2d before it.*");
    }

    [Fact]
    public void Input_AfterALayer_Reports()
    {
        var act = () => Sequential.Create().Linear(2, 2).Input(2).Build();

        act.Should().Throw<ArgumentException>().WithMessage("*Input(...) describes the model's input, so it must come before the first layer; it came after 1 layer.*");
    }

    [Fact]
    public void Build_Twice_MakesTwoModelsWithTheirOwnWeights()
    {
        var builder = Sequential.Create().Linear(3, 2);
        using var first = builder.Build();
        using var second = builder.Build();

        first.Parameters()[0].Handle.Should().NotBe(second.Parameters()[0].Handle);
        first.Parameters()[0].allclose(second.Parameters()[0]).Should().BeFalse("each Build() initialises new weights");
    }

    [Fact]
    public void AddingALayer_AfterBuild_ThrowsWordForWord()
    {
        var builder = Sequential.Create().Linear(3, 2);
        using var model = builder.Build();

        var act = () => builder.ReLU();

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Be(
            "This Sequential builder has already built a model, so it can no longer change.\n" +
            "Expected: layers added before Build().\n" +
            "Received: a layer or Input(...) after Build().\n" +
            "Fix: start a new builder with Sequential.Create(); Build() may be called again to make another model with fresh weights.");
    }

    [Fact]
    public void Build_TwiceWithAnAddedInstance_Throws()
    {
        using var shared = nn.Linear(2, 2);
        var builder = Sequential.Create().Add(shared);
        using var model = builder.Build();

        var act = () => builder.Build();

        act.Should().Throw<InvalidOperationException>().WithMessage("*holds a module instance (Linear)*Add(() => new ...)*");
    }

    [Fact]
    public void Add_Factory_CreatesOneModulePerBuild()
    {
        var builder = Sequential.Create().Add(() => nn.Linear(2, 3)).Linear(1);
        using var first = builder.Build();
        using var second = builder.Build();

        first.Children()[0].Should().NotBeSameAs(second.Children()[0]);
        Shape(first, "1.weight").Should().Equal(1, 3);
    }

    [Fact]
    public void Flatten_PartialDimensions_KeepsTheRest()
    {
        using var model = Sequential.Create().Input(2, 3, 4).Flatten(2, 3).Linear(5).Build();

        Shape(model, "1.weight").Should().Equal(5, 12);
        using var y = model.call(zeros(1, 2, 3, 4));
        y.shape.Should().Equal(1, 2, 5);
    }

    [Fact]
    public void Count_IsTheNumberOfLayers() => Sequential.Create().Linear(2, 2).ReLU().Count.Should().Be(2);
}
