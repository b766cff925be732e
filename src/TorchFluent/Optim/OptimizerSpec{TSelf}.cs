namespace TorchFluent;

/// <summary>The options every optimizer spec shares; each returns the spec itself, so options chain in any order.</summary>
/// <typeparam name="TSelf">The concrete spec type.</typeparam>
public abstract class OptimizerSpec<TSelf> : OptimizerSpec where TSelf : OptimizerSpec<TSelf>
{
    private protected OptimizerSpec(string name, double lr, double weightDecay) : base(name, lr, weightDecay)
    {
    }

    /// <summary>Weight decay (L2 penalty; decoupled for AdamW), PyTorch's <c>weight_decay</c>.</summary>
    /// <param name="weightDecay">0 or more.</param>
    public TSelf WeightDecay(double weightDecay) => Set(() => this.weightDecay = weightDecay);

    /// <summary>
    /// A parameter group chosen by parameter name when the spec is built for a model (<c>Build(model)</c>), with its
    /// own learning rate and/or weight decay: <c>.Group(name =&gt; name.StartsWith("fc2."), lr: 1e-3)</c>.
    /// </summary>
    /// <param name="selectByName">Picks parameters by their name in <c>model.NamedParameters()</c>.</param>
    /// <param name="lr">The group's learning rate, or null for the spec's.</param>
    /// <param name="weightDecay">The group's weight decay, or null for the spec's.</param>
    public TSelf Group(Func<string, bool> selectByName, double? lr = null, double? weightDecay = null)
    {
        ArgumentNullException.ThrowIfNull(selectByName);
        return Set(() => namedGroups.Add((selectByName, lr, weightDecay)));
    }

    /// <summary>
    /// Clips the gradients' total norm to <paramref name="maxNorm"/> before every step (PyTorch's
    /// <c>clip_grad_norm_</c> called between backward() and step()).
    /// </summary>
    /// <param name="maxNorm">The largest total norm allowed; more than 0.</param>
    /// <param name="normType">The norm: 2 (default), 1, or double.PositiveInfinity for the largest absolute value.</param>
    public TSelf ClipGradNorm(double maxNorm, double normType = 2.0) => Set(() => clipNorm = (maxNorm, normType));

    /// <summary>Clamps every gradient value to [-clipValue, clipValue] before every step (PyTorch's <c>clip_grad_value_</c>).</summary>
    /// <param name="clipValue">0 or more.</param>
    public TSelf ClipGradValue(double clipValue) => Set(() => this.clipValue = clipValue);

    /// <summary>
    /// Accumulates gradients over <paramref name="steps"/> calls of step(): only every steps-th call updates the
    /// parameters, with the average of the accumulated gradients, and zero_grad() is skipped in between. Do not
    /// divide the loss by the number of steps yourself.
    /// </summary>
    /// <param name="steps">1 or more (1 means no accumulation).</param>
    public TSelf AccumulateGradients(int steps) => Set(() => accumulationSteps = steps);

    /// <summary>
    /// Wraps the optimizer in Lookahead (Zhang et al. 2019): every <paramref name="k"/> steps the slow weights move
    /// <paramref name="alpha"/> of the way to the fast weights, and the fast weights restart from them.
    /// </summary>
    /// <param name="k">Inner steps between synchronisations; 1 or more (paper's default 5).</param>
    /// <param name="alpha">Slow-weight step size in [0, 1] (paper's default 0.5).</param>
    public TSelf Lookahead(int k = 5, double alpha = 0.5) => Set(() => lookahead = (k, alpha));

    private protected TSelf Set(Action apply)
    {
        ThrowIfFrozen();
        apply();
        return (TSelf)this;
    }
}
