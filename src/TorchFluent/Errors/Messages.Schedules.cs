using System.Globalization;

namespace TorchFluent;

internal static partial class Messages
{
    internal static string ScheduleInvalid(string schedule, IReadOnlyList<string> problems) =>
        $"{schedule} has {problems.Count} invalid argument{(problems.Count == 1 ? "" : "s")}:\n" +
        string.Join("\n", problems.Select(p => "- " + p)) + "\n" +
        "Fix: correct the values above; every problem is reported at once.";

    internal static string ScheduleProblem(string argument, string expected, object received) =>
        $"{argument}: expected {expected}, received {Convert.ToString(received, CultureInfo.InvariantCulture)}.";

    internal static string ScheduleLambdaCount(int lambdas, int groups) =>
        $"Schedules.Lambda: one lambda per parameter group is needed, or a single lambda for all of them.\n" +
        $"Expected: 1 or {groups} lambdas.\n" +
        $"Received: {lambdas} lambdas for an optimizer with {groups} parameter groups.\n" +
        "Fix: pass one lambda, or one per group in the optimizer's group order.";

    internal static string ScheduleListCount(string schedule, string what, int count, int groups) =>
        $"{schedule}: {what} has {count} values, but the optimizer has {groups} parameter groups.\n" +
        $"Expected: 1 value, or {groups} (one per group).\n" +
        $"Received: {count}.\n" +
        "Fix: pass one value for all groups, or one per group in the optimizer's group order.";

    internal static string ScheduleNoMomentum(string optimizer) =>
        $"Schedules.OneCycle cycles the momentum, but {optimizer} has no momentum or betas (PyTorch raises the same error).\n" +
        "Expected: SGD, RMSprop (momentum) or Adam/AdamW (beta1).\n" +
        $"Received: {optimizer}.\n" +
        "Fix: pass cycleMomentum: false, or use an optimizer with momentum.";

    internal static string ScheduleOneCycleExhausted(int step, int totalSteps) =>
        $"Schedules.OneCycle was stepped past its end: this is step {step.ToString(CultureInfo.InvariantCulture)} of a schedule built for totalSteps {totalSteps.ToString(CultureInfo.InvariantCulture)} (PyTorch raises the same error).\n" +
        $"Expected: at most {totalSteps} calls of step().\n" +
        $"Received: call number {step}.\n" +
        "Fix: build it with totalSteps = epochs * batches per epoch, and step it once per batch.";

    internal const string ScheduleStepBeforeOptimizer =
        "The learning-rate scheduler was stepped before the optimizer: scheduler.step() was called while optimizer.step() has not run yet. " +
        "Call optimizer.step() first and scheduler.step() after it (PyTorch's order since 1.1.0); otherwise the first value of the schedule is skipped. " +
        "PyTorch only warns about this; TorchFluent throws by default (StepOrder(StepOrderCheck.Warn) writes a warning instead, StepOrderCheck.Ignore says nothing).";

    internal const string ScheduleSequentialEpoch =
        "Schedules.Sequential cannot jump to an epoch: step(epoch) is not supported (PyTorch's SequentialLR.step takes no epoch either).\n" +
        "Fix: call step() once per epoch.";

    internal const string ScheduleFrozen =
        "This scheduler spec has already built a scheduler, so its options can no longer change.\n" +
        "Fix: set StepOrder(...) and StepPer(...) before Build(), or make a new spec with Schedules.";

    internal static string ScheduleLearningRateDiffers(IReadOnlyList<double> rates) => OptimLearningRateDiffers(rates);
}
