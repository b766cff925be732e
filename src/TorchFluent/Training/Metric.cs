using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// A quantity the <see cref="Trainer"/> reports per epoch besides the loss, averaged over samples: accuracy, MAE, or
/// your own. Create one with <see cref="Metrics"/>. The trainer calls it under no-grad on each batch's output and
/// target and weights it by the batch's sample count, so the epoch value is the mean over samples (not batches).
/// </summary>
public sealed class Metric
{
    readonly Func<Tensor, Tensor, double> batchMean;

    internal Metric(string name, Func<Tensor, Tensor, double> batchMean)
    {
        Name = name;
        this.batchMean = batchMean;
    }

    /// <summary>The name in <see cref="History"/> and progress reports ("accuracy", "mae"); validation values are prefixed "val_".</summary>
    public string Name { get; }

    /// <summary>The metric's mean over one batch: <paramref name="output"/> is the model's output, <paramref name="target"/> the batch's target.</summary>
    public double Compute(Tensor output, Tensor target) => batchMean(output, target);

    /// <inheritdoc />
    public override string ToString() => Name;
}
