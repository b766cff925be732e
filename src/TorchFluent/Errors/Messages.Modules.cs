namespace TorchFluent;

internal static partial class Messages
{
    static string SequentialDimsText(IEnumerable<long> dims) => "[" + string.Join(", ", dims) + "]";

    // ---- Sequential builder: each problem is one line; Build() reports them all together. ----

    internal static string SequentialProblems(IReadOnlyList<string> problems) =>
        $"The Sequential builder cannot build this model: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}.\n" +
        string.Join("\n", problems.Select(p => "- " + p)) + "\n" +
        "Fix: correct the layers listed above; every problem is reported at once.";

    internal static string SequentialLayerProblem(int index, string description, string problem) =>
        $"layer {index} ({description}): {problem}";

    internal static string SequentialMustBePositive(string name, long value) =>
        $"{name} must be at least 1. Received: {value}.";

    internal static string SequentialMustBeNonNegative(string name, long value) =>
        $"{name} must be 0 or more. Received: {value}.";

    internal static string SequentialProbability(double p) =>
        $"p is the probability of zeroing an element and must be in [0, 1]. Received: {p}.";

    internal static string SequentialCannotInfer(string what, string previous, string shape, string explicitForm) =>
        $"its {what} cannot be inferred: the output size of {previous} is {shape}. " +
        $"Expected: a known {what}. Fix: give it explicitly ({explicitForm}), or declare the sample shape first with Sequential.Create().Input(...).";

    internal static string SequentialSizeMismatch(string what, long given, long known, string previous, string fix) =>
        $"its {what} is {given}, but {previous} outputs {known}. Expected: {known}. Received: {given}. " +
        $"Fix: use {known}, or leave the size out and let the builder infer it ({fix}).";

    internal static string SequentialRank(string description, string expected, long[] sample, string fix) =>
        $"{description} expects input of shape {expected}, but the previous layer outputs (N, {string.Join(", ", sample)}). " +
        $"Fix: add {fix} before it.";

    internal static string SequentialGroups(long input, long output, long groups) =>
        $"in-channels ({input}) and out-channels ({output}) must both be divisible by groups ({groups}). " +
        "Fix: choose groups that divides both.";

    internal static string SequentialPoolPadding(long padding, long kernel) =>
        $"padding must be between 0 and half the kernel size ({kernel / 2}), as in PyTorch. Received: {padding}.";

    internal static string SequentialWindowTooLarge(long kernel, long[] sample) =>
        $"a {kernel}x{kernel} window does not fit the input (N, {string.Join(", ", sample)}): the output would be empty. " +
        "Fix: use a smaller kernel or more padding, or a larger input.";

    internal static string SequentialFlattenDims(long start, long end, int rank) =>
        $"cannot flatten dimensions {start}..{end} of a {rank}-dimensional input (the batch dimension counts, as in PyTorch). " +
        "Fix: use dimensions in range, with startDim <= endDim.";

    internal static string SequentialDim(long dim, int rank) =>
        $"dim {dim} is out of range for a {rank}-dimensional input (the batch dimension counts, as in PyTorch; use 1 for (N, C)). " +
        $"Expected: a dim in [{-rank}, {rank - 1}]. Received: {dim}.";

    internal static string SequentialInputAfterLayers(int count) =>
        $"Input(...) describes the model's input, so it must come before the first layer; it came after {count} layer{(count == 1 ? "" : "s")}. " +
        "Fix: call Input(...) right after Sequential.Create().";

    internal static string SequentialBadInput(long[] shape) =>
        $"Input(...) needs the shape of one sample, without the batch dimension, every dimension at least 1. Received: {SequentialDimsText(shape)}. " +
        "Fix: for example Input(10) for 10 features, or Input(1, 28, 28) for 28x28 grey images.";

    internal const string SequentialFrozen =
        "This Sequential builder has already built a model, so it can no longer change.\n" +
        "Expected: layers added before Build().\n" +
        "Received: a layer or Input(...) after Build().\n" +
        "Fix: start a new builder with Sequential.Create(); Build() may be called again to make another model with fresh weights.";

    internal static string SequentialRebuildWithInstance(string description) =>
        $"This Sequential builder holds a module instance ({description}) added with Add(module), so a second Build() would share it between two models.\n" +
        "Expected: one Build(), or only layers the builder creates.\n" +
        "Received: a second Build().\n" +
        "Fix: add it with Add(() => new ...) so that each Build() creates its own.";

    // ---- Module registration (TorchSharp's silent trap) and module extensions. ----

    internal static string ModuleUnregistered(string operation, IReadOnlyList<string> fields) =>
        $"{operation} cannot trust this model: {fields.Count} field{(fields.Count == 1 ? "" : "s")} hold{(fields.Count == 1 ? "s" : "")} parameters that the module never registered, " +
        "so parameters(), optimizers, state dicts, To(device) and Train()/Eval() would silently leave them out.\n" +
        string.Join("\n", fields.Select(f => "- " + f)) + "\n" +
        "Expected: every sub-module and parameter a module holds is registered.\n" +
        "Fix: derive the model from TorchFluent.CustomModule, which registers its fields for you; or call RegisterComponents() " +
        "at the end of the constructor (after every field is assigned); use nn.ModuleList / nn.ParameterList for lists.";

    internal static string ModuleSummaryInputMismatch(string model, string error) =>
        $"Summary() ran {model} on a zero input of the given shape to record output shapes, and the forward pass failed: {error}\n" +
        "Expected: an input shape the model accepts, including the batch dimension (for example Summary(1, 10)).\n" +
        "Fix: pass the shape of a real batch, or call Summary() without a shape to list layers and parameters only.";

    internal static string ModuleNotCopyable(string what, IReadOnlyList<string> differences) =>
        $"{what}: the copy does not have the same parameters and buffers as the model.\n" +
        string.Join("\n", differences.Take(8).Select(d => "- " + d)) + (differences.Count > 8 ? $"\n- ... and {differences.Count - 8} more" : "") + "\n" +
        "Expected: a second instance of the same architecture (same names and shapes).\n" +
        "Fix: pass a fresh instance built the same way as the model, for example a second Build() of the same Sequential builder.";
}
