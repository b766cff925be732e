using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>Adam, PyTorch's <c>torch.optim.Adam</c> (L2 weight decay added to the gradient): made by <see cref="Optim.Adam(double)"/>.</summary>
public sealed class AdamSpec : OptimizerSpec<AdamSpec>
{
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    bool amsGrad;

    internal AdamSpec(double lr) : base("Optim.Adam", lr, weightDecay: 0)
    {
    }

    /// <summary>Coefficients of the running averages of the gradient and its square (PyTorch's default (0.9, 0.999)).</summary>
    /// <param name="beta1">In [0, 1).</param>
    /// <param name="beta2">In [0, 1).</param>
    public AdamSpec Betas(double beta1, double beta2) => Set(() => (this.beta1, this.beta2) = (beta1, beta2));

    /// <summary>Term added to the denominator for numerical stability (PyTorch's default 1e-8).</summary>
    /// <param name="eps">0 or more.</param>
    public AdamSpec Eps(double eps) => Set(() => this.eps = eps);

    /// <summary>The AMSGrad variant (PyTorch's <c>amsgrad=True</c>).</summary>
    /// <param name="enabled">True to enable.</param>
    public AdamSpec AmsGrad(bool enabled = true) => Set(() => amsGrad = enabled);

    private protected override void ValidateOptions(OptionProblems problems)
    {
        problems.UnitInterval("beta1", beta1);
        problems.UnitInterval("beta2", beta2);
        problems.NonNegative("eps", eps);
    }

    private protected override optim.Optimizer Create(IReadOnlyList<(Parameter[] Parameters, double? Lr, double? WeightDecay)> groups)
    {
        var defaults = new Adam.Options { LearningRate = LearningRate, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weightDecay, amsgrad = amsGrad };
        return new TrackedAdam(groups.Select(g => new Adam.ParamGroup(g.Parameters, new Adam.Options { LearningRate = g.Lr, weight_decay = g.WeightDecay })), defaults);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        SgdSpec.Describe(base.ToString(), ("Eps", eps, 1e-8), ("WeightDecay", weightDecay, 0)) +
        (beta1 != 0.9 || beta2 != 0.999 ? $".Betas({beta1}, {beta2})" : "") + (amsGrad ? ".AmsGrad()" : "");
}
