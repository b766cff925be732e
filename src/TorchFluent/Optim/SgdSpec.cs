using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>Stochastic gradient descent, PyTorch's <c>torch.optim.SGD</c>: made by <see cref="Optim.Sgd(double)"/>.</summary>
public sealed class SgdSpec : OptimizerSpec<SgdSpec>
{
    double momentum, dampening;
    bool nesterov;

    internal SgdSpec(double lr) : base("Optim.Sgd", lr, weightDecay: 0)
    {
    }

    /// <summary>Momentum factor (PyTorch's default 0: plain SGD).</summary>
    /// <param name="momentum">0 or more, typically 0.9.</param>
    public SgdSpec Momentum(double momentum) => Set(() => this.momentum = momentum);

    /// <summary>Dampening for momentum (PyTorch's default 0).</summary>
    /// <param name="dampening">0 or more.</param>
    public SgdSpec Dampening(double dampening) => Set(() => this.dampening = dampening);

    /// <summary>Nesterov momentum (needs momentum &gt; 0 and dampening 0).</summary>
    /// <param name="enabled">True to enable.</param>
    public SgdSpec Nesterov(bool enabled = true) => Set(() => nesterov = enabled);

    private protected override void ValidateOptions(OptionProblems problems)
    {
        problems.NonNegative("momentum", momentum);
        problems.NonNegative("dampening", dampening);
        if (nesterov && (momentum <= 0 || dampening != 0)) problems.Add("nesterov", Messages.OptimNesterov);
    }

    private protected override optim.Optimizer Create(IReadOnlyList<(Parameter[] Parameters, double? Lr, double? WeightDecay)> groups)
    {
        var defaults = new SGD.Options { LearningRate = LearningRate, momentum = momentum, dampening = dampening, weight_decay = weightDecay, nesterov = nesterov };
        return new TrackedSgd(groups.Select(g => new SGD.ParamGroup(g.Parameters, new SGD.Options { LearningRate = g.Lr, weight_decay = g.WeightDecay })), defaults);
    }

    /// <inheritdoc/>
    public override string ToString() => Describe(base.ToString(), ("Momentum", momentum, 0), ("Dampening", dampening, 0), ("WeightDecay", weightDecay, 0)) + (nesterov ? ".Nesterov()" : "");

    internal static string Describe(string head, params (string Name, double Value, double Default)[] options) =>
        head + string.Concat(options.Where(o => o.Value != o.Default).Select(o => $".{o.Name}({o.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})"));
}
