using static TorchSharp.torch;

namespace TorchFluent;

/// <summary>
/// A learning-rate schedule that is built for an optimizer later: made by <see cref="Schedules"/>, built with
/// <see cref="Build"/> (or by a trainer). After the first <see cref="Build"/> its options are frozen; each Build
/// makes a new <see cref="Scheduler"/>.
/// </summary>
public sealed class SchedulerSpec
{
    readonly Func<ScheduleRule> createRule;
    bool frozen;

    internal SchedulerSpec(string description, Func<ScheduleRule> createRule, ScheduleInterval interval)
    {
        Description = description;
        this.createRule = createRule;
        Interval = interval;
    }

    /// <summary>The schedule as code, for messages and logs.</summary>
    public string Description { get; }

    /// <summary>How often a training loop should call step(): per epoch (default), or per batch (OneCycle).</summary>
    public ScheduleInterval Interval { get; private set; }

    /// <summary>What happens when the first step() comes before any optimizer.step() (default: throw).</summary>
    public StepOrderCheck OrderCheck { get; private set; } = StepOrderCheck.Throw;

    /// <summary>Sets how often a training loop should step the scheduler.</summary>
    /// <param name="interval">Per epoch or per batch.</param>
    public SchedulerSpec StepPer(ScheduleInterval interval)
    {
        ThrowIfFrozen();
        Interval = interval;
        return this;
    }

    /// <summary>Sets what happens when step() comes before any optimizer.step(): throw (default), warn (PyTorch's behaviour), or ignore.</summary>
    /// <param name="check">The policy.</param>
    public SchedulerSpec StepOrder(StepOrderCheck check)
    {
        ThrowIfFrozen();
        OrderCheck = check;
        return this;
    }

    /// <summary>
    /// Builds the scheduler for <paramref name="optimizer"/> and applies the schedule's first value (epoch 0) to its
    /// learning rates, as PyTorch's scheduler constructors do.
    /// </summary>
    /// <param name="optimizer">The optimizer whose learning rates to schedule.</param>
    /// <exception cref="ArgumentException">The schedule does not fit the optimizer (for example one lambda per group, but a different number of groups).</exception>
    public Scheduler Build(optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        frozen = true;
        return new Scheduler(optimizer, createRule(), OrderCheck, Interval, Description);
    }

    internal ScheduleRule CreateRule() => createRule();

    void ThrowIfFrozen()
    {
        if (frozen) throw new InvalidOperationException(Messages.ScheduleFrozen);
    }

    /// <inheritdoc/>
    public override string ToString() => Description;
}
