using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>Metrics for <see cref="TrainerBuilder.Metrics"/>: built-in ones and your own from a function.</summary>
public static class Metrics
{
    /// <summary>
    /// Classification accuracy: the share of samples whose highest-scoring class (argmax over dimension 1 of an (N, C)
    /// output) equals the int64 class-index target (N). For a single-output (N) or (N, 1) binary classifier, an output
    /// of 0.5 or more (probabilities) counts as class 1; use <paramref name="threshold"/> 0 for logits.
    /// </summary>
    /// <param name="threshold">The decision threshold for single-output binary classifiers.</param>
    public static Metric Accuracy(double threshold = 0.5) => new("accuracy", (output, target) =>
    {
        if (output.dim() >= 2 && output.shape[1] > 1)
        {
            CheckBatch("accuracy", output, target, output.shape[0]);
            using var predicted = output.argmax(1);
            using var targetLong = target.dim() == predicted.dim() ? target.to_type(ScalarType.Int64) : target.reshape(predicted.shape).to_type(ScalarType.Int64);
            using var correct = predicted.eq(targetLong);
            using var mean = correct.to_type(ScalarType.Float64).mean();
            return mean.item<double>();
        }
        using var flatOutput = output.reshape(-1);
        using var flatTarget = target.reshape(-1);
        if (flatOutput.shape[0] != flatTarget.shape[0]) throw new ArgumentException(Messages.MetricShapes("accuracy", output.shape, target.shape), nameof(target));
        using var positive = flatOutput.ge(threshold);
        using var truth = flatTarget.ge(0.5);
        using var same = positive.eq(truth);
        using var share = same.to_type(ScalarType.Float64).mean();
        return share.item<double>();
    });

    /// <summary>Mean absolute error between output and target (same number of elements).</summary>
    public static Metric Mae() => new("mae", (output, target) =>
    {
        CheckElements("mae", output, target);
        using var difference = output.reshape(-1).sub(target.reshape(-1));
        using var absolute = difference.abs();
        using var mean = absolute.to_type(ScalarType.Float64).mean();
        return mean.item<double>();
    });

    /// <summary>Mean squared error between output and target (same number of elements).</summary>
    public static Metric Mse() => new("mse", (output, target) =>
    {
        CheckElements("mse", output, target);
        using var difference = output.reshape(-1).sub(target.reshape(-1));
        using var squared = difference.square();
        using var mean = squared.to_type(ScalarType.Float64).mean();
        return mean.item<double>();
    });

    /// <summary>
    /// Your own metric: <paramref name="batchMean"/> returns the metric's mean over one batch (output, target); the
    /// trainer averages it over samples. Any tensors it creates should be disposed by it (or they are freed with the
    /// step's other temporaries).
    /// </summary>
    /// <param name="name">The name in <see cref="History"/> (letters, digits and '_'; "val_" is added for validation).</param>
    /// <param name="batchMean">The metric's mean over one batch.</param>
    public static Metric From(string name, Func<Tensor, Tensor, double> batchMean)
    {
        ArgumentNullException.ThrowIfNull(batchMean);
        if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsLetterOrDigit(c) || c == '_') || name.StartsWith("val_", StringComparison.Ordinal) || name is "loss" or "lr")
            throw new ArgumentException(Messages.MetricName(name), nameof(name));
        return new Metric(name, batchMean);
    }

    static void CheckElements(string metric, Tensor output, Tensor target)
    {
        if (output.numel() != target.numel()) throw new ArgumentException(Messages.MetricShapes(metric, output.shape, target.shape), nameof(target));
    }

    static void CheckBatch(string metric, Tensor output, Tensor target, long batch)
    {
        if (target.numel() != batch) throw new ArgumentException(Messages.MetricShapes(metric, output.shape, target.shape), nameof(target));
    }
}
