using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>RMSprop, PyTorch's <c>torch.optim.RMSprop</c>: made by <see cref="Optim.RmsProp(double)"/>.</summary>
public sealed class RmsPropSpec : OptimizerSpec<RmsPropSpec>
{
    double alpha = 0.99, eps = 1e-8, momentum;
    bool centered;

    internal RmsPropSpec(double lr) : base("Optim.RmsProp", lr, weightDecay: 0)
    {
    }

    /// <summary>Smoothing constant of the squared-gradient average (PyTorch's default 0.99).</summary>
    /// <param name="alpha">0 or more.</param>
    public RmsPropSpec Alpha(double alpha) => Set(() => this.alpha = alpha);

    /// <summary>Term added to the denominator for numerical stability (PyTorch's default 1e-8).</summary>
    /// <param name="eps">0 or more.</param>
    public RmsPropSpec Eps(double eps) => Set(() => this.eps = eps);

    /// <summary>Momentum factor (PyTorch's default 0).</summary>
    /// <param name="momentum">0 or more.</param>
    public RmsPropSpec Momentum(double momentum) => Set(() => this.momentum = momentum);

    /// <summary>Centered RMSprop: normalise by an estimate of the gradient's variance.</summary>
    /// <param name="enabled">True to enable.</param>
    public RmsPropSpec Centered(bool enabled = true) => Set(() => centered = enabled);

    private protected override void ValidateOptions(OptionProblems problems)
    {
        problems.NonNegative("alpha", alpha);
        problems.NonNegative("eps", eps);
        problems.NonNegative("momentum", momentum);
    }

    private protected override optim.Optimizer Create(IReadOnlyList<(Parameter[] Parameters, double? Lr, double? WeightDecay)> groups)
    {
        var defaults = new RMSProp.Options { LearningRate = LearningRate, alpha = alpha, eps = eps, weight_decay = weightDecay, momentum = momentum, centered = centered };
        return new TrackedRmsProp(groups.Select(g => new RMSProp.ParamGroup(g.Parameters, new RMSProp.Options { LearningRate = g.Lr, weight_decay = g.WeightDecay })), defaults);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        SgdSpec.Describe(base.ToString(), ("Alpha", alpha, 0.99), ("Eps", eps, 1e-8), ("Momentum", momentum, 0), ("WeightDecay", weightDecay, 0)) + (centered ? ".Centered()" : "");
}
