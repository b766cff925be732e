namespace TorchFluent;

/// <summary>What one epoch of <see cref="Trainer.Fit"/> measured. Values are means over samples.</summary>
public sealed class EpochResult
{
    internal EpochResult(int epoch, IReadOnlyDictionary<string, double> values, TimeSpan duration)
    {
        Epoch = epoch;
        Values = values;
        Duration = duration;
    }

    /// <summary>The epoch number, from 1.</summary>
    public int Epoch { get; }

    /// <summary>
    /// Every value by name, Keras's way: "loss", the metrics ("mae", "accuracy" ...), their validation values
    /// ("val_loss", "val_mae" ...) when there was a validation set, and "lr", the learning rate in effect during the
    /// epoch (of the first parameter group).
    /// </summary>
    public IReadOnlyDictionary<string, double> Values { get; }

    /// <summary>The training loss: mean over the epoch's samples of the loss in effect at each step.</summary>
    public double Loss => Values["loss"];

    /// <summary>The validation loss (mean over validation samples, no grad, eval mode), or null without a validation set.</summary>
    public double? ValidationLoss => Values.TryGetValue("val_loss", out var v) ? v : null;

    /// <summary>The learning rate in effect during the epoch.</summary>
    public double LearningRate => Values["lr"];

    /// <summary>Wall time of the epoch, validation included.</summary>
    public TimeSpan Duration { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"epoch {Epoch}: " + string.Join(", ", Values.Select(kv => $"{kv.Key} {kv.Value:G6}"));
}
