using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace TorchFluent;

/// <summary>
/// A learning-rate scheduler built from a <see cref="SchedulerSpec"/>: a TorchSharp <c>LRScheduler</c> (call
/// <c>step()</c> after <c>optimizer.step()</c>, once per epoch or per batch) whose schedules are PyTorch 1.13's, with
/// what TorchSharp's lacks: <see cref="LastEpoch"/>, the rates it set (<see cref="LearningRates"/>), and detection
/// of a first step() before any optimizer.step() (see <see cref="StepOrderCheck"/>).
/// </summary>
/// <remarks>
/// The step-order check needs an optimizer built or wrapped by TorchFluent (<see cref="Optim"/>), which counts its
/// steps; with an optimizer made by raw TorchSharp there is nothing to compare with, and no check.
/// </remarks>
public sealed class Scheduler : lr_scheduler.LRScheduler
{
    readonly ScheduleRule rule;
    readonly long optimizerStepsAtStart;
    bool attached;
    bool checkedOrder;
    int? pendingEpoch;

    internal Scheduler(Optimizer optimizer, ScheduleRule rule, StepOrderCheck orderCheck, ScheduleInterval interval, string description)
        : base(optimizer, -1, false)
    {
        Optimizer = optimizer;
        this.rule = rule;
        OrderCheck = orderCheck;
        Interval = interval;
        Description = description;
        // PyTorch's scheduler constructor resets the optimizer's step counter; a baseline does the same here.
        optimizerStepsAtStart = (optimizer as IStepCounter)?.StepCount ?? 0;
        base.step(); // the initial step: lr(0), as PyTorch's constructor applies it
    }

    /// <summary>The optimizer whose learning rates this scheduler sets.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>PyTorch's <c>last_epoch</c>: 0 after construction, then one more per step() (5 after five steps).</summary>
    public int LastEpoch => rule.LastEpoch;

    /// <summary>The learning rates the last step set, one per parameter group (PyTorch's <c>get_last_lr()</c>).</summary>
    public IReadOnlyList<double> LearningRates => rule.LastLrs;

    /// <summary>The learning rate the last step set, when every group has the same one.</summary>
    /// <exception cref="InvalidOperationException">The groups' rates differ (read <see cref="LearningRates"/>).</exception>
    public double LearningRate
    {
        get
        {
            var rates = rule.LastLrs;
            if (rates.Length == 0 || rates.Any(r => r != rates[0])) throw new InvalidOperationException(Messages.ScheduleLearningRateDiffers(rates));
            return rates[0];
        }
    }

    /// <summary>What happens when step() comes before any optimizer.step().</summary>
    public StepOrderCheck OrderCheck { get; }

    /// <summary>How often a training loop should call step().</summary>
    public ScheduleInterval Interval { get; }

    /// <summary>The schedule as code, for logs: <c>Schedules.Lambda(...)</c>.</summary>
    public string Description { get; }

    /// <summary>Advances the schedule by one epoch (or batch), or, with <paramref name="epoch"/>, jumps to it (PyTorch's deprecated closed form).</summary>
    /// <param name="epoch">null to advance; an epoch to jump to.</param>
    /// <exception cref="InvalidOperationException">The first step() came before any optimizer.step() and <see cref="OrderCheck"/> is Throw.</exception>
    public override void step(int? epoch)
    {
        if (attached && !checkedOrder)
        {
            CheckOrder();
            checkedOrder = true;
        }
        pendingEpoch = epoch;
        base.step(epoch);
    }

    void CheckOrder()
    {
        if (OrderCheck == StepOrderCheck.Ignore || Optimizer is not IStepCounter counter || counter.StepCount > optimizerStepsAtStart) return;
        if (OrderCheck == StepOrderCheck.Throw) throw new InvalidOperationException(Messages.ScheduleStepBeforeOptimizer);
        Console.Error.WriteLine("warning: " + Messages.ScheduleStepBeforeOptimizer);
    }

    /// <summary>Computes the next learning rates (called by the base class's step; never call it yourself).</summary>
    protected override IEnumerable<double> get_lr()
    {
        if (attached) return rule.Step(pendingEpoch);
        rule.Attach(Optimizer);
        attached = true;
        return rule.LastLrs;
    }

    /// <summary>Computes the learning rates for step(epoch) (called by the base class's step).</summary>
    protected override IEnumerable<double> get_closed_form_lr() => get_lr();

    /// <inheritdoc/>
    public override string ToString() => Description;
}
