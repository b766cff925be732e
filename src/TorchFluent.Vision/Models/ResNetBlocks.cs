using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchFluent;

/// <summary>
/// torchvision's BasicBlock (resnet18/34): two 3x3 convolutions and a shortcut. Field names and order are PyTorch's,
/// so state dict keys and named_modules match (one shared <c>relu</c>, as in torchvision).
/// </summary>
internal sealed class BasicBlock : Module<Tensor, Tensor>
{
    public const int Expansion = 1;

    readonly Conv2d conv1;
    readonly BatchNorm2d bn1;
    readonly ReLU relu;
    readonly Conv2d conv2;
    internal readonly BatchNorm2d bn2;
    readonly Module<Tensor, Tensor>? downsample;

    public BasicBlock(long inplanes, long planes, long stride, Module<Tensor, Tensor>? downsample) : base(nameof(BasicBlock))
    {
        conv1 = Conv2d(inplanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = BatchNorm2d(planes);
        relu = ReLU(inplace: true);
        conv2 = Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
        bn2 = BatchNorm2d(planes);
        this.downsample = downsample;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var output = relu.call(bn1.call(conv1.call(x)));
        output = bn2.call(conv2.call(output));
        var identity = downsample is null ? x : downsample.call(x);
        output.add_(identity);
        return relu.call(output).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// torchvision's Bottleneck (resnet50 and deeper, ResNeXt, wide ResNet): 1x1, 3x3 (grouped, strided), 1x1 convolutions
/// and a shortcut; the stride sits on the 3x3 convolution (ResNet V1.5), as in torchvision.
/// </summary>
internal sealed class Bottleneck : Module<Tensor, Tensor>
{
    public const int Expansion = 4;

    readonly Conv2d conv1;
    readonly BatchNorm2d bn1;
    readonly Conv2d conv2;
    readonly BatchNorm2d bn2;
    readonly Conv2d conv3;
    internal readonly BatchNorm2d bn3;
    readonly ReLU relu;
    readonly Module<Tensor, Tensor>? downsample;

    public Bottleneck(long inplanes, long planes, long stride, Module<Tensor, Tensor>? downsample, long groups, long baseWidth) : base(nameof(Bottleneck))
    {
        var width = (long)(planes * (baseWidth / 64.0)) * groups;
        conv1 = Conv2d(inplanes, width, 1, bias: false);
        bn1 = BatchNorm2d(width);
        conv2 = Conv2d(width, width, 3, stride: stride, padding: 1, groups: groups, bias: false);
        bn2 = BatchNorm2d(width);
        conv3 = Conv2d(width, planes * Expansion, 1, bias: false);
        bn3 = BatchNorm2d(planes * Expansion);
        relu = ReLU(inplace: true);
        this.downsample = downsample;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var output = relu.call(bn1.call(conv1.call(x)));
        output = relu.call(bn2.call(conv2.call(output)));
        output = bn3.call(conv3.call(output));
        var identity = downsample is null ? x : downsample.call(x);
        output.add_(identity);
        return relu.call(output).MoveToOuterDisposeScope();
    }
}
