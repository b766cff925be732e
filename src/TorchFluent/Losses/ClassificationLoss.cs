using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

internal enum ClassificationKind { CrossEntropy, Nll }

/// <summary>Cross entropy and negative log likelihood: class scores against class indices (or, for cross entropy, probabilities).</summary>
internal sealed class ClassificationLoss : Loss<Tensor, Tensor, Tensor>
{
    // libtorch's default ignore index; TorchSharp's nll_loss always ignores it and takes no other.
    const long DefaultIgnoreIndex = -100;

    readonly ClassificationKind kind;
    readonly long ignoreIndex;
    readonly double labelSmoothing;
    readonly string lossName;

    public ClassificationLoss(ClassificationKind kind, Tensor? weight, long ignoreIndex, double labelSmoothing, nn.Reduction reduction)
        : base(reduction)
    {
        TorchRuntime.EnsureLoaded();
        this.kind = kind;
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
        lossName = "Losses." + kind;
        name = kind == ClassificationKind.Nll ? "NLLLoss" : "CrossEntropyLoss";
        if (LossChecks.Own(weight) is { } w) register_buffer("weight", w);
    }

    Tensor? Weight => _internal_buffers.TryGetValue("weight", out var w) ? w.Item1 : null;

    public override Tensor forward(Tensor input, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        var classes = LossChecks.Classes(lossName, input);
        LossChecks.ClassWeight(lossName, "weight", Weight, classes);
        if (target.is_floating_point())
        {
            if (kind == ClassificationKind.Nll)
                throw new ArgumentException(Messages.LossNllNeedsIndices(target.dtype.ToString()), nameof(target));
            if (!target.shape.AsSpan().SequenceEqual(input.shape))
            {
                throw new ArgumentException(target.shape.AsSpan().SequenceEqual(LossChecks.IndexShape(input))
                    ? Messages.LossFloatTargetLooksLikeIndices(lossName, input.shape, target.shape, target.dtype.ToString())
                    : Messages.LossProbabilityTargetShape(lossName, input.shape, target.shape), nameof(target));
            }
            return LossChecks.Native(lossName, input, target, () =>
                nn.functional.cross_entropy(input, target, Weight, ignoreIndex, reduction, labelSmoothing));
        }

        LossChecks.IndexTarget(lossName, input, target);
        if (kind == ClassificationKind.CrossEntropy)
        {
            return LossChecks.Native(lossName, input, target, () =>
                nn.functional.cross_entropy(input, target, Weight, ignoreIndex, reduction, labelSmoothing));
        }
        if (ignoreIndex == DefaultIgnoreIndex)
            return LossChecks.Native(lossName, input, target, () => nn.functional.nll_loss(input, target, Weight, reduction));
        // Map the chosen ignore index onto the one TorchSharp's nll_loss ignores (class indices are never negative).
        using var ignored = target.eq(ignoreIndex);
        using var remapped = target.masked_fill(ignored, DefaultIgnoreIndex);
        return LossChecks.Native(lossName, input, target, () => nn.functional.nll_loss(input, remapped, Weight, reduction));
    }
}
