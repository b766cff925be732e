using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchFluent;

/// <summary>
/// torchvision's ResNet (resnet18 ... resnet152, ResNeXt, wide ResNet) with PyTorch's structure: the children are
/// conv1, bn1, relu, maxpool, layer1-4, avgpool and fc; parameter names, counts and initialization are torchvision's,
/// so a state dict saved by Python's <c>torch.save(model.state_dict())</c> loads unchanged. Create one with
/// <see cref="Models.ResNet18"/> or <see cref="Models.Create"/>.
/// </summary>
/// <remarks>
/// Unlike TorchVision for .NET's ResNet (whose head is a private read-only field and which has an extra
/// <c>flatten</c> child), <see cref="Fc"/> can be replaced by any module, as <c>model.fc = nn.Linear(512, 10)</c> in
/// PyTorch. The input is a batch of RGB images [N, 3, H, W]; any H, W of 32 or more works ([2, 3, 64, 64] gives
/// [2, 1000]); 224x224 gives feature maps of 112, 56, 28, 14 and 7 pixels.
/// </remarks>
public sealed class ResNet : Module<Tensor, Tensor>
{
    readonly Conv2d conv1;
    readonly BatchNorm2d bn1;
    readonly ReLU relu;
    readonly MaxPool2d maxpool;
    readonly TorchSharp.Modules.Sequential layer1;
    readonly TorchSharp.Modules.Sequential layer2;
    readonly TorchSharp.Modules.Sequential layer3;
    readonly TorchSharp.Modules.Sequential layer4;
    readonly AdaptiveAvgPool2d avgpool;
    Module<Tensor, Tensor> fc;
    readonly string architecture;
    long inplanes = 64;

    internal ResNet(string architecture, bool bottleneck, int[] layers, int numClasses, bool zeroInitResidual, long groups = 1, long widthPerGroup = 64)
        : base(nameof(ResNet))
    {
        this.architecture = architecture;
        var expansion = bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
        conv1 = Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64);
        relu = ReLU(inplace: true);
        maxpool = MaxPool2d(3, stride: 2, padding: 1);
        layer1 = MakeLayer(bottleneck, 64, layers[0], 1, groups, widthPerGroup);
        layer2 = MakeLayer(bottleneck, 128, layers[1], 2, groups, widthPerGroup);
        layer3 = MakeLayer(bottleneck, 256, layers[2], 2, groups, widthPerGroup);
        layer4 = MakeLayer(bottleneck, 512, layers[3], 2, groups, widthPerGroup);
        avgpool = AdaptiveAvgPool2d([1, 1]);
        fc = Linear(512 * expansion, numClasses);
        RegisterComponents();

        // torchvision's initialization: He-normal (fan_out, relu) convolutions, BatchNorm weight 1 and bias 0; the
        // Linear head keeps PyTorch's default initialization.
        using var noGrad = no_grad();
        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d bn:
                    init.constant_(bn.weight, 1);
                    init.constant_(bn.bias, 0);
                    break;
            }
        }
        if (zeroInitResidual)
        {
            foreach (var (_, module) in named_modules())
            {
                if (module is Bottleneck b) init.constant_(b.bn3.weight, 0);
                else if (module is BasicBlock basic) init.constant_(basic.bn2.weight, 0);
            }
        }
    }

    TorchSharp.Modules.Sequential MakeLayer(bool bottleneck, long planes, int blocks, long stride, long groups, long widthPerGroup)
    {
        var expansion = bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
        Module<Tensor, Tensor>? downsample = null;
        if (stride != 1 || inplanes != planes * expansion)
            downsample = Sequential(Conv2d(inplanes, planes * expansion, 1, stride: stride, bias: false), BatchNorm2d(planes * expansion));
        var modules = new List<Module<Tensor, Tensor>> { Block(bottleneck, inplanes, planes, stride, downsample, groups, widthPerGroup) };
        inplanes = planes * expansion;
        for (var i = 1; i < blocks; i++) modules.Add(Block(bottleneck, inplanes, planes, 1, null, groups, widthPerGroup));
        return Sequential(modules);
    }

    static Module<Tensor, Tensor> Block(bool bottleneck, long inplanes, long planes, long stride, Module<Tensor, Tensor>? downsample, long groups, long widthPerGroup) =>
        bottleneck
            ? new Bottleneck(inplanes, planes, stride, downsample, groups, widthPerGroup)
            : new BasicBlock(inplanes, planes, stride, downsample);

    /// <summary>
    /// The classification head (PyTorch's <c>model.fc</c>): Linear(512, classes) for resnet18/34, Linear(2048, classes)
    /// for the deeper ones. Set it to replace the head with any module, as <c>model.fc = nn.Linear(512, 10)</c>; the
    /// previous head is not disposed (it may still be in use).
    /// </summary>
    public Module<Tensor, Tensor> Fc
    {
        get => fc;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            // TorchSharp refuses to register a name twice: unregister the old head first. fc is the last child, so the
            // order of children stays PyTorch's.
            register_module(nameof(fc), null!);
            fc = value;
            register_module(nameof(fc), value);
        }
    }

    /// <summary>The architecture's torchvision name ("resnet18", "resnext50_32x4d" ...).</summary>
    public string Architecture => architecture;

    /// <summary>Runs the network on a batch of RGB images [N, 3, H, W]; returns the logits [N, classes].</summary>
    /// <param name="input">The images, normalized as the weights expect (ImageNet weights: Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])).</param>
    /// <returns>The head's output.</returns>
    /// <exception cref="ArgumentException">The input is not [N, 3, H, W].</exception>
    public override Tensor forward(Tensor input)
    {
        ModelInput.Check(architecture, input, conv1.weight.dtype);
        using var scope = NewDisposeScope();
        var x = maxpool.call(relu.call(bn1.call(conv1.call(input))));
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        x = avgpool.call(x).flatten(1);
        return fc.call(x).MoveToOuterDisposeScope();
    }
}
