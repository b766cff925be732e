using static TorchSharp.torch.optim;

namespace TorchFluent;

/// <summary>
/// One learning-rate schedule, ported from PyTorch 1.13's <c>torch/optim/lr_scheduler.py</c>: the "chainable" form
/// (each value computed from the group's current lr, as step() does) and, where PyTorch has one, the closed form
/// (used by step(epoch)). Rules read and write the optimizer's parameter-group learning rates directly, so rules
/// composed by SequentialLR interact exactly as PyTorch's schedulers do.
/// </summary>
internal abstract class ScheduleRule
{
    protected IReadOnlyList<ILearningRateController> Groups { get; private set; } = [];

    /// <summary>The groups' initial learning rates when the rule was attached (PyTorch's <c>base_lrs</c>).</summary>
    protected double[] BaseLrs { get; private set; } = [];

    /// <summary>PyTorch's <c>last_epoch</c>: -1 before the initial step, then the number of steps.</summary>
    public int LastEpoch { get; set; } = -1;

    /// <summary>The learning rates the last step set (PyTorch's <c>get_last_lr()</c>).</summary>
    public double[] LastLrs { get; private set; } = [];

    /// <summary>
    /// Attaches to the optimizer and performs the initial step, as a PyTorch scheduler's constructor does.
    /// Rules that set the groups' initial learning rate (OneCycle) do so in <see cref="Prepare"/>, before base lrs are read.
    /// </summary>
    public virtual void Attach(Optimizer optimizer)
    {
        Groups = optimizer.ParamGroups.ToList();
        Prepare(optimizer);
        BaseLrs = Groups.Select(g => g.InitialLearningRate).ToArray();
        Step(null);
    }

    /// <summary>Checks the rule against the optimizer and sets what PyTorch sets before <c>base_lrs</c> are read.</summary>
    protected virtual void Prepare(Optimizer optimizer)
    {
    }

    /// <summary>Advances the schedule (or jumps to <paramref name="epoch"/>) and writes the new rates into the groups.</summary>
    public virtual double[] Step(int? epoch)
    {
        LastEpoch = epoch ?? LastEpoch + 1;
        var lrs = epoch is null ? ChainedLr() : ClosedFormLr() ?? ChainedLr();
        Apply(lrs);
        return lrs;
    }

    protected void Apply(double[] lrs)
    {
        for (var i = 0; i < Groups.Count; i++) Groups[i].LearningRate = lrs[i];
        LastLrs = lrs;
    }

    protected void SetLastLrs(double[] lrs) => LastLrs = lrs;

    /// <summary>PyTorch's <c>get_lr()</c>.</summary>
    protected abstract double[] ChainedLr();

    /// <summary>PyTorch's <c>_get_closed_form_lr()</c>, or null when the schedule has none.</summary>
    protected virtual double[]? ClosedFormLr() => null;

    /// <summary>The group's current learning rate (PyTorch's <c>group['lr']</c>).</summary>
    protected double Lr(int group) => Groups[group].LearningRate;

    protected double[] Each(Func<int, double> value) => Enumerable.Range(0, Groups.Count).Select(value).ToArray();
}
