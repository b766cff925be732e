using TorchSharp;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// Loss functions (PyTorch's <c>torch.nn</c> losses) as TorchSharp loss modules: call them with
/// <c>criterion.call(output, target)</c> (PyTorch's <c>criterion(output, target)</c>). Unlike PyTorch, a target whose
/// shape differs from the output's is an error instead of a silent broadcast to a wrong loss, and class-index targets
/// are checked before libtorch sees them.
/// </summary>
public static class Losses
{
    /// <summary>Mean squared error, PyTorch's <c>nn.MSELoss()</c>, for regression. Output and target must have the same shape.</summary>
    /// <param name="reduction">Mean (default), Sum, or None (one loss per element).</param>
    public static Loss<Tensor, Tensor, Tensor> Mse(nn.Reduction reduction = nn.Reduction.Mean) =>
        new ElementwiseLoss(ElementwiseKind.Mse, reduction);

    /// <summary>Mean absolute error, PyTorch's <c>nn.L1Loss()</c>. Output and target must have the same shape.</summary>
    /// <param name="reduction">Mean (default), Sum, or None.</param>
    public static Loss<Tensor, Tensor, Tensor> L1(nn.Reduction reduction = nn.Reduction.Mean) =>
        new ElementwiseLoss(ElementwiseKind.L1, reduction);

    /// <summary>PyTorch's <c>nn.SmoothL1Loss(beta)</c>: squared below <paramref name="beta"/>, absolute above.</summary>
    /// <param name="beta">Where the loss changes from squared to absolute; 0 or more (PyTorch's default 1.0).</param>
    /// <param name="reduction">Mean (default), Sum, or None.</param>
    public static Loss<Tensor, Tensor, Tensor> SmoothL1(double beta = 1.0, nn.Reduction reduction = nn.Reduction.Mean)
    {
        var problems = new List<string>();
        if (!(beta >= 0) || double.IsInfinity(beta)) problems.Add($"beta: expected a finite number >= 0, received {beta}.");
        ThrowIfAny("Losses.SmoothL1", problems, "beta");
        return new ElementwiseLoss(ElementwiseKind.SmoothL1, reduction, beta: beta);
    }

    /// <summary>
    /// PyTorch's <c>nn.CrossEntropyLoss</c> for classification: takes raw class scores (logits, no softmax) of shape
    /// (N, C), (N, C, d1, ...) or (C), and a target of int64 class indices (N) / (N, d1, ...) / () or of class
    /// probabilities with the output's shape.
    /// </summary>
    /// <param name="weight">One weight per class (shape [C]), or null. The loss keeps its own copy.</param>
    /// <param name="ignoreIndex">A class-index target value that is ignored (PyTorch's default -100).</param>
    /// <param name="labelSmoothing">In [0, 1]: mixes the target with the uniform distribution (PyTorch's default 0).</param>
    /// <param name="reduction">Mean (default; weighted mean over non-ignored targets), Sum, or None.</param>
    public static Loss<Tensor, Tensor, Tensor> CrossEntropy(Tensor? weight = null, long ignoreIndex = -100, double labelSmoothing = 0.0,
        nn.Reduction reduction = nn.Reduction.Mean)
    {
        var problems = new List<string>();
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) problems.Add($"labelSmoothing: expected a number in [0, 1], received {labelSmoothing}.");
        CheckWeight(weight, "weight", problems);
        ThrowIfAny("Losses.CrossEntropy", problems, "labelSmoothing");
        return new ClassificationLoss(ClassificationKind.CrossEntropy, weight, ignoreIndex, labelSmoothing, reduction);
    }

    /// <summary>
    /// PyTorch's <c>nn.NLLLoss</c>: negative log likelihood of log-probabilities (the output of LogSoftmax) of shape
    /// (N, C) or (N, C, d1, ...), with int64 class-index targets.
    /// </summary>
    /// <param name="weight">One weight per class (shape [C]), or null. The loss keeps its own copy.</param>
    /// <param name="ignoreIndex">A target value that is ignored (PyTorch's default -100).</param>
    /// <param name="reduction">Mean (default; weighted mean over non-ignored targets), Sum, or None.</param>
    public static Loss<Tensor, Tensor, Tensor> Nll(Tensor? weight = null, long ignoreIndex = -100, nn.Reduction reduction = nn.Reduction.Mean)
    {
        var problems = new List<string>();
        CheckWeight(weight, "weight", problems);
        ThrowIfAny("Losses.Nll", problems, "weight");
        return new ClassificationLoss(ClassificationKind.Nll, weight, ignoreIndex, 0, reduction);
    }

    /// <summary>
    /// PyTorch's <c>nn.BCELoss</c>: binary cross entropy of probabilities (after a Sigmoid) against targets in [0, 1]
    /// of the same shape. Prefer <see cref="BceWithLogits"/>, which is numerically stable.
    /// </summary>
    /// <param name="weight">A weight broadcast against the output (for example one per column), or null.</param>
    /// <param name="reduction">Mean (default), Sum, or None.</param>
    public static Loss<Tensor, Tensor, Tensor> Bce(Tensor? weight = null, nn.Reduction reduction = nn.Reduction.Mean)
    {
        var problems = new List<string>();
        CheckWeight(weight, "weight", problems);
        ThrowIfAny("Losses.Bce", problems, "weight");
        return new ElementwiseLoss(ElementwiseKind.Bce, reduction, weight: weight);
    }

    /// <summary>
    /// PyTorch's <c>nn.BCEWithLogitsLoss</c>: a Sigmoid and binary cross entropy in one numerically stable step,
    /// on raw scores (logits) and targets in [0, 1] of the same shape.
    /// </summary>
    /// <param name="weight">A weight broadcast against the output, or null.</param>
    /// <param name="posWeight">A weight for positive examples, one per class (last dimension), or null.</param>
    /// <param name="reduction">Mean (default), Sum, or None.</param>
    public static Loss<Tensor, Tensor, Tensor> BceWithLogits(Tensor? weight = null, Tensor? posWeight = null, nn.Reduction reduction = nn.Reduction.Mean)
    {
        var problems = new List<string>();
        CheckWeight(weight, "weight", problems);
        CheckWeight(posWeight, "posWeight", problems);
        ThrowIfAny("Losses.BceWithLogits", problems, "weight");
        return new ElementwiseLoss(ElementwiseKind.BceWithLogits, reduction, weight: weight, posWeight: posWeight);
    }

    /// <summary>
    /// A custom loss from a function of (output, target), for example
    /// <c>Losses.From((o, t) =&gt; (o - t).abs().mean())</c>. Gradients flow through whatever tensor operations it uses
    /// (autograd), including TorchSharp custom <c>autograd.Function</c>s. Return a scalar to call backward() on it.
    /// </summary>
    /// <param name="loss">Computes the loss from the model's output and the target.</param>
    /// <param name="name">A name for messages and summaries.</param>
    public static Loss<Tensor, Tensor, Tensor> From(Func<Tensor, Tensor, Tensor> loss, string name = "CustomLoss")
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(name);
        TorchRuntime.EnsureLoaded();
        return new LambdaLoss(loss, name);
    }

    static void CheckWeight(Tensor? weight, string name, List<string> problems)
    {
        TorchRuntime.EnsureLoaded();
        if (weight is null) return;
        if (!weight.is_floating_point()) problems.Add($"{name}: expected a floating-point tensor, received dtype {weight.dtype}.");
        if (weight.requires_grad) problems.Add($"{name}: expected a constant (requires_grad false), received a tensor that requires gradients; pass {name}.detach().");
    }

    static void ThrowIfAny(string loss, List<string> problems, string parameter)
    {
        TorchRuntime.EnsureLoaded();
        if (problems.Count > 0) throw new ArgumentException(Messages.LossOptions(loss, problems), parameter);
    }
}
