using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torchvision;

namespace TorchFluent;

/// <summary>
/// torchvision's model architectures by name, with PyTorch's parameter counts and untrained weights
/// (<c>weights=None</c>): <c>Models.ResNet18()</c> or <c>Models.Create("resnet18", numClasses: 10)</c>. Load trained
/// weights saved by Python's <c>torch.save(model.state_dict(), path)</c> with <c>model.LoadStateDict(path)</c>.
/// </summary>
/// <remarks>
/// The ResNet family is TorchFluent's <see cref="ResNet"/> (PyTorch's children and a replaceable head); the other
/// architectures are TorchVision for .NET's, with a check of the input shape added. Every model takes a batch of RGB
/// images [N, 3, H, W] and returns logits [N, classes].
/// </remarks>
public static class Models
{
    static readonly Dictionary<string, Func<int, nn.Module<Tensor, Tensor>>> Factories = new(StringComparer.Ordinal)
    {
        ["resnet18"] = c => ResNet18(c),
        ["resnet34"] = c => ResNet34(c),
        ["resnet50"] = c => ResNet50(c),
        ["resnet101"] = c => ResNet101(c),
        ["resnet152"] = c => ResNet152(c),
        ["resnext50_32x4d"] = c => new ResNet("resnext50_32x4d", true, [3, 4, 6, 3], c, false, 32, 4),
        ["resnext101_32x8d"] = c => new ResNet("resnext101_32x8d", true, [3, 4, 23, 3], c, false, 32, 8),
        ["resnext101_64x4d"] = c => new ResNet("resnext101_64x4d", true, [3, 4, 23, 3], c, false, 64, 4),
        ["wide_resnet50_2"] = c => new ResNet("wide_resnet50_2", true, [3, 4, 6, 3], c, false, 1, 128),
        ["wide_resnet101_2"] = c => new ResNet("wide_resnet101_2", true, [3, 4, 23, 3], c, false, 1, 128),
        ["alexnet"] = c => Checked("alexnet", models.alexnet(c)),
        ["vgg11"] = c => Checked("vgg11", models.vgg11(c)),
        ["vgg11_bn"] = c => Checked("vgg11_bn", models.vgg11_bn(c)),
        ["vgg13"] = c => Checked("vgg13", models.vgg13(c)),
        ["vgg13_bn"] = c => Checked("vgg13_bn", models.vgg13_bn(c)),
        ["vgg16"] = c => Checked("vgg16", models.vgg16(c)),
        ["vgg16_bn"] = c => Checked("vgg16_bn", models.vgg16_bn(c)),
        ["vgg19"] = c => Checked("vgg19", models.vgg19(c)),
        ["vgg19_bn"] = c => Checked("vgg19_bn", models.vgg19_bn(c)),
        ["googlenet"] = c => Checked("googlenet", models.googlenet(c)),
        ["inception_v3"] = c => Checked("inception_v3", models.inception_v3(c)),
        ["mobilenet_v2"] = c => Checked("mobilenet_v2", models.mobilenet_v2(c)),
        // TorchVision's MobileNetV3 factories take no class count: the head is resized after construction.
        ["mobilenet_v3_large"] = c => Checked("mobilenet_v3_large", WithClasses(models.mobilenet_v3_large(), c)),
        ["mobilenet_v3_small"] = c => Checked("mobilenet_v3_small", WithClasses(models.mobilenet_v3_small(), c)),
    };

    /// <summary>The names <see cref="Create"/> accepts, sorted (torchvision's <c>list_models()</c> for these architectures).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// torchvision's <c>get_model(name, weights=None, num_classes=numClasses)</c>: a new model with untrained weights.
    /// </summary>
    /// <param name="name">A torchvision name such as "resnet18", "vgg16_bn" or "mobilenet_v3_small" (see <see cref="Names"/>).</param>
    /// <param name="numClasses">The number of outputs of the classification head.</param>
    /// <returns>The model, in training mode, on the CPU.</returns>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>, or numClasses is below 1.</exception>
    public static nn.Module<Tensor, Tensor> Create(string name, int numClasses = 1000)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Factories.TryGetValue(name, out var factory)) throw new ArgumentException(Messages.ModelUnknown(name, Names), nameof(name));
        CheckClasses(numClasses);
        TorchRuntime.EnsureLoaded();
        return factory(numClasses);
    }

    /// <summary>torchvision's <c>resnet18()</c>: 11,689,512 parameters with 1000 classes; [1, 3, 224, 224] gives [1, 1000].</summary>
    /// <param name="numClasses">The number of outputs of the head (Linear(512, numClasses)).</param>
    /// <param name="zeroInitResidual">Zero-initializes the last BatchNorm of each residual block, as torchvision's option.</param>
    /// <returns>The model, in training mode, on the CPU.</returns>
    public static ResNet ResNet18(int numClasses = 1000, bool zeroInitResidual = false) => MakeResNet("resnet18", false, [2, 2, 2, 2], numClasses, zeroInitResidual);

    /// <summary>torchvision's <c>resnet34()</c>: 21,797,672 parameters with 1000 classes.</summary>
    /// <param name="numClasses">The number of outputs of the head (Linear(512, numClasses)).</param>
    /// <param name="zeroInitResidual">Zero-initializes the last BatchNorm of each residual block.</param>
    /// <returns>The model, in training mode, on the CPU.</returns>
    public static ResNet ResNet34(int numClasses = 1000, bool zeroInitResidual = false) => MakeResNet("resnet34", false, [3, 4, 6, 3], numClasses, zeroInitResidual);

    /// <summary>torchvision's <c>resnet50()</c>: 25,557,032 parameters with 1000 classes.</summary>
    /// <param name="numClasses">The number of outputs of the head (Linear(2048, numClasses)).</param>
    /// <param name="zeroInitResidual">Zero-initializes the last BatchNorm of each residual block.</param>
    /// <returns>The model, in training mode, on the CPU.</returns>
    public static ResNet ResNet50(int numClasses = 1000, bool zeroInitResidual = false) => MakeResNet("resnet50", true, [3, 4, 6, 3], numClasses, zeroInitResidual);

    /// <summary>torchvision's <c>resnet101()</c>: 44,549,160 parameters with 1000 classes.</summary>
    /// <param name="numClasses">The number of outputs of the head (Linear(2048, numClasses)).</param>
    /// <param name="zeroInitResidual">Zero-initializes the last BatchNorm of each residual block.</param>
    /// <returns>The model, in training mode, on the CPU.</returns>
    public static ResNet ResNet101(int numClasses = 1000, bool zeroInitResidual = false) => MakeResNet("resnet101", true, [3, 4, 23, 3], numClasses, zeroInitResidual);

    /// <summary>torchvision's <c>resnet152()</c>: 60,192,808 parameters with 1000 classes.</summary>
    /// <param name="numClasses">The number of outputs of the head (Linear(2048, numClasses)).</param>
    /// <param name="zeroInitResidual">Zero-initializes the last BatchNorm of each residual block.</param>
    /// <returns>The model, in training mode, on the CPU.</returns>
    public static ResNet ResNet152(int numClasses = 1000, bool zeroInitResidual = false) => MakeResNet("resnet152", true, [3, 8, 36, 3], numClasses, zeroInitResidual);

    static ResNet MakeResNet(string name, bool bottleneck, int[] layers, int numClasses, bool zeroInitResidual)
    {
        CheckClasses(numClasses);
        TorchRuntime.EnsureLoaded();
        return new ResNet(name, bottleneck, layers, numClasses, zeroInitResidual);
    }

    static void CheckClasses(int numClasses)
    {
        if (numClasses < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, Messages.ModelClasses(numClasses));
    }

    static nn.Module<Tensor, Tensor> WithClasses(nn.Module<Tensor, Tensor> model, int numClasses) =>
        numClasses == 1000 ? model : model.ReplaceHead(numClasses);

    /// <summary>TorchVision's model with an input check: a clear message instead of a native error deep inside a convolution.</summary>
    static T Checked<T>(string name, T model) where T : nn.Module<Tensor, Tensor>
    {
        var weightType = ModelInput.WeightType(model);
        model.register_forward_pre_hook((m, input) =>
        {
            ModelInput.Check(name, input, ModelInput.WeightType(m) ?? weightType);
            return input;
        });
        return model;
    }
}
