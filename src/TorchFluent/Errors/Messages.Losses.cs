namespace TorchFluent;

internal static partial class Messages
{
    static string LossShapeText(long[] shape) => "[" + string.Join(", ", shape) + "]";

    internal static string LossShapeMismatch(string loss, long[] input, long[] target, string pytorch)
    {
        var fix = input.Length == target.Length + 1 && input[^1] == 1 && input[..^1].SequenceEqual(target)
            ? $"give the target the output's shape with target.unsqueeze({target.Length}) (or drop the output's last dimension with output.squeeze({input.Length - 1}))."
            : target.Length == input.Length + 1 && target[^1] == 1 && target[..^1].SequenceEqual(input)
                ? $"drop the target's last dimension with target.squeeze({input.Length}) (or give the output a last dimension with output.unsqueeze({input.Length}))."
                : $"make the target the same shape as the output, {LossShapeText(input)} (for example target.reshape({string.Join(", ", input)})).";
        return $"{loss}: the output (input) has shape {LossShapeText(input)} but the target has shape {LossShapeText(target)}.\n" +
               $"Expected: the same shape. {pytorch}\n" +
               $"Received: output {LossShapeText(input)}, target {LossShapeText(target)}.\n" +
               $"Fix: {fix}";
    }

    internal const string LossBroadcastNote =
        "PyTorch would broadcast the two shapes against each other with only a UserWarning and return a wrong loss " +
        "(the reference text's (N, 1) output against an (N,) target gives 0.75 instead of 0.4167).";

    internal const string LossBceNote = "PyTorch raises an error for this too.";

    internal static string LossEmptyInput(string loss) =>
        $"{loss}: the output (input) is a scalar (0 dimensions).\n" +
        "Expected: (C) for one sample, or (N, C) / (N, C, d1, ...) for a batch of class scores.\n" +
        "Received: a 0-dimensional tensor.\n" +
        "Fix: pass the model's class scores, one row per sample.";

    internal static string LossIndexTargetShape(string loss, long[] input, long[] target, long[] expected)
    {
        var fix = target.Length == expected.Length + 1 && target[^1] == 1 && target[..^1].SequenceEqual(expected)
            ? $"drop the target's last dimension with target.squeeze({expected.Length})."
            : $"give one class index per sample, shape {LossShapeText(expected)}.";
        return $"{loss}: class-index targets for an output of shape {LossShapeText(input)} must have shape {LossShapeText(expected)} (the output's shape without the class dimension 1).\n" +
               $"Expected: target {LossShapeText(expected)} of class indices (int64).\n" +
               $"Received: target {LossShapeText(target)}.\n" +
               $"Fix: {fix}";
    }

    internal static string LossIndexTargetDType(string loss, string dtype) =>
        $"{loss}: class-index targets must be int64 (PyTorch's Long), as in PyTorch.\n" +
        "Expected: an int64 target.\n" +
        $"Received: a {dtype} target.\n" +
        "Fix: convert it with target.to(ScalarType.Int64).";

    internal static string LossFloatTargetLooksLikeIndices(string loss, long[] input, long[] target, string dtype) =>
        $"{loss}: the target has dtype {dtype} and shape {LossShapeText(target)}, which looks like class indices, but class indices must be int64; " +
        $"a floating-point target is read as class probabilities and must have the output's shape {LossShapeText(input)}.\n" +
        $"Expected: int64 class indices of shape {LossShapeText(target)}, or probabilities of shape {LossShapeText(input)}.\n" +
        $"Received: {dtype} values of shape {LossShapeText(target)}.\n" +
        "Fix: convert class indices with target.to(ScalarType.Int64).";

    internal static string LossProbabilityTargetShape(string loss, long[] input, long[] target) =>
        $"{loss}: class-probability targets must have the output's shape.\n" +
        $"Expected: target {LossShapeText(input)} (one probability per class and sample).\n" +
        $"Received: target {LossShapeText(target)}.\n" +
        "Fix: give one row of class probabilities per sample, or int64 class indices (one per sample).";

    internal static string LossNllNeedsIndices(string dtype) =>
        "Losses.Nll: the target must hold int64 class indices (NLLLoss has no probability targets; CrossEntropy does).\n" +
        "Expected: an int64 target.\n" +
        $"Received: a {dtype} target.\n" +
        "Fix: convert class indices with target.to(ScalarType.Int64), or use Losses.CrossEntropy for probabilities.";

    internal static string LossWeightShape(string loss, string name, long classes, long[] weight) =>
        $"{loss}: {name} must hold one value per class.\n" +
        $"Expected: {name} of shape [{classes}].\n" +
        $"Received: {name} of shape {LossShapeText(weight)}.\n" +
        $"Fix: pass {classes} values, one per class.";

    internal static string LossOptions(string loss, IReadOnlyList<string> problems) =>
        $"{loss} has {problems.Count} invalid option{(problems.Count == 1 ? "" : "s")}:\n" +
        string.Join("\n", problems.Select(p => "- " + p)) + "\n" +
        "Fix: correct the values above; every problem is reported at once.";

    internal static string LossNative(string loss, long[] input, string inputType, long[] target, string targetType, string error) =>
        $"{loss} failed in libtorch: {error}\n" +
        $"Received: output {LossShapeText(input)} ({inputType}), target {LossShapeText(target)} ({targetType}).\n" +
        "Fix: check the target values (class indices in [0, C), probabilities in [0, 1] for BCE) and dtypes (the target's dtype matches the output's for regression losses).";
}
