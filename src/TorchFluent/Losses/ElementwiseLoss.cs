using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

internal enum ElementwiseKind { Mse, L1, SmoothL1, Bce, BceWithLogits }

/// <summary>The losses that compare output and target element by element, so their shapes must match exactly.</summary>
internal sealed class ElementwiseLoss : Loss<Tensor, Tensor, Tensor>
{
    readonly ElementwiseKind kind;
    readonly double beta;
    readonly string lossName;

    public ElementwiseLoss(ElementwiseKind kind, nn.Reduction reduction, double beta = 1.0, Tensor? weight = null, Tensor? posWeight = null)
        : base(reduction)
    {
        TorchRuntime.EnsureLoaded();
        this.kind = kind;
        this.beta = beta;
        lossName = "Losses." + kind;
        name = kind + "Loss";
        // Registered as buffers (PyTorch's names) so that To(device) moves them with the loss.
        if (LossChecks.Own(weight) is { } w) register_buffer("weight", w);
        if (LossChecks.Own(posWeight) is { } p) register_buffer("pos_weight", p);
    }

    Tensor? Weight => _internal_buffers.TryGetValue("weight", out var w) ? w.Item1 : null;

    Tensor? PosWeight => _internal_buffers.TryGetValue("pos_weight", out var p) ? p.Item1 : null;

    public override Tensor forward(Tensor input, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        LossChecks.SameShape(lossName, input, target, kind is ElementwiseKind.Bce or ElementwiseKind.BceWithLogits ? Messages.LossBceNote : Messages.LossBroadcastNote);
        return LossChecks.Native(lossName, input, target, () => kind switch
        {
            ElementwiseKind.Mse => nn.functional.mse_loss(input, target, reduction),
            ElementwiseKind.L1 => nn.functional.l1_loss(input, target, reduction),
            ElementwiseKind.SmoothL1 => nn.functional.smooth_l1_loss(input, target, reduction, beta),
            ElementwiseKind.Bce => nn.functional.binary_cross_entropy(input, target, Weight, reduction),
            _ => nn.functional.binary_cross_entropy_with_logits(input, target, Weight, reduction, PosWeight),
        });
    }
}
