using System.Globalization;

namespace TorchFluent;

internal static partial class Messages
{
    internal static string OptimInvalidOptions(string spec, IReadOnlyList<string> problems) =>
        $"{spec} has {problems.Count} invalid option{(problems.Count == 1 ? "" : "s")}:\n" +
        string.Join("\n", problems.Select(p => "- " + p)) + "\n" +
        "Fix: correct the values above; every problem is reported at once (PyTorch checks the same limits, one at a time).";

    internal static string OptimProblem(string option, string expected, double received) =>
        $"{option}: expected {expected}, received {received.ToString("R", CultureInfo.InvariantCulture)}.";

    internal const string OptimNesterov =
        "nesterov: Nesterov momentum needs momentum > 0 and dampening 0 (as in PyTorch).";

    internal const string OptimNoParameters =
        "parameters: the optimizer got an empty parameter list (PyTorch raises the same error). " +
        "If the model has parameters, check that its sub-modules are registered (derive it from CustomModule).";

    internal static string OptimGroupEmpty(int group) =>
        $"group {group}: it holds no parameters; every parameter group needs at least one.";

    internal static string OptimDuplicateParameter(int first, int second) =>
        $"parameters: a parameter appears in group {first} and in group {second}; " +
        "each parameter may belong to one group only (PyTorch raises the same error).";

    internal static string OptimNamedGroupEmpty(int index) =>
        $"Group #{index + 1}: its name filter selected no parameter of the model (check the names with model.NamedParameters()).";

    internal const string OptimNamedGroupsNeedModel =
        "Group(...): groups chosen by parameter name need the model; call Build(model) instead of Build(parameters).";

    internal const string OptimFrozen =
        "This optimizer spec has already built an optimizer, so its options can no longer change.\n" +
        "Expected: options set before Build().\n" +
        "Received: an option after Build().\n" +
        "Fix: set every option before the first Build(), or start a new spec (Optim.Sgd(...), Optim.Adam(...) ...).";

    internal static string OptimLearningRateDiffers(IReadOnlyList<double> rates) =>
        $"This optimizer's parameter groups use different learning rates ({string.Join(", ", rates.Select(r => r.ToString("R", CultureInfo.InvariantCulture)))}), so there is no single learning rate.\n" +
        "Expected: one parameter group, or groups with the same learning rate.\n" +
        $"Received: {rates.Count} groups with different rates.\n" +
        "Fix: read LearningRates (one per group).";
}
