using System.Globalization;

namespace TorchFluent;

internal static partial class Messages
{
    internal static string WrapperInvalidArgument(string what, string expected, double received) =>
        $"{what}: expected {expected}, received {received.ToString("R", CultureInfo.InvariantCulture)}.\n" +
        "Fix: pass a value in the expected range.";

    internal static string AveragedUpdateMismatch(IReadOnlyList<string> differences) =>
        "AveragedModel.UpdateParameters: the model does not have the parameters the averaged model was made for.\n" +
        string.Join("\n", differences.Take(8).Select(d => "- " + d)) + (differences.Count > 8 ? $"\n- ... and {differences.Count - 8} more" : "") + "\n" +
        "Expected: the model passed when the averaged model was created (or one of the same architecture).\n" +
        "Fix: pass that model.";

    internal const string AveragedNoBatchNorm =
        "UpdateBatchNorm found no BatchNorm layer in the averaged model, so there are no statistics to update (PyTorch's update_bn returns without doing anything).";

    internal const string WrapperClosureWithAccumulation =
        "step(closure) is not supported while accumulating gradients: a closure re-evaluates the loss at every call, " +
        "which would mix micro-batches.\nFix: call loss.backward() yourself and step() without a closure.";

    internal static string AveragedCount(long count) => count.ToString(CultureInfo.InvariantCulture);
}
