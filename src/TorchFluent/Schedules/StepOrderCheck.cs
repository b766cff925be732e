namespace TorchFluent;

/// <summary>
/// What a <see cref="Scheduler"/> does when its first step() comes before any optimizer.step() (the mistake PyTorch
/// warns about: the first value of the schedule is then never used).
/// </summary>
public enum StepOrderCheck
{
    /// <summary>Throw an <see cref="InvalidOperationException"/> (TorchFluent's default).</summary>
    Throw,

    /// <summary>Write one warning line to standard error, as Python's warnings do, and go on (PyTorch's behaviour).</summary>
    Warn,

    /// <summary>Say nothing.</summary>
    Ignore,
}
