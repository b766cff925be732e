namespace TorchFluent;

/// <summary>How often a training loop should call a scheduler's step(): once per epoch, or once per batch (OneCycle).</summary>
public enum ScheduleInterval
{
    /// <summary>After each epoch (LambdaLR, StepLR ... the default).</summary>
    Epoch,

    /// <summary>After each optimizer step (OneCycleLR's default).</summary>
    Batch,
}
