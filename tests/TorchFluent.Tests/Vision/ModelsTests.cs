using FluentAssertions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent.Tests;

public sealed class ModelsTests
{
    public ModelsTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void ResNet_GrayImages_SaysToRepeatTheChannel()
    {
        using var model = Models.ResNet18();
        using var gray = zeros(2, 1, 32, 32);

        var act = () => model.call(gray);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "resnet18 got an input of shape [2, 1, 32, 32].\n" +
            "Expected: a batch of RGB images [N, 3, H, W] (float, normalized as the weights expect).\n" +
            "Received: 1 channel.\n" +
            "Fix: repeat the gray channel (Transforms.Grayscale(3), or images.expand(-1, 3, -1, -1)). (Parameter 'input')");
    }

    [Fact]
    public void ResNet_SingleImage_SaysToAddTheBatchDimension()
    {
        using var model = Models.ResNet18();
        using var image = zeros(3, 32, 32);

        var act = () => model.call(image);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "resnet18 got an input of shape [3, 32, 32].\n" +
            "Expected: a batch of RGB images [N, 3, H, W] (float, normalized as the weights expect).\n" +
            "Received: a 3-D tensor.\n" +
            "Fix: add the batch dimension for a single image: image.unsqueeze(0). (Parameter 'input')");
    }

    [Fact]
    public void TorchVisionModel_ChannelsLast_SaysToPermute()
    {
        using var model = Models.Create("mobilenet_v3_small");
        using var images = zeros(2, 32, 32, 3);

        var act = () => model.call(images);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "mobilenet_v3_small got an input of shape [2, 32, 32, 3].\n" +
            "Expected: a batch of RGB images [N, 3, H, W] (float, normalized as the weights expect).\n" +
            "Received: 32 channels.\n" +
            "Fix: this looks like [N, H, W, 3] images; use images.permute(0, 3, 1, 2). (Parameter 'input')");
    }

    [Fact]
    public void TorchVisionModel_RgbaImages_SaysToDropAlpha()
    {
        using var model = Models.Create("alexnet");
        using var images = zeros(1, 4, 64, 64);

        var act = () => model.call(images);

        act.Should().Throw<ArgumentException>().Which.Message.Should().EndWith(
            "Received: 4 channels.\nFix: drop the alpha channel (images[.., ..3]) or read the files with ImageReadMode.RGB. (Parameter 'input')");
    }

    [Fact]
    public void Model_Uint8Images_SaysToConvertAndNormalize()
    {
        using var model = Models.ResNet18();
        using var images = zeros([1, 3, 32, 32], ScalarType.Byte);

        var act = () => model.call(images);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "resnet18 got an input of dtype Byte, but its weights are Float32.\n" +
            "Expected: Float32 images.\n" +
            "Received: Byte.\n" +
            "Fix: convert uint8 images with Transforms.ConvertImageDtype(ScalarType.Float32) (or ToTensor for [H, W, C] arrays), then Normalize. (Parameter 'input')");
    }

    [Fact]
    public void Model_Float64Images_SaysToConvertEitherSide()
    {
        using var model = Models.Create("mobilenet_v2");
        using var images = zeros([1, 3, 32, 32], ScalarType.Float64);

        var act = () => model.call(images);

        act.Should().Throw<ArgumentException>().Which.Message.Should().EndWith(
            "Fix: convert the input (x.to_type(ScalarType.Float32)) or the model (model.to(ScalarType.Float64)). (Parameter 'input')");
    }

    [Fact]
    public void Create_UnknownName_ListsTheNames()
    {
        var act = () => Models.Create("resnet19");

        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "There is no model named 'resnet19'.\n" +
            $"Expected: one of {string.Join(", ", Models.Names)}.\n" +
            "Received: 'resnet19'.\n" +
            "Fix: use one of those names (Models.Names lists them); they are torchvision's names. (Parameter 'name')");
        Models.Names.Should().Contain(["resnet18", "vgg16_bn", "mobilenet_v3_small", "inception_v3"]).And.BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public void Create_ZeroClasses_IsRefused()
    {
        var act = () => Models.Create("resnet18", numClasses: 0);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Be(
            "A model needs at least one class.\nExpected: numClasses of 1 or more.\nReceived: 0.\nFix: pass the number of classes of your data. (Parameter 'numClasses')\nActual value was 0.");
    }

    [Fact]
    public void Head_OfModelWithoutLinear_Throws()
    {
        using var conv = nn.Sequential(nn.Conv2d(3, 4, 3));

        var act = () => conv.FreezeBackbone();

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Be(
            "Cannot find the classification head of a Sequential.\n" +
            "Expected: a model from Models (ResNet, or TorchVision's AlexNet, VGG, GoogLeNet, InceptionV3, MobileNetV2/V3), whose last Linear layer is the head.\n" +
            "Received: a Sequential without a Linear layer.\n" +
            "Fix: replace the last layer yourself, and freeze parameters with requires_grad = false.");
    }

    [Fact]
    public void ReplaceHead_TorchVisionModel_KeepsKeysAndGivesNewOutputs()
    {
        using var model = Models.Create("mobilenet_v2");
        var keys = model.state_dict().Keys.ToList();

        model.FreezeBackbone().ReplaceHead(7);
        model.eval();
        using var x = rand(2, 3, 32, 32);
        using var y = model.call(x);

        y.shape.Should().Equal(2, 7);
        model.state_dict().Keys.Should().Equal(keys);
        ((Linear)model.Head).out_features.Should().Be(7);
        model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()).Should().Be(1280 * 7 + 7);
    }

    [Fact]
    public void ReplaceHead_InceptionV3_ResizesTheAuxiliaryHeadToo()
    {
        using var model = Models.Create("inception_v3", numClasses: 5);

        var heads = model.named_modules().Where(m => m.name is "fc" or "AuxLogits.fc").Select(m => ((Linear)m.module).out_features);

        heads.Should().Equal(5, 5);
    }

    [Fact]
    public void Fc_AssignedAnyModule_IsUsedByForward()
    {
        using var model = Models.ResNet18();
        model.Fc = nn.Sequential(nn.Dropout(0.2), nn.Linear(512, 3));
        model.eval();
        using var x = rand(1, 3, 32, 32);

        using var y = model.call(x);

        y.shape.Should().Equal(1, 3);
        model.state_dict().Keys.Should().Contain("fc.1.weight");
    }

    [Fact]
    public void ZeroInitResidual_ZeroesTheLastNormOfEachBlock()
    {
        using var model = Models.ResNet50(zeroInitResidual: true);

        var bn3 = model.named_parameters().Where(p => p.name.EndsWith("bn3.weight", StringComparison.Ordinal)).ToList();

        bn3.Should().HaveCount(16);
        bn3.Should().OnlyContain(p => p.parameter.abs().sum().item<float>() == 0);
    }
}
