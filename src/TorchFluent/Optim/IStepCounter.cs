namespace TorchFluent;

/// <summary>
/// Optimizers built or wrapped by TorchFluent count their parameter updates, so a scheduler can tell when it is
/// stepped before the optimizer (PyTorch wraps optimizer.step with a counter for the same check).
/// </summary>
internal interface IStepCounter
{
    /// <summary>How many times the optimizer has updated the parameters.</summary>
    long StepCount { get; }
}
