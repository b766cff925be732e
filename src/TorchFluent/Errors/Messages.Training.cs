using System.Globalization;

namespace TorchFluent;

internal static partial class Messages
{
    internal static string TrainingInvalidOptions(string what, IReadOnlyList<string> problems) =>
        $"{what} has {problems.Count} invalid option{(problems.Count == 1 ? "" : "s")}:\n" +
        string.Join("\n", problems.Select(p => "- " + p)) + "\n" +
        "Fix: correct the values above; every problem is reported at once.";

    internal const string TrainerBuilderFrozen =
        "This TrainerBuilder has already built a trainer and cannot be changed. " +
        "Expected: options set before Build() or Fit(). Fix: start a new one with Trainer.For(model).";

    internal static string TrainerEpochs(int epochs) =>
        $"Fit needs at least one epoch. Expected: epochs >= 1. Received: {epochs.ToString(CultureInfo.InvariantCulture)}. Fix: pass epochs: 1 or more.";

    internal static string TrainerNoBatches(string what) =>
        $"{what} produced no batches, so there is nothing to average. Expected: at least one batch. " +
        "Received: an empty sequence (an empty dataset, or a loader with DropLast and fewer samples than one batch). " +
        "Fix: check the dataset's Count and the loader's batch size.";

    /// <summary>The operation name of a trainer step that failed in libtorch: "Trainer model forward (training batch 3)".</summary>
    internal static string TrainerStep(string step, TrainingPhase phase, int batch) =>
        $"Trainer {step} ({phase.ToString().ToLowerInvariant()} batch {batch})";

    internal static string MetricShapes(string metric, long[] output, long[] target) =>
        $"The {metric} metric cannot compare the output with the target. Expected: one target per output " +
        $"(class indices (N) for an (N, C) output, or as many elements as the output). " +
        $"Received: output {TrainingShape(output)}, target {TrainingShape(target)}. Fix: check that the loader's Y matches the model's output.";

    internal static string MetricName(string? name) =>
        $"A metric needs a name the history can use. Expected: letters, digits and '_', not starting with \"val_\" and not \"loss\" or \"lr\". " +
        $"Received: \"{name}\". Fix: pick another name.";

    internal static string HistoryKey(string name, IReadOnlyList<string> keys) =>
        $"The history has no \"{name}\". Expected one of: {string.Join(", ", keys)}. " +
        "Fix: use a recorded name (validation values exist only when Fit got a validation set).";

    internal static string CallbackMonitorMissing(string callback, string monitor, IReadOnlyList<string> keys) =>
        $"{callback} monitors \"{monitor}\", which this run will not record. Expected one of: {string.Join(", ", keys)}. " +
        "Fix: monitor a recorded name, or pass a validation set to Fit for \"val_\" names.";

    static string TrainingShape(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
