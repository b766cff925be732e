namespace TorchFluent;

/// <summary>What <see cref="Trainer.Evaluate"/> measured: the loss and metrics, each a mean over samples.</summary>
public sealed class EvaluationResult
{
    internal EvaluationResult(IReadOnlyDictionary<string, double> values, long samples)
    {
        Values = values;
        Samples = samples;
    }

    /// <summary>"loss" and each metric by name.</summary>
    public IReadOnlyDictionary<string, double> Values { get; }

    /// <summary>The mean loss over all samples.</summary>
    public double Loss => Values["loss"];

    /// <summary>How many samples were evaluated.</summary>
    public long Samples { get; }

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", Values.Select(kv => $"{kv.Key} {kv.Value:G6}")) + $" ({Samples} samples)";
}
