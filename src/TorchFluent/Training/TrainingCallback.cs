namespace TorchFluent;

/// <summary>
/// Hooks into <see cref="Trainer.Fit"/> (Keras's callbacks): override what you need. Built-in ones come from
/// <see cref="Callbacks"/>. Callbacks run in the order they were added.
/// </summary>
public abstract class TrainingCallback
{
    /// <summary>Before the first epoch. Throw here to refuse a configuration (for example a monitored name the run will not record).</summary>
    public virtual void OnFitStart(TrainingContext context) { }

    /// <summary>After every epoch (training and validation done, the scheduler stepped).</summary>
    public virtual void OnEpochEnd(TrainingContext context, EpochResult epoch) { }

    /// <summary>After the last epoch, also when the run was stopped early (not when it failed or was cancelled).</summary>
    public virtual void OnFitEnd(TrainingContext context) { }
}
