using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Fine-tuning the models of <see cref="Models"/>: find the classification head, replace it with one for your classes,
/// freeze the backbone. <c>Models.ResNet18().FreezeBackbone().ReplaceHead(10)</c> leaves 5,130 trainable parameters,
/// as PyTorch's <c>for p in model.parameters(): p.requires_grad = False; model.fc = nn.Linear(512, 10)</c>.
/// </summary>
public static class FineTuningExtensions
{
    extension<T>(T model) where T : nn.Module<Tensor, Tensor>
    {
        /// <summary>
        /// The classification head: <see cref="ResNet.Fc"/> for a ResNet, otherwise the last Linear layer
        /// (<c>classifier.6</c> of AlexNet and VGG, <c>classifier.1</c> of MobileNetV2, <c>fc</c> of GoogLeNet ...).
        /// </summary>
        /// <exception cref="InvalidOperationException">The model has no Linear layer.</exception>
        public nn.Module Head => model is ResNet resnet ? resnet.Fc : LastLinear(model);

        /// <summary>
        /// Replaces the classification head with a new, trainable Linear layer of <paramref name="numClasses"/> outputs
        /// (PyTorch's default initialization, on the head's device and dtype), as <c>model.fc = nn.Linear(512, 10)</c>.
        /// InceptionV3's auxiliary head (AuxLogits.fc) is replaced too. State dict keys stay the same.
        /// </summary>
        /// <param name="numClasses">The number of classes.</param>
        /// <returns>The model.</returns>
        /// <exception cref="InvalidOperationException">The model has no Linear head.</exception>
        public T ReplaceHead(int numClasses)
        {
            ArgumentNullException.ThrowIfNull(model);
            if (numClasses < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, Messages.ModelClasses(numClasses));
            if (model is ResNet resnet && resnet.Fc is Linear fc)
            {
                var head = NewLinear(fc, numClasses);
                resnet.Fc = head;
                fc.Dispose();
                return model;
            }
            var last = LastLinear(model);
            Resize(last, numClasses);
            // InceptionV3 trains an auxiliary classifier with the same classes (torchvision's num_classes sets both).
            foreach (var (name, module) in model.named_modules())
                if (name == "AuxLogits.fc" && module is Linear aux && !ReferenceEquals(aux, last)) Resize(aux, numClasses);
            return model;
        }

        /// <summary>
        /// Freezes every parameter except the head's (requires_grad = false), so training updates only the head;
        /// BatchNorm running statistics still update in training mode (call <c>eval()</c> to fix them too, as in PyTorch).
        /// </summary>
        /// <returns>The model.</returns>
        /// <exception cref="InvalidOperationException">The model has no Linear head.</exception>
        public T FreezeBackbone()
        {
            ArgumentNullException.ThrowIfNull(model);
            var head = model.Head.parameters().Select(p => p.Handle).ToHashSet();
            foreach (var p in model.parameters()) p.requires_grad = head.Contains(p.Handle);
            return model;
        }
    }

    static Linear LastLinear(nn.Module model) =>
        DepthFirst(model).OfType<Linear>().LastOrDefault()
        ?? throw new InvalidOperationException(Messages.ModelNoHead(model.GetType().Name));

    /// <summary>The module and its sub-modules in PyTorch's order (depth first); TorchSharp's named_modules lists a level at a time.</summary>
    static IEnumerable<nn.Module> DepthFirst(nn.Module module)
    {
        yield return module;
        foreach (var (_, child) in module.named_children())
            foreach (var m in DepthFirst(child)) yield return m;
    }

    static Linear NewLinear(Linear old, long outFeatures)
    {
        var linear = nn.Linear(old.in_features, outFeatures, old.bias is not null, old.weight.device, old.weight.dtype);
        return linear;
    }

    /// <summary>
    /// Gives an existing Linear layer new parameters of the new size (what replacing the module does in PyTorch), for
    /// TorchVision's models, whose heads sit in read-only fields and cannot be swapped for another module.
    /// </summary>
    static void Resize(Linear layer, long outFeatures)
    {
        using var fresh = NewLinear(layer, outFeatures);
        // Detached copies: the fresh layer's parameters are freed with it.
        using (no_grad())
        {
            layer.weight = new Parameter(fresh.weight.detach().clone());
            if (fresh.bias is not null) layer.bias = new Parameter(fresh.bias.detach().clone());
        }
        layer.out_features = outFeatures;
    }
}
