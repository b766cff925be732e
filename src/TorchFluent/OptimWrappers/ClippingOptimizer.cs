using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>Clips gradients (by total norm, or by value) before every step of the inner optimizer.</summary>
internal sealed class ClippingOptimizer : OptimizerWrapper
{
    readonly double? maxNorm;
    readonly double normType;
    readonly double? clipValue;

    public ClippingOptimizer(optim.Optimizer inner, double? maxNorm, double normType, double? clipValue) : base(inner)
    {
        this.maxNorm = maxNorm;
        this.normType = normType;
        this.clipValue = clipValue;
    }

    /// <summary>The total gradient norm before the last clipping by norm (NaN before the first step).</summary>
    public double LastTotalNorm { get; private set; } = double.NaN;

    public override Tensor step(Func<Tensor>? closure = null)
    {
        // A closure recomputes the gradients, so it runs first and clipping sees its gradients.
        Tensor? loss = null;
        if (closure is not null)
        {
            using var enabled = enable_grad();
            loss = closure();
        }
        var parameters = Inner.parameters();
        if (clipValue is { } value) nn.utils.clip_grad_value_(parameters, value);
        if (maxNorm is { } norm) LastTotalNorm = nn.utils.clip_grad_norm_(parameters, norm, normType);
        Inner.step();
        StepCount++;
        return loss!;
    }
}
