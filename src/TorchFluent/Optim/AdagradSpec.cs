using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>Adagrad, PyTorch's <c>torch.optim.Adagrad</c>: made by <see cref="Optim.Adagrad(double)"/>.</summary>
public sealed class AdagradSpec : OptimizerSpec<AdagradSpec>
{
    double lrDecay, eps = 1e-10, initialAccumulatorValue;

    internal AdagradSpec(double lr) : base("Optim.Adagrad", lr, weightDecay: 0)
    {
    }

    /// <summary>Learning-rate decay: step t uses lr / (1 + (t - 1) * lrDecay) (PyTorch's default 0).</summary>
    /// <param name="lrDecay">0 or more.</param>
    public AdagradSpec LrDecay(double lrDecay) => Set(() => this.lrDecay = lrDecay);

    /// <summary>Term added to the denominator for numerical stability (PyTorch's default 1e-10).</summary>
    /// <param name="eps">0 or more.</param>
    public AdagradSpec Eps(double eps) => Set(() => this.eps = eps);

    /// <summary>Starting value of the squared-gradient sums (PyTorch's default 0).</summary>
    /// <param name="value">0 or more.</param>
    public AdagradSpec InitialAccumulatorValue(double value) => Set(() => initialAccumulatorValue = value);

    private protected override void ValidateOptions(OptionProblems problems)
    {
        problems.NonNegative("lrDecay", lrDecay);
        problems.NonNegative("eps", eps);
        problems.NonNegative("initialAccumulatorValue", initialAccumulatorValue);
    }

    private protected override optim.Optimizer Create(IReadOnlyList<(Parameter[] Parameters, double? Lr, double? WeightDecay)> groups)
    {
        var defaults = new Adagrad.Options { LearningRate = LearningRate, lr_decay = lrDecay, eps = eps, weight_decay = weightDecay, initial_accumulator_value = initialAccumulatorValue };
        return new TrackedAdagrad(groups.Select(g => new Adagrad.ParamGroup(g.Parameters, new Adagrad.Options { LearningRate = g.Lr, weight_decay = g.WeightDecay })), defaults);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        SgdSpec.Describe(base.ToString(), ("LrDecay", lrDecay, 0), ("Eps", eps, 1e-10), ("InitialAccumulatorValue", initialAccumulatorValue, 0), ("WeightDecay", weightDecay, 0));
}
